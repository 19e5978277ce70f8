// One article's whole life as every consumer sees it: publish → correction → takedown → restore,
// checked at each step in every format, on the page, in the changes feed, in Last-Modified and
// If-Modified-Since, and in what the WebSub hub hears; then an embargoed article taken down before
// its time, which must leave no public trace at all.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import app from "../src/index.ts";
import { article, ORIGIN, TOKEN } from "./helpers/api.ts";

const HUB = "https://hub.example/";
const hubEnv = { ...env, WEBSUB_HUB: HUB } as unknown as Env;
const START = Date.parse("2026-12-01T10:00:00.250Z");

function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
    hubEnv,
  );
}
/** A reader's request: no token. */
const read = (path: string, headers: Record<string, string> = {}) =>
  app.fetch(new Request(`${ORIGIN}${path}`, { headers }), hubEnv);

let pinged: string[] = [];
const realFetch = globalThis.fetch;
beforeEach(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(HUB)) return realFetch(input, init);
    const form = new URLSearchParams(init?.body instanceof URLSearchParams ? init.body : String(init?.body));
    pinged.push(...form.getAll("hub.url"));
    return new Response(null, { status: 204 });
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  setClock();
});

/** The hub URLs the id's writer sends on its alarm, once each. */
async function hubHears(id: string): Promise<string[]> {
  pinged = [];
  await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(id)));
  return [...new Set(pinged)].sort();
}

interface Change {
  id: string;
  kind: string;
  version: number;
  reason?: string;
}
/** Every change of `id`, following next_url from the start until a page comes back empty. */
async function changesOf(id: string, query = ""): Promise<Change[]> {
  const out: Change[] = [];
  let url = `/api/changes${query}`;
  for (let i = 0; i < 50; i++) {
    const page = (await (await read(url)).json()) as { items: Change[]; next_url: string };
    out.push(...page.items.filter((c) => c.id === id));
    if (page.items.length === 0) break;
    url = new URL(page.next_url).pathname + new URL(page.next_url).search;
  }
  return out.map((c) => ({
    id,
    kind: c.kind,
    version: c.version,
    ...(c.reason ? { reason: c.reason } : {}),
  }));
}

interface Validators {
  etag: string;
  lastModified: string;
  body: string;
}
async function validators(path: string): Promise<Validators> {
  const res = await read(path);
  expect(res.status, path).toBe(200);
  return {
    etag: res.headers.get("etag") ?? "",
    lastModified: res.headers.get("last-modified") ?? "",
    body: await res.text(),
  };
}

const FEEDS = [
  "/feed.xml",
  "/feed.atom",
  "/feed.json",
  "/category/life-desk/feed.xml",
  "/category/life-desk/feed.atom",
];
const SITE_FEEDS = ["xml", "atom", "json"].flatMap((f) => [
  `${ORIGIN}/feed.${f}`,
  `${ORIGIN}/category/life-desk/feed.${f}`,
]);

/** Every feed moved on from `before`: new ETag, and a client revalidating with its old date gets 200. */
async function allMoved(before: Record<string, Validators>): Promise<Record<string, Validators>> {
  const now: Record<string, Validators> = {};
  for (const path of FEEDS) {
    now[path] = await validators(path);
    expect(now[path].etag, path).not.toBe(before[path]?.etag);
    const old = before[path]?.lastModified as string;
    expect((await read(path, { "if-modified-since": old })).status, `${path} since ${old}`).toBe(200);
    expect(Date.parse(now[path].lastModified)).toBeGreaterThan(Date.parse(old));
  }
  return now;
}

describe("one article's life", () => {
  const ID = "life-one";
  const base = article({ headline: "Harbour tunnel opens", category: "Life Desk", keywords: ["Tunnels"] });

  // About 40 requests and 4 writes: vitest's own 5 s limit is not what this test is about.
  it("publish → correction → takedown → restore reaches every format, the page, the changes feed and the hub", {
    timeout: 120_000,
  }, async () => {
    setClock(() => START);
    // Publish.
    const created = await req("PUT", `/api/articles/${ID}`, base);
    expect(created.status).toBe(201);
    const v1 = (await created.json()) as {
      version: number;
      firstPublishedAt: string;
      publishedAt: string;
      itemId: string;
    };
    expect(v1.version).toBe(1);
    expect(v1.firstPublishedAt).toBe(v1.publishedAt);
    expect(
      (await hubHears(ID)).filter((u) => u.endsWith(".atom") || u.endsWith(".xml") || u.endsWith(".json")),
    ).toEqual([...SITE_FEEDS, `${ORIGIN}/changes.atom`].sort());
    expect(await changesOf(ID)).toEqual([{ id: ID, kind: "create", version: 1 }]);
    let seen: Record<string, Validators> = {};
    for (const path of FEEDS) seen[path] = await validators(path);
    const json = JSON.parse(seen["/feed.json"]?.body ?? "{}") as {
      items: { id: string; _edgewire: { version: number } }[];
    };
    expect(json.items[0]?._edgewire.version).toBe(1);
    expect(seen["/feed.xml"]?.body).toContain("<atom:updated>2026-12-01T10:00:00.250Z</atom:updated>");
    // A client that revalidates by date alone within the second of the change still gets the feed.
    expect(
      (await read("/feed.xml", { "if-modified-since": seen["/feed.xml"]?.lastModified ?? "" })).status,
    ).toBe(200);
    // Once that second is over, Last-Modified names the next one, and revalidating with it is a 304.
    advanceClock(1_000);
    const settled = (await read("/feed.xml")).headers.get("last-modified") as string;
    expect(settled).toBe("Tue, 01 Dec 2026 10:00:01 GMT");
    expect((await read("/feed.xml", { "if-modified-since": settled })).status).toBe(304);
    for (const path of FEEDS) seen[path] = await validators(path);

    // A correction.
    advanceClock(60_000);
    const corrected = await req("PUT", `/api/articles/${ID}`, {
      ...base,
      body: "The tunnel opened on Tuesday.\nIt carries two lanes.",
      correction: "An earlier version gave the wrong day.",
    });
    expect(corrected.status).toBe(200);
    const v2 = (await corrected.json()) as {
      version: number;
      firstPublishedAt: string;
      corrections: unknown[];
    };
    expect(v2.version).toBe(2);
    expect(v2.firstPublishedAt).toBe(v1.firstPublishedAt);
    expect(v2.corrections).toEqual([
      { note: "An earlier version gave the wrong day.", at: "2026-12-01T10:01:01.250Z", version: 2 },
    ]);
    seen = await allMoved(seen);
    for (const path of FEEDS)
      expect(seen[path]?.body, path).toContain("An earlier version gave the wrong day.");
    const item = (
      JSON.parse(seen["/feed.json"]?.body ?? "{}") as {
        items: { content_html: string; date_modified: string }[];
      }
    ).items[0];
    expect(item?.content_html).toMatch(
      /^<div class="corrections"><p><strong>Correction \(2026-12-01\):<\/strong> An earlier/,
    );
    expect(item?.date_modified).toBe("2026-12-01T10:01:01.250Z");
    const page = await (await read(`/articles/${ID}`)).text();
    expect(page.indexOf("An earlier version gave the wrong day.")).toBeLessThan(
      page.indexOf("The tunnel opened on Tuesday."),
    );
    expect(await hubHears(ID)).toContain(`${ORIGIN}/changes.atom`);
    expect(await changesOf(ID)).toEqual([
      { id: ID, kind: "create", version: 1 },
      { id: ID, kind: "update", version: 2 },
    ]);

    // A note for partners raises the version only, and never shows publicly.
    advanceClock(60_000);
    const noted = await req("PUT", `/api/articles/${ID}`, {
      ...base,
      body: "The tunnel opened on Tuesday.\nIt carries two lanes.",
      correction: "An earlier version gave the wrong day.",
      ednote: "Embargoed photos follow at noon.",
    });
    const v3 = (await noted.json()) as {
      version: number;
      ednote: string;
      updatedAt: string;
      corrections: unknown[];
    };
    expect([v3.version, v3.ednote, v3.updatedAt, v3.corrections.length]).toEqual([
      3,
      "Embargoed photos follow at noon.",
      "2026-12-01T10:01:01.250Z",
      1,
    ]);
    expect(await (await read(`/api/articles/${ID}`)).text()).not.toContain("Embargoed photos");
    for (const path of [...FEEDS, `/articles/${ID}`, `/api/articles?category=life-desk`])
      expect(await (await read(path)).text(), path).not.toContain("Embargoed photos");
    await hubHears(ID);
    for (const path of FEEDS) seen[path] = await validators(path);

    // The takedown.
    advanceClock(60_000);
    expect(
      (await req("DELETE", `/api/articles/${ID}?reason=${encodeURIComponent("A court order")}`)).status,
    ).toBe(204);
    seen = await allMoved(seen);
    for (const path of FEEDS) expect(seen[path]?.body, path).not.toContain("Harbour tunnel opens");
    const gone = await read(`/api/articles/${ID}`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { detail: string }).detail).toContain("A court order");
    const gonePage = await read(`/articles/${ID}`);
    expect(gonePage.status).toBe(410);
    expect(await gonePage.text()).toContain("A court order");
    // RFC 6721 in Atom, with its namespace only there.
    const entryId = v1.itemId;
    for (const path of ["/feed.atom", "/category/life-desk/feed.atom"]) {
      expect(seen[path]?.body).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
      expect(seen[path]?.body).toContain(
        `<at:deleted-entry ref="${entryId}" when="2026-12-01T10:03:01.250Z"><at:comment>A court order</at:comment></at:deleted-entry>`,
      );
    }
    expect(seen["/feed.xml"]?.body).not.toContain("tombstones");
    expect(await hubHears(ID)).toEqual(expect.arrayContaining([...SITE_FEEDS, `${ORIGIN}/changes.atom`]));
    expect((await changesOf(ID)).at(-1)).toEqual({
      id: ID,
      kind: "withdraw",
      version: 4,
      reason: "A court order",
    });
    const changesAtom = await (await read("/changes.atom")).text();
    expect(changesAtom).toContain("Withdrawn: Harbour tunnel opens");
    // A re-run publish script does not bring it back.
    expect((await req("POST", "/api/articles", { ...base, id: ID })).status).toBe(410);

    // The restore.
    advanceClock(60_000);
    const restored = await req("PUT", `/api/articles/${ID}?restore=true`, base);
    expect(restored.status).toBe(201);
    expect(((await restored.json()) as { version: number }).version).toBe(5);
    seen = await allMoved(seen);
    for (const path of FEEDS) {
      expect(seen[path]?.body, path).toContain("Harbour tunnel opens");
      expect(seen[path]?.body, path).not.toContain("deleted-entry");
    }
    expect((await read(`/articles/${ID}`)).status).toBe(200);
    expect(await hubHears(ID)).toContain(`${ORIGIN}/changes.atom`);
    expect((await changesOf(ID)).map((c) => `${c.kind} ${c.version}`)).toEqual([
      "create 1",
      "update 2",
      "update 3",
      "withdraw 4",
      "create 5",
    ]);
    // Only the canonical feeds advertise the hub that hears of them (test/websub.integration.test.ts).
    expect((await read("/feed.xml?keyword=tunnels")).headers.get("link")).not.toContain('rel="hub"');
    expect(await (await read("/feed.atom?limit=5")).text()).not.toContain('rel="hub"');
  });

  it("an update that moves an article out of a filtered stream is a withdrawal there", async () => {
    setClock(() => START + 3_600_000);
    await req("PUT", "/api/articles/life-moves", article({ category: "Life Desk", keywords: ["Ferries"] }));
    await hubHears("life-moves");
    advanceClock(5_000);
    await req("PUT", "/api/articles/life-moves", article({ category: "Other Desk", keywords: ["Ferries"] }));
    expect(await hubHears("life-moves")).toContain(`${ORIGIN}/category/other-desk/feed.atom`);
    expect((await changesOf("life-moves", "?category=life-desk")).map((c) => c.kind)).toEqual([
      "create",
      "withdraw",
    ]);
    expect((await changesOf("life-moves", "?category=other-desk")).map((c) => c.kind)).toEqual(["create"]);
    expect((await changesOf("life-moves", "?keyword=ferries")).map((c) => c.kind)).toEqual([
      "create",
      "update",
    ]);
  });
});

describe("an embargoed article taken down before its time", () => {
  it("leaves no public trace at all", async () => {
    setClock(() => START + 7_200_000);
    const secret = article({
      headline: "Hushword merger agreed",
      category: "Secret Desk",
      keywords: ["Hushword"],
      publishedAt: "2027-01-01T00:00:00Z",
    });
    expect((await req("PUT", "/api/articles/life-secret", secret)).status).toBe(201);
    const trace = async () => {
      for (const path of [
        "/feeds.opml",
        "/",
        "/feed.xml",
        "/feed.atom",
        "/sitemap-news.xml",
        "/changes.atom",
        "/api/changes?limit=100",
      ])
        expect(await (await read(path)).text(), path).not.toMatch(/secret|hushword/i);
      for (const path of [
        "/category/secret-desk/feed.xml",
        "/category/secret-desk",
        "/api/articles/life-secret",
        "/articles/life-secret",
      ])
        expect((await read(path)).status, path).toBe(404);
      expect(await changesOf("life-secret")).toEqual([]);
      // Nor does the hub hear of anything.
      expect(await hubHears("life-secret")).toEqual([]);
    };
    await trace();
    expect((await req("DELETE", "/api/articles/life-secret?reason=Deal%20off")).status).toBe(204);
    await trace();
    // Its time comes: still nothing.
    setClock(() => Date.parse("2027-01-02T00:00:00Z"));
    await trace();
  });
});
