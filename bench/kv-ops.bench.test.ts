// KV operations per request on each read path, cold (nothing cached) and warm, at 100, 1,000 and
// 10,000 stored articles, and per publish (the writer's KV ops, including the rebuild of the
// canonical feeds its alarm does right after the response). Counted with test/helpers/kv.ts's
// `countingKv` around real local KV, through the Worker's own `app.fetch`. Not a test of speed:
// it prints a table and writes bench/results/kv-ops.json (via bench/vitest.config.ts's reporter).
//
//   npx vitest run --config bench/vitest.config.ts      (npm run bench runs it too)
import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Article } from "../src/articles/article.ts";
import { validateArticle } from "../src/articles/validate.ts";
import app, { type ArticleWriter } from "../src/index.ts";
import { categoryKey } from "../src/store/keys.ts";
import { countingKv, type OpCounts, seedDirect } from "../test/helpers/kv.ts";
import { type BenchArticle, benchArticle, benchArticles } from "./corpus.ts";
import { type ReadPath, readPaths, uncachedVariant } from "./paths.ts";

const ORIGIN = "https://edgewire.test";
const TOKEN = "bench-token";
/** BENCH_QUICK=1 (bench/vitest.config.ts passes it as a binding): 100 and 1,000 only. */
const SIZES = (env as unknown as { BENCH_QUICK?: string }).BENCH_QUICK ? [100, 1_000] : [100, 1_000, 10_000];
const BASE = Date.parse("2026-11-20T12:00:00Z");

async function stored(a: BenchArticle): Promise<Article> {
  const v = await validateArticle(a, "en");
  if (!v.ok) throw new Error(`${a.id}: ${JSON.stringify(v.errors)}`);
  const at = v.draft.publishedAt ?? new Date(BASE).toISOString();
  return { ...v.draft, publishedAt: at, createdAt: at, updatedAt: at, version: 1, firstPublishedAt: at };
}

async function seed(from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 500) {
    const articles = await Promise.all(benchArticles(i, Math.min(to, i + 500), BASE).map(stored));
    await seedDirect(articles);
    const names = new Map(articles.map((a) => [a.categorySlug, a.category]));
    await Promise.all(
      [...names].map(([slug, name]) => env.ARTICLES.put(categoryKey(slug), name, { metadata: { name } })),
    );
  }
}

const zero = (): OpCounts => ({ get: 0, bulkGet: 0, list: 0, put: 0, delete: 0 });

/** One request through the Worker with a counting KV; waits for its after-response work (cache put). */
async function counted(path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const { kv, counts } = countingKv(env.ARTICLES);
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${ORIGIN}${path}`, { ...init, headers }),
    { ...env, ARTICLES: kv },
    ctx,
  );
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, body, counts };
}

async function purge(path: string) {
  await (await caches.open("feeds")).delete(new Request(`${ORIGIN}${path}`));
}

interface Row {
  size: number;
  id: string;
  path: string;
  name: string;
  status: number;
  cold: OpCounts;
  warm: OpCounts;
}

const rows: Row[] = [];
const publish: { step: string; counts: OpCounts; note?: string }[] = [];

const show = (c: OpCounts) => `${c.get}/${c.bulkGet}/${c.list}/${c.put}/${c.delete}`;

it("counts KV operations per read request at each archive size", async () => {
  let seeded = 0;
  for (const size of SIZES) {
    await seed(seeded, size);
    seeded = size;
    for (const p of readPaths(benchArticles(0, size, BASE))) rows.push(await measurePath(size, p));
  }
  // Bounded cost: no path's operation count grows with the archive.
  for (const r of rows.filter((x) => x.size === SIZES.at(-1))) {
    const small = rows.find((x) => x.size === SIZES[0] && x.id === r.id) as Row;
    expect(r.cold.list, r.name).toBeLessThanOrEqual(Math.max(1, small.cold.list));
  }
});

async function measurePath(size: number, p: ReadPath): Promise<Row> {
  if (p.uncached) {
    const cold = await counted(uncachedVariant(p.path, `${size}a`));
    const again = await counted(uncachedVariant(p.path, `${size}b`));
    return {
      size,
      id: p.id,
      path: p.path,
      name: p.name,
      status: again.res.status,
      cold: cold.counts,
      warm: again.counts,
    };
  }
  await purge(p.path);
  const cold = await counted(p.path);
  if (p.conditional) {
    // Cold: the cache is empty, the 304 needs a build; warm: served from the cached copy.
    const etag = cold.res.headers.get("etag") ?? "";
    await purge(p.path);
    const c304 = await counted(p.path, { "if-none-match": etag });
    const w304 = await counted(p.path, { "if-none-match": etag });
    expect(w304.res.status).toBe(304);
    return {
      size,
      id: p.id,
      path: p.path,
      name: p.name,
      status: w304.res.status,
      cold: c304.counts,
      warm: w304.counts,
    };
  }
  const warm = await counted(p.path);
  expect(warm.res.status).toBe(200);
  return {
    size,
    id: p.id,
    path: p.path,
    name: p.name,
    status: warm.res.status,
    cold: cold.counts,
    warm: warm.counts,
  };
}

it("counts the KV operations of a publish, an update and a takedown", async () => {
  const a = { ...benchArticle(99_999, BASE), publishedAt: undefined, id: "bench-publish-cost" };
  const stub = env.WRITER.get(env.WRITER.idFromName(a.id));
  const writer = countingKv(env.ARTICLES);
  await runInDurableObject(stub, (instance: ArticleWriter) => {
    (instance as unknown as { env: Env }).env = { ...env, ARTICLES: writer.kv };
  });
  // Warm the canonical feed, so that the read right after the publish shows what the purge does.
  await counted("/feed.xml");
  const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const step = async (name: string, init: RequestInit, headers: Record<string, string>) => {
    Object.assign(writer.counts, zero());
    const res = await counted(`/api/articles/${a.id}`, headers, init);
    expect(res.res.status).toBeLessThan(300);
    const inRequest = { ...writer.counts };
    const readNow = await counted("/feed.xml");
    await runDurableObjectAlarm(stub);
    const total = { ...writer.counts };
    const readAfter = await counted("/feed.xml");
    publish.push(
      { step: `${name}: writer, in the request`, counts: inRequest },
      {
        step: `${name}: writer, request and alarm together`,
        counts: total,
      },
      {
        step: `${name}: GET /feed.xml right after the response`,
        counts: readNow.counts,
        note: readNow.counts.list === 0 ? "served from the rebuilt cache" : "built on request (purged)",
      },
      { step: `${name}: GET /feed.xml after the alarm`, counts: readAfter.counts },
    );
  };
  await step("publish (new id)", { method: "PUT", body: JSON.stringify(a) }, auth);
  await step(
    "update (subheadline)",
    { method: "PUT", body: JSON.stringify({ ...a, subheadline: "New." }) },
    auth,
  );
  await step("takedown", { method: "DELETE" }, { authorization: `Bearer ${TOKEN}` });

  const words = new Set(a.keywords.flatMap((k) => k.toLowerCase().split(/\s+/))).size;
  const summary = {
    date: new Date().toISOString(),
    sizes: SIZES,
    columns: "get/bulkGet/list/put/delete",
    reads: rows,
    publish,
    publishArticle: { keywords: a.keywords, keywordWords: words },
  };
  console.log(
    [
      "KV operations per request (get/bulkGet/list/put/delete), cold -> warm:",
      ...rows.map(
        (r) => `  ${String(r.size).padStart(6)}  ${r.name.padEnd(42)} ${show(r.cold)} -> ${show(r.warm)}`,
      ),
      "KV operations per write (get/bulkGet/list/put/delete):",
      ...publish.map((p) => `  ${p.step.padEnd(78)} ${show(p.counts)}${p.note ? `  (${p.note})` : ""}`),
    ].join("\n"),
  );
  console.log(`KV_OPS_JSON ${JSON.stringify(summary)}`);
});
