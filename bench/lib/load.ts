/// <reference types="node" />
// Writes and single-request probes against a running Worker: seeding through the batch API, single
// POST throughput, the first read after a publish, and sequential GET latency.
import { type BenchArticle, benchArticle, benchArticles, CATEGORIES } from "../corpus.ts";

export interface Throughput {
  articles: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds per request. */
  p50: number;
  p99: number;
  failures: number;
}

export const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const auth = (token: string) => ({
  authorization: `Bearer ${token}`,
  "content-type": "application/json",
});

/** Publishes articles [from, to) through POST /api/articles/batch, 100 a request, `parallel` at once. */
export async function seedBatches(
  base: string,
  token: string,
  from: number,
  to: number,
  baseMs: number,
  parallel = 4,
): Promise<Throughput> {
  const batches: BenchArticle[][] = [];
  for (let i = from; i < to; i += 100) batches.push(benchArticles(i, Math.min(to, i + 100), baseMs));
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/articles/batch`, {
        method: "POST",
        headers: auth(token),
        body: JSON.stringify(batches[i]),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${text.slice(0, 500)}`);
      const { results } = JSON.parse(text) as { results: { status: number }[] };
      failures += results.filter((r) => r.status !== 201 && r.status !== 200).length;
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    articles: to - from,
    seconds,
    perSecond: (to - from) / seconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    failures,
  };
}

/** Single `POST /api/articles` from `connections` concurrent loops for `seconds`: new articles, published now. */
export async function postLoop(
  base: string,
  token: string,
  firstN: number,
  seconds: number,
  connections = 10,
): Promise<Throughput> {
  let n = firstN;
  let failures = 0;
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  const loop = async () => {
    while (performance.now() < until) {
      const { publishedAt: _, ...a } = benchArticle(n++, Date.now());
      const t = performance.now();
      const res = await fetch(`${base}/api/articles`, {
        method: "POST",
        headers: auth(token),
        body: JSON.stringify(a),
      });
      await res.text();
      if (res.status === 201) times.push(performance.now() - t);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  return {
    articles: times.length,
    seconds: elapsed,
    perSecond: times.length / elapsed,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    failures,
  };
}

/** Wall time of one GET, body read to the end, in ms; `identity` so that nothing compresses. */
export async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { "accept-encoding": "identity" } });
  const body = await res.text();
  return { ms: performance.now() - t, status: res.status, body };
}

export interface AfterPublish {
  /** First GET of the canonical feed right after each PUT's response, ms. */
  first: number[];
  /** How many of those already showed the new article. */
  fresh: number;
  /** Sequential warm GETs of the same feed on the Worker, and on the ceiling, ms. */
  warm: number[];
}

/** `rounds` times: PUT a new article, then at once GET `path`; then `rounds` warm GETs. */
export async function afterPublish(
  base: string,
  token: string,
  path: string,
  tag: string,
  rounds: number,
  settle: () => Promise<unknown>,
): Promise<AfterPublish> {
  const first: number[] = [];
  let fresh = 0;
  for (let i = 0; i < rounds; i++) {
    const id = `bench-after-${tag}-${i}`;
    const a = { ...benchArticle(900_000 + i, Date.now()), id, category: CATEGORIES[i % CATEGORIES.length] };
    const { publishedAt: _, ...body } = a;
    const res = await fetch(`${base}/api/articles/${id}`, {
      method: "PUT",
      headers: auth(token),
      body: JSON.stringify(body),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`PUT ${id} answered ${res.status}`);
    const got = await timedGet(`${base}${path}`);
    first.push(got.ms);
    if (got.body.includes(id)) fresh++;
    // Let the writer's alarm finish its rebuild before the next round, as between real publishes.
    await new Promise((r) => setTimeout(r, 150));
  }
  await settle();
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) warm.push((await timedGet(`${base}${path}`)).ms);
  return { first, fresh, warm };
}

export async function sequentialGets(url: string, rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) out.push((await timedGet(url)).ms);
  return out;
}
