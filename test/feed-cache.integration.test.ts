// The read path's cache: a warm poll makes no KV operation at all, a write purges the feeds it
// changed and the writer builds them again ahead of the next reader, with the same bytes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readCached } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import { kvStore } from "../src/store/kv.ts";
import type { PageQuery } from "../src/store/types.ts";
import { article, call, del, ORIGIN, put, settled } from "./helpers/api.ts";
import { ageCached } from "./helpers/cache.ts";
import { breakStore } from "./helpers/faults.ts";
import { countingKv } from "./helpers/kv.ts";

async function fetchCounted(path: string) {
  const { kv, counts } = countingKv(env.ARTICLES);
  const res = await settled(path, { ...env, ARTICLES: kv });
  const body = await res.text();
  return { res, body, counts };
}

describe("feed cache", () => {
  it("a warm poll makes no KV call; the cold one lists once", async () => {
    await put("cache-warm", article({ category: "Warm Desk" }));
    const cold = await fetchCounted("/category/warm-desk/feed.xml?limit=7");
    expect(cold.counts.list).toBe(1);
    const warm = await fetchCounted("/category/warm-desk/feed.xml?limit=7");
    expect(warm.counts).toEqual({ get: 0, bulkGet: 0, list: 0, put: 0, delete: 0 });
    expect(warm.body).toBe(cold.body);
    expect(warm.res.headers.get("etag")).toBe(cold.res.headers.get("etag"));
  });

  it("a write rebuilds the changed feeds before it answers, so the next reader is served from cache", async () => {
    await put("cache-rebuilt", article({ headline: "Rebuilt ahead", category: "Rebuild Desk" }));
    for (const f of ["xml", "atom", "json"]) {
      const cached = await readCached(ORIGIN, repKey(`/category/rebuild-desk/feed.${f}`));
      expect(cached?.fresh).toBe(true);
      expect(await new Response(cached?.copy.body).text()).toContain("Rebuilt ahead");
    }
    const read = await fetchCounted("/category/rebuild-desk/feed.atom");
    expect(read.counts.list).toBe(0);
    expect(read.body).toContain("Rebuilt ahead");

    // The same bytes as a feed built on request: compare with a query-string variant of the same page.
    const direct = await fetchCounted("/category/rebuild-desk/feed.json?limit=20");
    const ahead = await fetchCounted("/category/rebuild-desk/feed.json");
    const strip = (s: string) => s.replaceAll("?limit=20", "");
    expect(strip(direct.body)).toBe(ahead.body);
  });

  it("a write purges the canonical feeds it changed at once", async () => {
    await put("cache-purge", article({ headline: "Before purge", category: "Purge Desk" }));
    expect((await fetchCounted("/category/purge-desk/feed.xml")).body).toContain("Before purge");
    await put("cache-purge", article({ headline: "After purge", category: "Purge Desk" }));
    const after = await fetchCounted("/category/purge-desk/feed.xml");
    expect(after.body).toContain("After purge");
    expect(after.body).not.toContain("Before purge");
  });

  it("a write purges the cached front page and category page, so people see it at once", async () => {
    await put("page-purge-1", article({ headline: "First on the page", category: "Page Desk" }));
    expect(await (await call("/category/page-desk")).text()).toContain("First on the page");
    expect(await (await call("/")).text()).toContain("First on the page");
    await put("page-purge-2", article({ headline: "Second on the page", category: "Page Desk" }));
    expect(await (await call("/category/page-desk")).text()).toContain("Second on the page");
    expect(await (await call("/")).text()).toContain("Second on the page");
  });

  it.each([
    ["a feed the takedown builds again", "/category/race-desk/feed.json", "race-gone", true],
    ["a page no copy of was kept yet", "/category/race-desk", "race-gone-page", false],
  ])(
    "a reader's build that read before a takedown never serves it afterwards: %s",
    async (_, path, id, warm) => {
      await put(`${id}-kept`, article({ category: "Race Desk" }));
      await put(id, article({ category: "Race Desk", headline: `Withdrawn during a build ${id}` }));
      if (warm) {
        expect(await (await settled(path)).text()).toContain(`Withdrawn during a build ${id}`);
        await ageCached(repKey(path), 120);
      }
      // The next reader's build reads its page, then is held until the takedown has answered.
      const real = kvStore(env.ARTICLES, env.CATEGORIES, env.CHANGES);
      let held = true;
      let release = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let read = () => {};
      const pageRead = new Promise<void>((r) => {
        read = r;
      });
      const { heal } = breakStore({
        list: async (q: PageQuery) => {
          const page = await real.list(q);
          if (held) {
            held = false;
            read();
            await gate;
          }
          return page;
        },
      });
      try {
        const reading = settled(path);
        await pageRead;
        expect((await del(id)).status).toBe(204);
        release();
        await reading;
      } finally {
        heal();
      }
      for (const coding of [{}, { "accept-encoding": "gzip" }] as Record<string, string>[])
        expect(await (await call(path, { headers: coding })).text()).not.toContain(
          `Withdrawn during a build ${id}`,
        );
    },
  );
});
