// If-Modified-Since alone (RFC 9110 §13.1.3), as readers that keep only Last-Modified poll: after any
// write that changes a feed (a new backdated article, a takedown, a restore), the old date must not
// get a 304, in either content coding. Time moves with the injectable clock, never by sleeping.
import { describe, expect, it } from "vitest";
import { advanceClock } from "../src/clock.ts";
import { article, call, del, put, send } from "./helpers/api.ts";

const CODINGS: Record<string, string>[] = [{}, { "accept-encoding": "gzip" }];

/** Polls `path` in both codings (one after the other) and returns each answer's Last-Modified. */
async function lastModified(path: string): Promise<string[]> {
  const dates: string[] = [];
  for (const h of CODINGS) {
    const res = await call(path, { headers: h });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    dates.push(res.headers.get("last-modified") as string);
  }
  return dates;
}

/** Asks again with only If-Modified-Since: every coding must answer 200 and show `expected`. */
async function changedSince(path: string, dates: string[], expected: (text: string) => boolean) {
  for (const [i, h] of CODINGS.entries()) {
    const res = await call(path, { headers: { ...h, "if-modified-since": dates[i] as string } });
    expect(res.status).toBe(200);
    // The runtime's fetch decodes the gzip coding (pages and the live listing are not coded here).
    expect([null, h["accept-encoding"] ?? null]).toContain(res.headers.get("content-encoding"));
    expect(expected(await res.text())).toBe(true);
  }
}

describe("If-Modified-Since after a change", () => {
  it("a backdated article added to a feed is not answered 304", async () => {
    const path = "/category/ims-backdated/feed.json";
    await put("ims-recent", article({ category: "IMS Backdated" }));
    const before = await lastModified(path);
    advanceClock(5_000);
    const old = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect((await put("ims-old", article({ category: "IMS Backdated", publishedAt: old }))).status).toBe(201);
    await changedSince(path, before, (t) => t.includes("ims-old"));
  });

  it("a takedown, and then a restore, are not answered 304", async () => {
    const path = "/category/ims-restore/feed.atom";
    const a = article({ category: "IMS Restore", headline: "Restored later" });
    await put("ims-keep", article({ category: "IMS Restore" }));
    await put("ims-restore", a);
    const published = await lastModified(path);
    advanceClock(5_000);
    expect((await del("ims-restore")).status).toBe(204);
    await changedSince(path, published, (t) => !t.includes("Restored later"));
    const takenDown = await lastModified(path);
    advanceClock(5_000);
    const back = await send("PUT", "/api/articles/ims-restore?restore=true", a);
    expect(back.status).toBeLessThan(300);
    await changedSince(path, takenDown, (t) => t.includes("Restored later"));
  });

  it("taking down the newest article is not answered 304, on the listing, the pages and the sitemap", async () => {
    await put("ims-older", article({ category: "IMS Pages" }));
    advanceClock(5_000);
    await put("ims-newest", article({ category: "IMS Pages", headline: "Newest, then withdrawn" }));
    const paths = ["/api/articles?category=ims-pages", "/category/ims-pages", "/", "/sitemap-news.xml"];
    const dates: string[][] = [];
    for (const path of paths) dates.push(await lastModified(path));
    advanceClock(5_000);
    expect((await del("ims-newest")).status).toBe(204);
    for (const [i, path] of paths.entries())
      await changedSince(path, dates[i] as string[], (t) => !t.includes("Newest, then withdrawn"));
  });
});
