// Reads bounded by design: concurrent misses of one variant share one build, cache misses per client
// are limited, a stale copy stands in for failing storage only within its window and never when it
// shows an article taken down since, and no header lets a downstream cache keep a copy for long.
import { describe, expect, it } from "vitest";
import { STALE_SECONDS } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import { article, call, del, put, settled } from "./helpers/api.ts";
import { ageCached } from "./helpers/cache.ts";
import { BROKEN, BROKEN_READS, countKv, withStore } from "./helpers/faults.ts";

/** KV is down (an outage, a spent quota) but the category registry answers which articles were withdrawn. */
const { withdrawnSince: _answers, ...KV_DOWN } = BROKEN_READS;

/** Ages the cached copy of `path` as if it had been built `seconds` ago. */
async function age(path: string, seconds: number) {
  await ageCached(repKey(path), seconds);
}

describe("bounded reads", () => {
  it("eight concurrent misses of one new variant cost one listing", async () => {
    await put("flight-1", article({ category: "Flight Desk" }));
    const path = "/category/flight-desk/feed.json?limit=7";
    const { result: answers, counts } = await countKv(() =>
      Promise.all(Array.from({ length: 8 }, () => call(path))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(counts.list).toBe(1);
  });

  it("limits cache misses per client address, then answers 429 with Retry-After", async () => {
    await put("misses-1", article({ category: "Miss Desk" }));
    const from = (i: number) =>
      call(`/category/miss-desk/feed.xml?limit=${(i % 100) + 1}&q=x${i}`, {
        headers: { "cf-connecting-ip": "198.51.100.7" },
      });
    let limited: Response | undefined;
    // The binding counts in fixed windows: 300 misses cross at most one window edge with 120 in each.
    for (let i = 0; i < 300 && !limited; i++) {
      const res = await from(i);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another client is not affected, and cached copies are never counted.
    expect(
      (
        await call("/category/miss-desk/feed.xml?limit=3", {
          headers: { "cf-connecting-ip": "198.51.100.8" },
        })
      ).status,
    ).toBe(200);
  });

  it("serves a checked stale copy through an outage; unchecked, only within its window", async () => {
    await put("stale-ok", article({ category: "Stale Desk" }));
    const path = "/category/stale-desk/feed.atom";
    expect((await settled(path)).status).toBe(200);
    // The registry also unreachable: nothing can say whether an article was withdrawn since.
    const blind = () => withStore(BROKEN, () => call(path));
    await age(path, 60);
    expect((await blind()).status).toBe(200);
    await age(path, 31 + STALE_SECONDS);
    expect((await blind()).status).toBe(503);
    // With the registry answering that nothing was withdrawn, the same copy still serves (a spent quota).
    expect((await withStore(KV_DOWN, () => call(path))).status).toBe(200);
  });

  it("never serves a stale copy that shows an article taken down since it was built", async () => {
    await put("stale-withdrawn", article({ headline: "Zebracorn sighted", category: "Withdrawn Desk" }));
    const path = "/feed.json?q=zebracorn&limit=50"; // a variant the takedown does not purge
    const before = await settled(`${path}`);
    expect(await before.text()).toContain("stale-withdrawn");
    const variant = repKey("/feed.json", new URLSearchParams("q=zebracorn&limit=50"));
    const copy = await ageCached(variant, 40);
    expect(copy.ids).toContain("stale-withdrawn");
    expect((await del("stale-withdrawn")).status).toBe(204);
    const during = await withStore(KV_DOWN, () => call(path));
    expect(during.status).toBe(503);
    expect(await during.text()).not.toContain("stale-withdrawn");
  });

  it("lets no downstream cache keep a copy past max-age plus a minute", async () => {
    const res = await call("/feed.xml");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=60");
  });
});
