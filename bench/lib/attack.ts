/// <reference types="node" />
// The read attack, measured on a fresh store: the same input documents are published to the
// Worker (counting the ones it refuses and the 5xx it answers), then one unrelated request is timed
// alone and while 8 anonymous clients ask, as fast as they are answered, for feeds that are never
// cached (each request a new `?limit=` and `exclude=`). Run against another checkout
// (`--worker-root`) it gives the "before" figures the report sets beside this one's.
import { benchArticles } from "../corpus.ts";
import { percentile } from "./load.ts";

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface AttackFigures {
  /** The Worker's commit (and "+ changes" when its checkout differs). */
  worker: string;
  documents: { sent: number; accepted: number; refused: number; failed: number };
  attack: {
    seconds: number;
    requests: number;
    statuses: Record<string, number>;
    maxBytes: number;
    medianBytes: number;
  };
  unrelated: { path: string; idle: Latency; underAttack: Latency };
  /** One uncached feed of the attack, alone (sequential): what each of the 8 clients asks for. */
  uncachedAlone?: Latency;
  /** The unrelated request while the 8 clients fetch one cached feed instead: transfer, no builds. */
  underCachedLoad?: Latency;
}

const HEAVY_CHARS = 200_000;
const CLIENTS = 8;
const TIMEOUT_MS = 120_000;

/** The documents: ordinary articles, and what the issue found breaking the service. */
function documents(baseMs: number): { id: string; body: Record<string, unknown> }[] {
  const ordinary = benchArticles(0, 40, baseMs).map((a) => ({
    id: a.id,
    body: { ...a } as Record<string, unknown>,
  }));
  const base = (id: string, extra: Record<string, unknown>) => ({
    id,
    body: { headline: `Attack document ${id}`, category: "Quotes", body: "x", ...extra },
  });
  return [
    ...ordinary,
    // 20 bodies of 200,000 `"`: 26 MB RSS feeds before, and bulk gets past KV's 25 MiB.
    ...Array.from({ length: 20 }, (_, i) => base(`quotes-${i}`, { body: '"'.repeat(HEAVY_CHARS) })),
    // Bodies of 200,000 `&`: nine bytes each in Atom, refused now (the item cannot fit a page).
    ...Array.from({ length: 5 }, (_, i) => base(`amps-${i}`, { body: "&".repeat(HEAVY_CHARS) })),
    // 25 keywords of 50 distinct CJK words: 1,254 KV writes before, refused now.
    base("keyword-flood", {
      keywords: Array.from({ length: 25 }, (_, k) =>
        Array.from({ length: 50 }, (_, j) => String.fromCodePoint(0x4e00 + k * 50 + j)).join(" "),
      ),
    }),
    // A keyword that folds to 1,800 bytes: a key over KV's 512 before (503, yet written), fine now.
    base("folding-keyword", { keywords: ["㌖".repeat(30)] }),
  ];
}

async function timed(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { "accept-encoding": "identity" },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ms: performance.now() - t, status: res.status, bytes };
  } catch {
    return { ms: performance.now() - t, status: 0, bytes: 0 };
  }
}

function latency(ms: number[]): Latency {
  return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) };
}

export async function measureAttack(
  base: string,
  token: string,
  worker: string,
  seconds: number,
  baseMs: number,
): Promise<AttackFigures> {
  const docs = documents(baseMs);
  const counts = { sent: docs.length, accepted: 0, refused: 0, failed: 0 };
  let next = 0;
  const publish = async () => {
    for (let i = next++; i < docs.length; i = next++) {
      const d = docs[i] as (typeof docs)[number];
      const res = await fetch(`${base}/api/articles/${d.id}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(d.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch(() => undefined);
      await res?.body?.cancel();
      if (res && res.status < 300) counts.accepted++;
      else if (res && res.status < 500) counts.refused++;
      else counts.failed++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, publish));

  // The unrelated request: one ordinary article, read live from KV by every request.
  const path = "/api/articles/bench-00003";
  const probe = async (until: number, into: number[]) => {
    while (performance.now() < until) into.push((await timed(`${base}${path}`)).ms);
  };
  const idle: number[] = [];
  await probe(performance.now() + 3_000, idle);

  const alone: number[] = [];
  for (let i = 0; i < 5; i++)
    alone.push((await timed(`${base}/category/quotes/feed.xml?limit=20&exclude=alone${i}`)).ms);

  const statuses: Record<string, number> = {};
  const sizes: number[] = [];
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const client = async (c: number) => {
    while (performance.now() < end) {
      const r = await timed(`${base}/category/quotes/feed.xml?limit=${13 + c}&exclude=zz${c}x${n++}`);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) sizes.push(r.bytes);
    }
  };
  const during: number[] = [];
  await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), probe(end, during)]);

  // The same clients on one cached copy: what serving the bytes alone costs the unrelated request.
  const cachedEnd = performance.now() + (seconds * 1000) / 2;
  const reader = async () => {
    while (performance.now() < cachedEnd) await timed(`${base}/category/quotes/feed.xml?limit=20`);
  };
  const cachedLoad: number[] = [];
  await Promise.all([...Array.from({ length: CLIENTS }, reader), probe(cachedEnd, cachedLoad)]);
  return {
    worker,
    documents: counts,
    attack: {
      seconds,
      requests: Object.values(statuses).reduce((a, b) => a + b, 0),
      statuses,
      maxBytes: sizes.length > 0 ? Math.max(...sizes) : 0,
      medianBytes: sizes.length > 0 ? percentile(sizes, 50) : 0,
    },
    unrelated: { path, idle: latency(idle), underAttack: latency(during) },
    uncachedAlone: latency(alone),
    underCachedLoad: latency(cachedLoad),
  };
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)} ms`);
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(2)} MB`;

/** The attack table: this run beside the "before" figures, when there are any. */
export function attackTable(runs: readonly AttackFigures[]): string {
  const row = (name: string, f: (a: AttackFigures) => string) => `| ${name} | ${runs.map(f).join(" | ")} |`;
  const statuses = (a: AttackFigures) =>
    Object.entries(a.attack.statuses)
      .map(([s, k]) => `${k} × ${s === "0" ? "timeout" : s}`)
      .join(", ");
  return [
    `| | ${runs.map((r) => r.worker).join(" | ")} |`,
    `|---|${runs.map(() => "---").join("|")}|`,
    row(
      "documents sent: accepted / refused / 5xx",
      (a) => `${a.documents.sent}: ${a.documents.accepted} / ${a.documents.refused} / ${a.documents.failed}`,
    ),
    row(`8 clients, uncached feeds, ${runs[0]?.attack.seconds ?? 0} s: answers`, statuses),
    row("largest / median feed answered", (a) => `${mb(a.attack.maxBytes)} / ${mb(a.attack.medianBytes)}`),
    row("one uncached feed alone: p50", (a) => (a.uncachedAlone ? ms(a.uncachedAlone.p50) : "not measured")),
    row(
      "unrelated request alone: p50 / p99",
      (a) => `${ms(a.unrelated.idle.p50)} / ${ms(a.unrelated.idle.p99)}`,
    ),
    row("unrelated request during the attack: p50 / p99 / max (n)", (a) => {
      const u = a.unrelated.underAttack;
      return `${ms(u.p50)} / ${ms(u.p99)} / ${ms(u.max)} (${u.n})`;
    }),
    row("unrelated request while the 8 read one cached feed: p50 / p99", (a) =>
      a.underCachedLoad ? `${ms(a.underCachedLoad.p50)} / ${ms(a.underCachedLoad.p99)}` : "not measured",
    ),
  ].join("\n");
}
