// Red team: targeted attacks on the partner changes feed, each a case a hostile or unlucky reader
// (or newsroom) can bring about: a late alarm, an embargoed write the public may not learn of, a
// URL token that must stay private.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { advanceClock, now, setClock } from "../src/clock.ts";
import { article, call, del, put } from "./helpers/api.ts";
import { asPartner, issue } from "./helpers/partners.ts";

const inMinutes = (m: number) => new Date(now() + m * 60_000).toISOString();
const alarm = (id: string) => runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(id)));

interface Change {
  id: string;
  kind: string;
  version: number;
}

/** What following the whole stream leaves live: id → version. */
async function replay(read: (path: string) => Promise<Response>): Promise<Map<string, number>> {
  const live = new Map<string, number>();
  let url = "/api/changes";
  for (let i = 0; i < 100; i++) {
    const page = (await (await read(url)).json()) as { items: Change[]; next_url: string };
    for (const c of page.items)
      if (c.kind === "withdraw" || c.kind === "expire") live.delete(c.id);
      else live.set(c.id, c.version);
    if (page.items.length === 0) return live;
    const next = new URL(page.next_url);
    url = next.pathname + next.search;
  }
  throw new Error("the stream did not end");
}

describe("an expiry the writer's alarm has not run yet", () => {
  // The runtime runs alarms late at times (and the expiry retries a minute later when storage
  // fails): a write in between replaced the queued expiry, which was then never recorded, and the
  // partner's stream kept the article for ever (found by the random-write property test).
  it.each([
    ["taken down", (id: string) => del(id)],
    [
      "edited",
      (id: string, expires: string) =>
        put(id, article({ category: "RT Late", headline: "Edited late", expires })),
    ],
  ])("%s after its expires: the partner's stream lets it go", async (what, write) => {
    const id = `rt-late-${what.replace(" ", "-")}`;
    expect((await put(`${id}-neighbour`, article({ category: "RT Late" }))).status).toBe(201);
    const p = await issue({ name: `Late ${what}`, content: "full", categories: ["rt-late"] });
    const expires = inMinutes(10);
    expect((await put(id, article({ category: "RT Late", expires }))).status).toBe(201);
    expect((await replay((u) => asPartner(p.key, u))).has(id)).toBe(true);
    advanceClock(11 * 60_000);
    // No alarm ran: the write comes first.
    expect((await write(id, expires)).status).toBeLessThan(300);
    await alarm(id);
    const listed = (await (await asPartner(p.key, "/api/articles?limit=100")).json()) as {
      items: { id: string }[];
    };
    expect(listed.items.map((a) => a.id)).not.toContain(id);
    expect((await replay((u) => asPartner(p.key, u))).has(id)).toBe(false);
  });
});

describe("an embargoed write, as the public sees it", () => {
  // The public must not learn that something under embargo was written, nor when: not from the
  // stream's items, nor from its cursor (a sequence number that counts every event), nor from
  // validators that move.
  it("moves nothing the public reads: /api/changes (json, ninjs, filters, cursors), /changes.atom, feeds, sitemap", async () => {
    const hour = Math.ceil(now() / 3_600_000) * 3_600_000 + 60_000;
    setClock(() => hour);
    try {
      expect(
        (await put("rt-quiet-public", article({ category: "RT Quiet", keywords: ["Harbour"] }))).status,
      ).toBe(201);
      advanceClock(120_000);
      const paths = [
        "/api/changes",
        "/api/changes?format=ninjs",
        "/api/changes?category=rt-quiet",
        "/api/changes?keyword=harbour",
        "/api/changes?q=harbour",
        "/api/changes?exclude=rt-other",
        "/changes.atom",
        "/changes.atom?category=rt-quiet",
        "/feed.atom",
        "/category/rt-quiet/feed.atom",
        "/sitemap.xml",
        "/",
        "/category/rt-quiet",
      ];
      // Where a public consumer stands once caught up, too.
      const first = (await (await call("/api/changes?limit=100")).json()) as { next_url: string };
      const tail = new URL(first.next_url);
      paths.push(tail.pathname + tail.search);
      const seen = async () => {
        const out: Record<string, unknown> = {};
        for (const p of paths) {
          const res = await call(p);
          out[p] = {
            status: res.status,
            etag: res.headers.get("etag"),
            lastModified: res.headers.get("last-modified"),
            body: (await res.text()).replace(/ nonce="[^"]*"/g, ""),
          };
        }
        return out;
      };
      const before = await seen();
      advanceClock(60_000);
      expect(
        (
          await put(
            "rt-quiet-embargo",
            article({ category: "RT Quiet", keywords: ["Harbour"], publishedAt: inMinutes(600) }),
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await put(
            "rt-quiet-embargo",
            article({ category: "RT Quiet", keywords: ["Harbour"], publishedAt: inMinutes(700) }),
          )
        ).status,
      ).toBe(200);
      expect((await del("rt-quiet-embargo")).status).toBe(204);
      // Past every copy's freshness, so that each is built again (or revalidated).
      advanceClock(120_000);
      expect(await seen()).toEqual(before);
    } finally {
      setClock();
    }
  });
});

describe("a public poller behind a long run of events it may not hear of", () => {
  // Its cursor stays before such rows (they must not say when they were written): more of them than
  // a poll scans must still let it through to the next public event, or it would be stuck.
  it("reaches the next public event past a whole scan of embargoed ones", async () => {
    const log = env.CHANGES.get(env.CHANGES.idFromName("site"));
    expect((await put("rt-run-first", article({ category: "RT Run" }))).status).toBe(201);
    const first = (await (await call("/api/changes?category=rt-run&limit=100")).json()) as {
      next_url: string;
    };
    const at = now();
    const scheduled = {
      headline: "Under embargo",
      category: "RT Run",
      categorySlug: "rt-run",
      keywords: [],
      publishedAt: inMinutes(600),
      scheduled: true as const,
    };
    // More than CHANGES_SCAN_MAX (500) rows the public never hears.
    for (let i = 0; i < 520; i++)
      await log.record({
        id: `rt-run-hidden-${i}`,
        kind: "create",
        version: 1,
        at,
        after: scheduled,
        createdAt: new Date(at).toISOString(),
      });
    expect((await put("rt-run-last", article({ category: "RT Run" }))).status).toBe(201);
    const seen: string[] = [];
    let url = new URL(first.next_url);
    for (let i = 0; i < 5 && !seen.includes("rt-run-last"); i++) {
      const page = (await (await call(url.pathname + url.search)).json()) as {
        items: { id: string }[];
        next_url: string;
      };
      seen.push(...page.items.map((c) => c.id));
      url = new URL(page.next_url);
    }
    expect(seen).toEqual(["rt-run-last"]);
  });
});

describe("a partner outside its categories", () => {
  it("hears nothing of another category: mixed category filters, expiries, Atom tombstones", async () => {
    expect((await put("rt-mine", article({ category: "RT Mine", keywords: ["Ferry"] }))).status).toBe(201);
    expect(
      (await put("rt-theirs", article({ category: "RT Theirs", keywords: ["Ferry"], expires: inMinutes(5) })))
        .status,
    ).toBe(201);
    const p = await issue({ name: "Mine only", content: "full", categories: ["rt-mine"] });
    advanceClock(6 * 60_000);
    await alarm("rt-theirs");
    expect((await put("rt-theirs-2", article({ category: "RT Theirs" }))).status).toBe(201);
    expect((await del("rt-theirs-2")).status).toBe(204);
    advanceClock(31_000);
    for (const path of [
      "/api/changes?limit=100",
      "/api/changes?category=rt-mine&category=rt-theirs",
      "/api/changes?category=rt-theirs&category=rt-mine&keyword=ferry",
      "/api/changes?keyword=ferry&format=ninjs",
      "/api/changes?q=ferry",
      "/changes.atom",
      "/changes.atom?category=rt-mine&category=rt-theirs",
      "/feed.atom",
      "/feed.atom?keyword=ferry",
      "/category/rt-mine/feed.atom",
    ]) {
      const res = await asPartner(p.key, path);
      expect(res.status, path).toBe(200);
      // The request's own parameters come back in its links and its title (the slug as asked, not the
      // category's name); no entry, tombstone or change may name the other category's articles.
      const text = (await res.text())
        .replaceAll("category=rt-theirs", "")
        .replace(/<(title|subtitle)>[^<]*<\/\1>/g, "");
      expect(text, path).not.toMatch(/rt-theirs/);
    }
    expect((await asPartner(p.key, "/api/changes?category=rt-theirs")).status).toBe(403);
    expect((await asPartner(p.key, "/changes.atom?category=rt-theirs")).status).toBe(403);
  });
});

describe("a URL token", () => {
  it("never reaches public outputs, their cached copies, nor the logs", async () => {
    expect((await put("rt-token", article({ category: "RT Token" }))).status).toBe(201);
    const p = await issue({ name: "Token", content: "full", categories: ["rt-token"], embargoPreview: true });
    const lines: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      }),
    );
    try {
      const t = encodeURIComponent(p.urlToken);
      for (const path of [
        `/api/changes?access_token=${t}`,
        `/api/changes?access_token=${t}&format=ninjs`,
        `/api/changes?access_token=${t}&cursor=nonsense`,
        `/api/changes?access_token=${t}&category=rt-other`,
        `/changes.atom?access_token=${t}`,
        `/feed.atom?access_token=${t}`,
        `/category/rt-token/feed.atom?access_token=${t}`,
        `/api/articles/rt-token?access_token=${t}&format=ninjs`,
      ])
        await call(path);
      // The same paths as the public reads them (from the cache the partner's reads may have filled).
      for (const path of [
        "/api/changes",
        "/api/changes?format=ninjs",
        "/changes.atom",
        "/feed.atom",
        "/category/rt-token/feed.atom",
        "/api/articles/rt-token?format=ninjs",
        "/sitemap.xml",
        "/feeds.opml",
        "/",
      ]) {
        const res = await call(path);
        expect(await res.text(), path).not.toContain(p.urlToken);
        expect([...res.headers].join(" "), path).not.toContain(p.urlToken);
      }
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(lines.filter((l) => l.includes(p.urlToken))).toEqual([]);
  });
});

describe("following from the start past the replay window", () => {
  // The log keeps, past 30 days, the newest event of each live article: a consumer starting from
  // the start pages through them, and each page's cursor was dated by its last event, already
  // older than the window: the next page was a 410 "start again", and starting again led there again.
  it("pages through more old events than a page holds, to the end", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `rt-old-${i}`);
    for (const id of ids) expect((await put(id, article({ category: "RT Old" }))).status).toBe(201);
    advanceClock(31 * 86_400_000);
    expect((await put("rt-old-new", article({ category: "RT Old" }))).status).toBe(201);
    const seen: string[] = [];
    let url = "/api/changes?category=rt-old&limit=5";
    // A short page is not the end (a poll scans at most 500 rows): the end is where the cursor stays.
    for (let i = 0; i < 20; i++) {
      const res = await call(url);
      expect(res.status, url).toBe(200);
      const page = (await res.json()) as { items: { id: string }[]; next_url: string };
      seen.push(...page.items.map((c) => c.id));
      const next = new URL(page.next_url);
      if (page.items.length === 0 && next.pathname + next.search === url) break;
      url = next.pathname + next.search;
    }
    expect(seen).toEqual([...ids, "rt-old-new"]);
  });
});

describe("an embargoed article whose rights end by the time its embargo does", () => {
  // Only a write the public (or a plain partner) can see tells distribution of it, and only that
  // queues the expiry: under embargo nothing is queued, and at the lift the expiry is already past,
  // so no "expire" is recorded. The preview partner saw the article under embargo and keeps it in
  // its stream for ever; its listing dropped it. Taken down under embargo after its expires, its
  // withdrawal was not heard either (the partner no longer "saw" it, by its expires).
  it.each([
    ["expires before the embargo ends", 120, 60, 0, false],
    ["the lift runs late, after expires", 60, 90, 30, false],
    ["taken down under embargo after its expires", 120, 60, 0, true],
  ])(
    "%s: the preview partner's stream lets it go",
    async (what, embargoMin, expiresMin, lateMin, takeDown) => {
      const id = `rt-emb-exp-${embargoMin}-${expiresMin}-${takeDown ? "down" : "up"}`;
      expect((await put(`${id}-n`, article({ category: "RT Emb Exp" }))).status).toBe(201);
      const p = await issue({ name: `Emb ${what}`, content: "full", embargoPreview: true });
      const res = await put(
        id,
        article({
          category: "RT Emb Exp",
          publishedAt: inMinutes(embargoMin),
          expires: inMinutes(expiresMin),
        }),
      );
      expect(res.status, await res.clone().text()).toBe(201);
      expect((await replay((u) => asPartner(p.key, u))).has(id)).toBe(true);
      if (takeDown) {
        advanceClock((expiresMin + 1) * 60_000);
        expect((await del(id)).status).toBe(204);
      }
      advanceClock((Math.max(embargoMin, expiresMin) + lateMin + 1) * 60_000);
      await alarm(id);
      await alarm(id);
      const listed = (await (await asPartner(p.key, "/api/articles?limit=100")).json()) as {
        items: { id: string }[];
      };
      expect(listed.items.map((a) => a.id)).not.toContain(id);
      expect((await replay((u) => asPartner(p.key, u))).has(id)).toBe(false);
    },
  );
});
