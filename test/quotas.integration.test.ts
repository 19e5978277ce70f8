// When a KV daily quota runs out, KV rejects that kind of operation until 00:00 UTC. Reads then
// degrade to the last copies (never one that shows an article taken down since), the live JSON
// listing answers 503 with Retry-After, and a write either takes effect or answers 503 with nothing
// half-applied; a takedown still takes effect while deletes work. Quotas are spent through the
// storage seam (test/helpers/faults.ts `spendQuota`).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import { allIds, article, call, del, put, settled } from "./helpers/api.ts";
import { INTERNAL_DETAIL, spendQuota } from "./helpers/faults.ts";
import { allKeys } from "./helpers/kv.ts";

const writer = (id: string) => env.WRITER.get(env.WRITER.idFromName(id));

afterEach(() => setClock());

/** Every path a reader of `slug` polls, each with a cached copy. */
async function primed(slug: string): Promise<string[]> {
  const paths = [
    "/feed.xml",
    "/feed.atom",
    "/feed.json",
    `/category/${slug}/feed.json`,
    "/",
    `/category/${slug}`,
    "/feeds.opml",
    "/sitemap-news.xml",
  ];
  for (const p of paths) expect((await settled(p)).status, p).toBe(200);
  return paths;
}

async function expect503(res: Response, saying?: RegExp) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  const text = await res.text();
  expect(text).not.toContain(INTERNAL_DETAIL);
  if (saying) expect(JSON.parse(text).detail).toMatch(saying);
}

describe("a spent daily KV quota", () => {
  it("lists: every cached page serves its last copy, a publish is acknowledged and shows once lists return", async () => {
    await put("quota-lists-1", article({ category: "Quota Lists" }));
    const paths = await primed("quota-lists");
    const { heal } = spendQuota("lists");
    try {
      // A publish needs no list: record and index keys are puts. Its rebuild fails, and is logged.
      expect((await put("quota-lists-2", article({ category: "Quota Lists" }))).status).toBe(201);
      expect((await call("/api/articles/quota-lists-2")).status).toBe(200);
      advanceClock(120_000); // every copy is past its freshness now
      for (const p of paths) expect((await call(p)).status, p).toBe(200);
      await expect503(await call("/api/articles?category=quota-lists"));
    } finally {
      heal();
    }
    expect(await (await call("/category/quota-lists/feed.json")).text()).toContain("quota-lists-2");
  });

  it("reads: cached pages serve their last copies, an article page answers 503 and no 5xx is a 500", async () => {
    await put("quota-reads-1", article({ category: "Quota Reads" }));
    const paths = await primed("quota-reads");
    advanceClock(120_000);
    const { heal } = spendQuota("reads");
    try {
      for (const p of paths) expect((await call(p)).status, p).toBe(200);
      await expect503(await call("/api/articles/quota-reads-1"));
      // A new id needs a read to know it is new: 503, nothing stored.
      const before = await allKeys();
      await expect503(
        await put("quota-reads-new", article({ category: "Quota Reads" })),
        /Nothing was changed/i,
      );
      expect(await allKeys()).toEqual(before);
    } finally {
      heal();
    }
    expect((await call("/api/articles/quota-reads-new")).status).toBe(404);
  });

  it("writes: a publish or an update answers 503 saying nothing was changed, and nothing was", async () => {
    await put("quota-writes-1", article({ headline: "Before the quota ran out", category: "Quota Writes" }));
    const before = await allKeys();
    const { heal } = spendQuota("writes");
    try {
      await expect503(
        await put("quota-writes-new", article({ category: "Quota Writes" })),
        /nothing was changed/,
      );
      await expect503(
        await put("quota-writes-1", article({ headline: "After it ran out", category: "Quota Writes" })),
        /nothing was changed/,
      );
      expect(await allKeys()).toEqual(before);
      expect((await call("/api/articles/quota-writes-new")).status).toBe(404);
    } finally {
      heal();
    }
    // Once KV takes writes again the writers' undo plans leave everything as it was.
    await runDurableObjectAlarm(writer("quota-writes-new"));
    await runDurableObjectAlarm(writer("quota-writes-1"));
    expect((await call("/api/articles/quota-writes-new")).status).toBe(404);
    const kept = (await (await call("/api/articles/quota-writes-1")).json()) as { headline: string };
    expect(kept.headline).toBe("Before the quota ran out");
    expect(await allIds("?category=quota-writes")).toEqual(["quota-writes-1"]);
    expect((await put("quota-writes-new", article({ category: "Quota Writes" }))).status).toBe(201);
  });

  it("writes: a takedown still takes effect (the record is deleted), and the tombstone follows later", async () => {
    await put("quota-down-1", article({ headline: "Withdrawn under quota", category: "Quota Down" }));
    const paths = await primed("quota-down");
    const { heal } = spendQuota("writes");
    try {
      const res = await del("quota-down-1");
      expect(res.status).toBe(204);
      expect((await call("/api/articles/quota-down-1")).status).toBe(404);
      expect(await allIds("?category=quota-down")).toEqual([]);
      for (const p of paths) expect(await (await call(p)).text(), p).not.toContain("Withdrawn under quota");
    } finally {
      heal();
    }
    await runDurableObjectAlarm(writer("quota-down-1"));
    expect((await call("/api/articles/quota-down-1")).status).toBe(410);
  });

  it("writes and deletes: a takedown answers 503 saying it is recorded and retried; stale copies never show it", async () => {
    await put("quota-stuck-1", article({ headline: "Withdrawn while stuck", category: "Quota Stuck" }));
    const paths = await primed("quota-stuck");
    const { heal } = spendQuota("writes", "deletes", "lists");
    try {
      await expect503(await del("quota-stuck-1"), /recorded.*retried automatically/);
      // The registry knows: no copy that shows it is served stale (and its category, now empty, is gone).
      advanceClock(120_000);
      for (const p of paths) {
        const res = await call(p);
        expect([200, 404, 503], p).toContain(res.status);
        expect(await res.text(), p).not.toContain("Withdrawn while stuck");
      }
    } finally {
      heal();
    }
    await runDurableObjectAlarm(writer("quota-stuck-1"));
    expect((await call("/api/articles/quota-stuck-1")).status).toBe(410);
    for (const p of paths) expect(await (await call(p)).text(), p).not.toContain("Withdrawn while stuck");
  });
});
