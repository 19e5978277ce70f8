// Storage failures on the read path: a 503 problem with Retry-After (never a 500 or a stack), and a
// feed that was rendered before keeps being served from cache instead of an error.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type CachedRendering, readCached, storeCached } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import app from "../src/index.ts";
import { configureStorage } from "../src/store/index.ts";
import { article, ORIGIN, put, settled } from "./helpers/api.ts";

/** A KV binding whose every operation fails, as during a storage outage. */
const brokenKv = new Proxy({} as KVNamespace, {
  get: () => () => Promise.reject(new Error("KV GET failed: upstream 500 at kv-internal.example")),
});
const brokenEnv = { ...env, ARTICLES: brokenKv } as unknown as Env;
const fetchWith = (path: string, e: Env = brokenEnv) => app.fetch(new Request(`${ORIGIN}${path}`), e);

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const text = await res.text();
  expect(text).not.toMatch(/kv-internal|stack|at /);
}

describe("read path under storage failure", () => {
  it("answers 503 problem+json for the listing, an article, a feed never rendered and the OPML", async () => {
    await expect503(await fetchWith("/api/articles"));
    await expect503(await fetchWith("/api/articles/anything"));
    await expect503(await fetchWith("/category/never-rendered/feed.xml"));
    await expect503(await fetchWith("/feeds.opml"));
  });

  it("keeps serving a feed rendered before the failure, even once it is no longer fresh", async () => {
    await put("survives-outage", article({ category: "Outage" }));
    const before = await settled("/category/outage/feed.atom");
    expect(before.status).toBe(200);
    const body = await before.text();
    // Age the cached copy past its freshness, as if the outage began 31 s after the last render.
    const key = repKey("/category/outage/feed.atom");
    const copy = (await readCached(ORIGIN, key))?.copy as CachedRendering;
    const aged = { ...copy, body: new TextDecoder().decode(copy.body), builtAt: Date.now() - 31_000 };
    await storeCached(ORIGIN, key, aged);
    expect((await readCached(ORIGIN, key))?.fresh).toBe(false);
    const during = await fetchWith("/category/outage/feed.atom");
    expect(during.status).toBe(200);
    expect(await during.text()).toBe(body);
  });

  it("answers 503 when storage hangs instead of failing, after the storage timeout", async () => {
    const hanging = new Proxy({} as KVNamespace, { get: () => () => new Promise(() => {}) });
    // The timeout is injected small, so the test waits 50 ms instead of the production 10 s.
    configureStorage({ timeoutMs: 50 });
    try {
      const started = Date.now();
      await expect503(
        await fetchWith("/api/articles/anything", { ...env, ARTICLES: hanging } as unknown as Env),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    } finally {
      configureStorage();
    }
  });
});
