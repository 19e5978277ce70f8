// Usage the newsroom can see: a partner's requests, 304s and last pull per feed; the subscribers
// readers' fetchers report for public feeds, latest per fetcher, summed per feed; both at
// GET /api/stats. Counting happens in the isolate: a warm feed request, counted, makes no storage
// call at all, and the batch goes to the usage ledger after a response, at most every 30 s.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { advanceClock } from "../src/clock.ts";
import { USAGE_FLUSH_SECONDS } from "../src/limits.ts";
import { subscribersIn } from "../src/partners/usage.ts";
import { configureStorage } from "../src/store/index.ts";
import { article, call, put, settled } from "./helpers/api.ts";
import { ADMIN, issue, watchStorage } from "./helpers/partners.ts";

interface Stats {
  partners: {
    id: string;
    requests: number;
    notModified: number;
    lastPull?: string;
    feeds: Record<string, { requests: number; notModified: number }>;
  }[];
  subscribers: Record<string, { total: number; fetchers: Record<string, { count: number }> }>;
}

const stats = async () =>
  (await (await call("/api/stats", { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Stats;

afterEach(() => {
  configureStorage();
  vi.restoreAllMocks();
});

describe("usage", () => {
  it("counts a partner's requests, 304s and last pull, feed by feed", async () => {
    await put("us-one", article({ category: "Usage Desk" }));
    const p = await issue({ name: "Counted", content: "full" });
    const headers = { authorization: `Bearer ${p.key}` };
    const first = await settled("/category/usage-desk/feed.xml", env, { headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag") as string;
    for (let i = 0; i < 3; i++)
      expect(
        (
          await settled("/category/usage-desk/feed.xml", env, {
            headers: { ...headers, "if-none-match": etag },
          })
        ).status,
      ).toBe(304);
    expect((await settled("/feed.json", env, { headers })).status).toBe(200);
    // Articles read one by one (following the changes feed) are one line, not one per article.
    expect((await settled("/api/articles/us-one", env, { headers })).status).toBe(200);
    expect((await settled("/api/changes", env, { headers })).status).toBe(200);
    const mine = (await stats()).partners.find((x) => x.id === p.id);
    expect(mine?.feeds["/api/articles/{id}"]).toEqual(expect.objectContaining({ requests: 1 }));
    expect(mine?.feeds["/api/changes"]).toEqual(expect.objectContaining({ requests: 1 }));
    expect(Object.keys(mine?.feeds ?? {}).some((k) => k.includes("us-one"))).toBe(false);
    expect(mine?.requests).toBe(7);
    expect(mine?.notModified).toBe(3);
    expect(mine?.feeds["/category/usage-desk/feed.xml"]).toEqual(
      expect.objectContaining({ requests: 4, notModified: 3 }),
    );
    expect(mine?.feeds["/feed.json"]).toEqual(expect.objectContaining({ requests: 1, notModified: 0 }));
    expect(mine?.lastPull).toMatch(/^\d{4}-/);
  });

  it("sums the subscribers readers' fetchers report per public feed, latest per fetcher", async () => {
    const ua = (s: string) => ({ headers: { "user-agent": s } });
    await settled(
      "/feed.atom",
      env,
      ua("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=abc)"),
    );
    await settled(
      "/feed.atom",
      env,
      ua("Mozilla/5.0 (compatible; Inoreader/1.0; +https://www.inoreader.com; 12 subscribers)"),
    );
    await settled(
      "/feed.atom",
      env,
      ua("NewsBlur Feed Fetcher - 7 subscribers - https://www.newsblur.com/site/1/x"),
    );
    await settled(
      "/feed.atom",
      env,
      ua("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 40 subscribers; feed-id=abc)"),
    );
    await settled("/feed.atom", env, ua("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"));
    const atom = (await stats()).subscribers["/feed.atom"];
    expect(atom?.total).toBe(40 + 12 + 7);
    expect(Object.keys(atom?.fetchers ?? {}).sort()).toEqual(["Feedly abc", "Inoreader", "NewsBlur"]);
  });

  it("reads the fetcher and its count from the User-Agents readers send", () => {
    expect(subscribersIn("Feedbin feed-id:1234 - 21 subscribers")).toEqual({
      fetcher: "Feedbin 1234",
      count: 21,
    });
    expect(subscribersIn("Tiny Tiny RSS/22.08 (1,234 subscribers)")?.count).toBe(1234);
    expect(subscribersIn("curl/8.5.0")).toBeUndefined();
  });

  it(`counting adds no storage call to a warm feed request; a batch leaves after a response at most every ${USAGE_FLUSH_SECONDS} s`, async () => {
    await put("us-two", article({ category: "Usage Desk" }));
    const p = await issue({ name: "Warm", content: "full" });
    const headers = { authorization: `Bearer ${p.key}`, "user-agent": "Feedly/1.0 (5 subscribers)" };
    // Warm: the copy is cached, the key remembered, and a batch has just left.
    await settled("/feed.xml", env, { headers });
    await settled("/feed.xml", env, { headers });
    advanceClock((USAGE_FLUSH_SECONDS + 1) * 1000);
    await settled("/feed.xml", env, { headers });
    await settled("/feed.xml", env, { headers });
    const { calls, kvOps } = watchStorage();
    for (let i = 0; i < 20; i++) expect((await settled("/feed.xml", env, { headers })).status).toBe(200);
    expect({ ...calls, kv: kvOps() }).toEqual({ lookups: 0, batches: 0, kv: 0 });
    advanceClock((USAGE_FLUSH_SECONDS + 1) * 1000);
    // Past the interval the next counted request sends one batch, after its response.
    await settled("/feed.xml?limit=5", env, { headers });
    expect(calls.batches).toBe(1);
  });

  it("a warm partner request costs what a warm public one does: no storage call, no Cache API read, no hash of its key", async () => {
    await put("us-three", article({ category: "Usage Desk" }));
    const p = await issue({ name: "Cheap", content: "full" });
    const path = "/category/usage-desk/feed.json";
    const sides: [string, RequestInit][] = [
      [path, {}],
      [path, { headers: { authorization: `Bearer ${p.key}` } }],
      [`${path}?access_token=${p.urlToken}`, {}],
    ];
    for (const [url, init] of sides) {
      // Warm: the copy built and held in memory, the key remembered.
      await settled(url, env, init);
      await settled(url, env, init);
      const { spent } = watchStorage();
      for (let i = 0; i < 20; i++) expect((await settled(url, env, init)).status).toBe(200);
      expect(spent()).toEqual({ lookups: 0, batches: 0, kv: 0, cacheApi: 0, digests: 0 });
      configureStorage();
      vi.restoreAllMocks();
    }
  });
});
