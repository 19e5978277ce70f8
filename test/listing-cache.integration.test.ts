// The JSON listing is cached like the feeds: a warm public read costs no KV operation and answers
// 304 to its validators; a write expires the unfiltered listing in its own isolate; other copies
// are renewed or rebuilt once their freshness is spent; a newsroom token always reads live.
import { describe, expect, it } from "vitest";
import { advanceClock } from "../src/clock.ts";
import { FRESH_SECONDS } from "../src/distribution/cache.ts";
import { article, call, put, settled, TOKEN } from "./helpers/api.ts";
import { countKv } from "./helpers/faults.ts";

const live = { headers: { authorization: `Bearer ${TOKEN}` } };
const ids = async (res: Response) =>
  ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);

describe("the cached JSON listing", async () => {
  await put("lc-first", article({ category: "Listing Cache", publishedAt: "2026-11-01T10:00:00Z" }));

  it("serves a warm public read from its copy: no KV operation, the same bytes and ETag, 304 to If-None-Match", async () => {
    const path = "/api/articles?category=listing-cache&limit=5";
    const cold = await countKv(() => settled(path));
    expect(cold.counts.list).toBe(1);
    const warm = await countKv(() => call(path));
    expect(warm.counts).toEqual({ get: 0, bulkGet: 0, list: 0, put: 0, delete: 0 });
    expect(await warm.result.text()).toBe(await cold.result.text());
    const etag = warm.result.headers.get("etag") as string;
    expect(etag).toBe(cold.result.headers.get("etag"));
    const again = await call(path, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toContain("max-age=0");
  });

  it("lets a newsroom token read its own write at once, and the public within the freshness bound", async () => {
    const path = "/api/articles?category=listing-cache&limit=20";
    await settled(path);
    await put("lc-second", article({ category: "Listing Cache", publishedAt: "2026-11-02T10:00:00Z" }));
    // The filtered copy is still fresh for the public; the script that wrote sees its write live.
    expect(await ids(await call(path))).toEqual(["lc-first"]);
    const counted = await countKv(() => call(path, live));
    expect(counted.counts.list).toBe(1);
    expect(await ids(counted.result)).toEqual(["lc-second", "lc-first"]);
    // Past freshness the category registry says the site changed: the copy is built again.
    advanceClock(FRESH_SECONDS * 1000 + 1);
    expect(await ids(await call(path))).toEqual(["lc-second", "lc-first"]);
  });

  it("is expired by a write in this isolate: the unfiltered listing shows it to the next public reader", async () => {
    const before = await settled("/api/articles");
    expect(await ids(before)).not.toContain("lc-third");
    expect((await countKv(() => call("/api/articles"))).counts.list).toBe(0);
    await put("lc-third", article({ category: "Listing Cache", publishedAt: "2026-11-30T10:00:00Z" }));
    expect(await ids(await call("/api/articles"))).toContain("lc-third");
  });
});
