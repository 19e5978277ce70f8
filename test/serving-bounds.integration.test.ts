// Reads bounded by design: concurrent misses of one variant share one build, cache misses per client
// are limited, a stale copy stands in for failing storage only within its window and never when it
// shows an article taken down since, and no header lets a downstream cache keep a copy for long.

import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import { readCached, STALE_SECONDS, storeCached } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import { strongEtag } from "../src/http/conditional.ts";
import { gzip } from "../src/http/encoding.ts";
import { BUILDS_AT_ONCE } from "../src/limits.ts";
import { kvStore } from "../src/store/kv.ts";
import { article, call, del, ORIGIN, put, settled } from "./helpers/api.ts";
import { ageCached } from "./helpers/cache.ts";
import { BROKEN, BROKEN_READS, breakStore, countKv, withStore } from "./helpers/faults.ts";

/** KV is down (an outage, a spent quota) but the category registry answers which articles were withdrawn. */
const { withdrawnSince: _answers, changedAt: _dates, ...KV_DOWN } = BROKEN_READS;

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

  it("renews a copy nothing changed since, with no KV operation; a change in its scope makes it rebuilt", async () => {
    onTestFinished(() => setClock());
    await put("renew-1", article({ category: "Renew Desk" }));
    // A variant no write expires: only the registry's dates tell it that it changed.
    const path = "/category/renew-desk/feed.json?limit=7";
    const read = () => countKv(() => settled(path));
    expect((await read()).counts.list).toBe(1);
    advanceClock(31_000); // past freshness; built within KV's propagation after the write: built again
    expect((await read()).counts.list).toBe(1);
    advanceClock(31_000); // the same, once more: now built more than a minute after the write
    expect((await read()).counts.list).toBe(1);
    advanceClock(31_000);
    const renewed = await read();
    expect(renewed.result.status).toBe(200);
    expect(renewed.counts).toMatchObject({ list: 0, bulkGet: 0, get: 0 });
    // A write in another category leaves it current; one in its own makes the next reader build it.
    await put("renew-elsewhere", article({ category: "Renew Elsewhere" }));
    advanceClock(31_000);
    expect((await read()).counts.list).toBe(0);
    await put("renew-2", article({ category: "Renew Desk" }));
    advanceClock(31_000);
    const rebuilt = await read();
    expect(rebuilt.counts.list).toBe(1);
    expect(await rebuilt.result.text()).toContain("renew-2");
  });

  it(`runs ${BUILDS_AT_ONCE} cold builds at once in an isolate; another miss meanwhile gets 429 at once`, async () => {
    await put("builds-1", article({ category: "Builds Desk" }));
    const real = kvStore(env.ARTICLES, env.CATEGORIES, env.CHANGES);
    let active = 0;
    let most = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((go) => {
      open = go;
    });
    let held: () => void = () => {};
    const allHeld = new Promise<void>((go) => {
      held = go;
    });
    const { heal } = breakStore({
      list: async (q) => {
        most = Math.max(most, ++active);
        if (active === BUILDS_AT_ONCE) held();
        await gate;
        try {
          return await real.list(q);
        } finally {
          active--;
        }
      },
    });
    onTestFinished(heal);
    const variant = (i: number) => call(`/category/builds-desk/feed.json?limit=${i + 1}`);
    const first = Array.from({ length: BUILDS_AT_ONCE }, (_, i) => variant(i));
    await allHeld;
    // While those are held: other variants are refused at once; the same variant joins its build.
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => variant(BUILDS_AT_ONCE + i)));
    expect(others.map((r) => r.status)).toEqual(Array(10).fill(429));
    expect(others[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
    const joined = variant(0);
    open();
    expect((await Promise.all([...first, joined])).map((r) => r.status)).toEqual(
      Array(BUILDS_AT_ONCE + 1).fill(200),
    );
    expect(most).toBe(BUILDS_AT_ONCE);
  });

  it("keeps no ids past the header limit: such a stale copy serves only within its unchecked window", async () => {
    const key = repKey("/sitemap-news.xml");
    const many = Array.from(
      { length: 400 },
      (_, i) => `an-article-id-long-enough-to-count-${String(i).padStart(20, "0")}`,
    );
    const gz = await gzip("<urlset/>");
    const gzEtag = await strongEtag(gz);
    const store = (ageSeconds: number) =>
      storeCached(ORIGIN, key, {
        body: "<urlset/>",
        etag: '"x"',
        gzip: { body: gz, etag: gzEtag },
        builtAt: Date.now() - ageSeconds * 1000,
        ids: many,
      });
    await store(60);
    const copy = (await readCached(ORIGIN, key))?.copy;
    expect(copy?.ids).toBeUndefined();
    expect(copy?.idsUnknown).toBe(true);
    expect((await withStore(KV_DOWN, () => call("/sitemap-news.xml"))).status).toBe(200);
    await store(31 + STALE_SECONDS);
    expect((await withStore(KV_DOWN, () => call("/sitemap-news.xml"))).status).toBe(503);
  });

  it("lets no downstream cache keep a copy past max-age plus a minute", async () => {
    const res = await call("/feed.xml");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=60");
  });
});
