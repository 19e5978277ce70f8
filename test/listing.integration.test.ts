// GET /api/articles: newest first, the contract's filters, paging that reaches every article exactly
// once, embargoes that never shorten a page, takedowns and moves that reach every listing, and a cost
// in KV operations that does not grow with the archive.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import { allIds, article, call, del, ORIGIN, put, TOKEN } from "./helpers/api.ts";
import { countKv, watchKv } from "./helpers/faults.ts";
import { seedDirect, storedArticle } from "./helpers/kv.ts";

/** As a newsroom script reads the listing: live, never a cached copy. */
const live = { headers: { authorization: `Bearer ${TOKEN}` } };

async function publish(id: string, fields: Record<string, unknown>) {
  const res = await put(id, article(fields));
  expect([200, 201]).toContain(res.status);
}

async function problemFor(query: string) {
  const res = await call(`/api/articles${query}`);
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return ((await res.json()) as { errors: { path: string; message: string }[] }).errors;
}

describe("listing filters", async () => {
  await publish("lst-taliban", {
    category: "World News",
    keywords: ["Russia Taliban Relations", "Diplomacy"],
    publishedAt: "2026-11-20T10:00:00Z",
  });
  await publish("lst-cafe", {
    headline: "Café owners protest rent rise",
    category: "Business",
    keywords: ["Économie", "Rent"],
    publishedAt: "2026-11-19T10:00:00Z",
  });
  await publish("lst-arctic", {
    headline: "Arctic ice survey finds thinning",
    category: "Science",
    keywords: "Climate; Arctic Research",
    publishedAt: "2026-11-18T10:00:00Z",
  });
  await publish("lst-climate", {
    headline: "Climate talks stall over funding",
    category: "World News",
    keywords: ["Climate", "Diplomacy"],
    publishedAt: "2026-11-17T10:00:00Z",
  });

  it("lists newest first", async () => {
    const ids = (await allIds()).filter((id) => id.startsWith("lst-"));
    expect(ids).toEqual(["lst-taliban", "lst-cafe", "lst-arctic", "lst-climate"]);
  });

  it("filters by category slug or name, repeatable as any-of", async () => {
    expect(await allIds("?category=world-news")).toEqual(
      expect.arrayContaining(["lst-taliban", "lst-climate"]),
    );
    expect((await allIds("?category=World%20News")).filter((i) => i.startsWith("lst-"))).toEqual([
      "lst-taliban",
      "lst-climate",
    ]);
    expect((await allIds("?category=science&category=business")).filter((i) => i.startsWith("lst-"))).toEqual(
      ["lst-cafe", "lst-arctic"],
    );
  });

  it("matches a keyword term ignoring case and accents, as a whole keyword or one word of a phrase", async () => {
    expect(await allIds("?keyword=taliban")).toEqual(["lst-taliban"]);
    expect(await allIds("?keyword=Russia%20Taliban%20Relations")).toEqual(["lst-taliban"]);
    expect(await allIds("?keyword=economie")).toEqual(["lst-cafe"]);
    expect(await allIds("?keyword=ÉCONOMIE")).toEqual(["lst-cafe"]);
    expect(await allIds("?keyword=taliban%20russia")).toEqual([]);
  });

  it("needs all keyword terms when repeated", async () => {
    expect(await allIds("?keyword=climate&keyword=diplomacy")).toEqual(["lst-climate"]);
  });

  it("searches words of headline, subheadline and keywords with q, and removes items with exclude", async () => {
    expect(await allIds("?q=cafe%20rent")).toEqual(["lst-cafe"]);
    expect(await allIds("?q=arctic")).toEqual(["lst-arctic"]);
    expect(await allIds("?keyword=climate&exclude=arctic")).toEqual(["lst-climate"]);
    expect(await allIds("?category=world-news&exclude=Russia%20Taliban%20Relations")).not.toContain(
      "lst-taliban",
    );
  });

  it("rejects unknown and malformed parameters with a 400 that names them", async () => {
    expect(await problemFor("?catgory=x")).toEqual([
      {
        path: "catgory",
        message: "unknown parameter; use category, keyword, q, exclude, limit, cursor or status",
      },
    ]);
    expect((await problemFor("?limit=0"))[0]?.path).toBe("limit");
    expect((await problemFor("?limit=101"))[0]?.path).toBe("limit");
    expect((await problemFor("?limit=ten"))[0]?.path).toBe("limit");
    expect((await problemFor("?limit=1&limit=2"))[0]).toEqual({
      path: "limit",
      message: "may be given only once",
    });
    expect((await problemFor("?cursor=garbage!"))[0]?.path).toBe("cursor");
    expect((await problemFor("?keyword=%20"))[0]?.path).toBe("keyword");
  });

  it("refuses a cursor made for other filters", async () => {
    const first = (await (await call("/api/articles?limit=1")).json()) as { next_url: string };
    const cursor = new URL(first.next_url).searchParams.get("cursor");
    expect((await problemFor(`?category=science&cursor=${cursor}`))[0]?.message).toMatch(/other filters/);
  });
});

describe("paging, embargo, takedown and moves", () => {
  it("reaches every article exactly once by following next_url, with full pages of visible articles", {
    timeout: 60_000,
  }, async () => {
    for (let i = 0; i < 12; i++)
      await publish(`pg-${i}`, {
        category: "Paging",
        publishedAt: `2026-10-${String(10 + i).padStart(2, "0")}T10:00:00Z`,
      });
    // Embargoed and taken-down articles sit among them and must not take a slot.
    await publish("pg-embargoed", { category: "Paging", publishedAt: "2099-01-01T00:00:00Z" });
    await publish("pg-gone", { category: "Paging", publishedAt: "2026-10-15T12:00:00Z" });
    await del("pg-gone");

    const pages: string[][] = [];
    let url: string | null = `/api/articles?category=paging&limit=5`;
    while (url) {
      const page = (await (await call(url.replace(ORIGIN, ""), live)).json()) as {
        items: { id: string }[];
        next_url: string | null;
      };
      pages.push(page.items.map((i) => i.id));
      url = page.next_url;
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(Array.from({ length: 12 }, (_, i) => `pg-${11 - i}`));
  });

  it("keeps an embargoed article out of listings and its page until its time", async () => {
    await publish("embargoed-story", { category: "Embargo", publishedAt: "2099-06-01T09:00:00Z" });
    expect(await allIds("?category=embargo")).toEqual([]);
    expect((await call("/api/articles/embargoed-story")).status).toBe(404);
  });

  it("shows an embargoed article once its time has come", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    await publish("lifts-soon", { category: "Lifting", publishedAt: soon });
    expect(await allIds("?category=lifting")).toEqual([]);
    advanceClock(61_000); // the service's clock moves past the embargo; its writer's alarm lifts it
    try {
      await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName("lifts-soon")));
      expect(await allIds("?category=lifting")).toEqual(["lifts-soon"]);
    } finally {
      setClock();
    }
  });

  it("moves an article when an update changes its category and keywords", async () => {
    await publish("mover", { category: "Old Desk", keywords: ["Before"] });
    await publish("mover", { category: "New Desk", keywords: ["After"] });
    expect(await allIds("?category=old-desk")).toEqual([]);
    expect(await allIds("?keyword=before")).toEqual([]);
    expect(await allIds("?category=new-desk")).toEqual(["mover"]);
    expect(await allIds("?keyword=after")).toEqual(["mover"]);
  });

  it("removes a taken-down article from every listing", async () => {
    await publish("removed", { category: "Removal", keywords: ["Vanishing Act"] });
    await del("removed");
    expect(await allIds("?category=removal")).toEqual([]);
    expect(await allIds("?keyword=vanishing")).toEqual([]);
    expect(await allIds()).not.toContain("removed");
  });
});

describe("cost", () => {
  async function opsForFirstPage() {
    const { result: res, counts } = await countKv(() =>
      call("/api/articles?category=archive&limit=20", live),
    );
    const body = (await res.json()) as { items: unknown[] };
    expect(body.items).toHaveLength(20);
    return counts;
  }

  it("costs the same KV operations for 20 articles whether 20 or 1,000 are stored", {
    timeout: 180_000,
  }, async () => {
    await seedDirect(Array.from({ length: 20 }, (_, i) => storedArticle(100_000 + i)));
    const small = await opsForFirstPage();
    await seedDirect(Array.from({ length: 980 }, (_, i) => storedArticle(i)));
    const large = await opsForFirstPage();
    expect(large).toEqual(small);
    expect(small).toEqual({ get: 0, bulkGet: 1, list: 1, put: 0, delete: 0 });
  });

  it("publishes with one record write plus one index write per scope, and an update deletes only what moved", async () => {
    const id = "counted-writes";
    const counted = watchKv();
    onTestFinished(counted.heal);
    // Keywords "Harbour Bridge" and "Bridge Repairs" have three distinct words.
    // item fragments + record + all + category + 3 words (the category registry is a Durable Object).
    const kw = ["Harbour Bridge", "Bridge Repairs"];
    expect((await put(id, article({ keywords: kw, category: "Count Desk" }))).status).toBe(201);
    // Then the writer builds the site feed and the category feed ahead of readers: one list each.
    expect(counted.counts).toMatchObject({ put: 1 + 1 + 1 + 1 + 3, delete: 0, list: 2 });
    // Changing the subheadline: the same keys again; the registry is read, not rewritten.
    expect(
      (await put(id, article({ keywords: kw, category: "Count Desk", subheadline: "Changed" }))).status,
    ).toBe(200);
    expect(counted.counts).toMatchObject({ put: 7 + 7, delete: 0, list: 2 + 2 });
    // Moving to another category deletes the one index key that moved (and registers the new category).
    expect((await put(id, article({ keywords: kw, category: "Moved Desk" }))).status).toBe(200);
    // Three feeds to build (site, old and new category); the emptied old category reads the registry.
    expect(counted.counts).toMatchObject({ put: 14 + 7, delete: 1, list: 4 + 3 });
  });
});
