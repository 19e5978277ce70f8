// Storage failures on the read path: a 503 problem with Retry-After (never a 500 or a stack), and a
// feed that was rendered before keeps being served from cache instead of an error.
import { describe, expect, it } from "vitest";
import { readCached } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import { article, call, ORIGIN, put, settled } from "./helpers/api.ts";
import { ageCached } from "./helpers/cache.ts";
import { BROKEN, HANGING, INTERNAL_DETAIL, withStore } from "./helpers/faults.ts";

/** A request while every storage operation fails, as during an outage. */
const duringOutage = (path: string) => withStore(BROKEN, () => call(path));

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const text = await res.text();
  expect(text).not.toContain(INTERNAL_DETAIL);
  expect(text).not.toMatch(/stack|at /);
}

describe("read path under storage failure", () => {
  it("answers 503 problem+json for the listing, an article, a feed never rendered and the OPML", async () => {
    await expect503(await duringOutage("/api/articles"));
    await expect503(await duringOutage("/api/articles/anything"));
    await expect503(await duringOutage("/category/never-rendered/feed.xml"));
    await expect503(await duringOutage("/feeds.opml"));
  });

  it("keeps serving a feed rendered before the failure, even once it is no longer fresh", async () => {
    await put("survives-outage", article({ category: "Outage" }));
    const before = await settled("/category/outage/feed.atom");
    expect(before.status).toBe(200);
    const body = await before.text();
    // Age the cached copy past its freshness, as if the outage began 31 s after the last render.
    const key = repKey("/category/outage/feed.atom");
    await ageCached(key, 31);
    expect((await readCached(ORIGIN, key))?.fresh).toBe(false);
    const during = await duringOutage("/category/outage/feed.atom");
    expect(during.status).toBe(200);
    expect(await during.text()).toBe(body);
  });

  it("answers 503 when storage hangs instead of failing, after the storage timeout", async () => {
    // The timeout is injected small, so the test waits 50 ms instead of the production 10 s.
    const started = Date.now();
    await expect503(await withStore(HANGING, () => call("/api/articles/anything"), { timeoutMs: 50 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
