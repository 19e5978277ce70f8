// A crash or storage failure between two KV writes: the client gets 503 with Retry-After, readers
// never see an index entry whose article cannot be read, and the plan ArticleWriter recorded before
// writing is replayed (by its alarm, or by the client's retry) until the article is listed.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ArticleWriter } from "../src/index.ts";
import { allIds, article, call, del, put } from "./helpers/api.ts";

/** Makes the writer of `id` use a KV whose puts fail after the first `okPuts` (or whose deletes fail). */
async function breakKv(id: string, opts: { okPuts?: number; failDeletes?: boolean }) {
  const stub = env.WRITER.get(env.WRITER.idFromName(id));
  let puts = 0;
  const faulty = {
    get: env.ARTICLES.get.bind(env.ARTICLES),
    list: env.ARTICLES.list.bind(env.ARTICLES),
    getWithMetadata: env.ARTICLES.getWithMetadata.bind(env.ARTICLES),
    put: (...a: Parameters<KVNamespace["put"]>) => {
      if (opts.okPuts !== undefined && puts++ >= opts.okPuts)
        return Promise.reject(new Error("KV PUT failed: 503 internal detail"));
      return env.ARTICLES.put(...a);
    },
    delete: (key: string) =>
      opts.failDeletes ? Promise.reject(new Error("KV DELETE failed")) : env.ARTICLES.delete(key),
  } as unknown as KVNamespace;
  await runInDurableObject(stub, (instance: ArticleWriter) => {
    (instance as unknown as { env: Env }).env = { ...env, ARTICLES: faulty };
  });
  return {
    stub,
    heal: () =>
      runInDurableObject(stub, (instance: ArticleWriter) => {
        (instance as unknown as { env: Env }).env = env;
      }),
  };
}

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const text = await res.text();
  expect(text).not.toContain("internal detail");
}

describe("storage failures while publishing", () => {
  it("after the record but before the index: 503, not listed, then repaired by the alarm", async () => {
    const { stub, heal } = await breakKv("half-written", { okPuts: 1 });
    await expect503(await put("half-written", article({ category: "Faults" })));
    // Listed-but-unreadable never happens: nothing lists it yet.
    expect(await allIds("?category=faults")).toEqual([]);
    await heal();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await allIds("?category=faults")).toEqual(["half-written"]);
  });

  it("a client's retry after a 503 completes the write and answers with the article", async () => {
    const { heal } = await breakKv("retried", { okPuts: 0 });
    await expect503(await put("retried", article({ category: "Retry Desk" })));
    expect((await call("/api/articles/retried")).status).toBe(404);
    await heal();
    const again = await put("retried", article({ category: "Retry Desk" }));
    expect(again.status).toBe(200);
    expect(await allIds("?category=retry-desk")).toEqual(["retried"]);
  });

  it("an update whose old index entries could not be deleted never lists the article where it was", async () => {
    await put("moving-under-fault", article({ category: "Before Fault" }));
    const { stub, heal } = await breakKv("moving-under-fault", { failDeletes: true });
    await expect503(await put("moving-under-fault", article({ category: "After Fault" })));
    // The stale entry still exists in KV, but readers check it against the record and skip it.
    expect(await allIds("?category=before-fault")).toEqual([]);
    expect(await allIds("?category=after-fault")).toEqual(["moving-under-fault"]);
    await heal();
    await runDurableObjectAlarm(stub);
    const keys = await env.ARTICLES.list({ prefix: "i:c:before-fault:" });
    expect(keys.keys).toEqual([]);
  });

  it("a takedown whose index deletes failed is already invisible, and completed later", async () => {
    await put("takedown-under-fault", article({ category: "Takedown Fault" }));
    const { stub, heal } = await breakKv("takedown-under-fault", { failDeletes: true });
    await expect503(await del("takedown-under-fault"));
    expect(await allIds("?category=takedown-fault")).toEqual([]);
    expect((await call("/api/articles/takedown-under-fault")).status).toBe(410);
    await heal();
    await runDurableObjectAlarm(stub);
    expect((await env.ARTICLES.list({ prefix: "i:c:takedown-fault:" })).keys).toEqual([]);
  });
});
