/// <reference types="node" />
// The combined report: machine, versions, targets (met or not, with the number), then the figures
// behind them, as one Markdown document (printed, and kept in bench/results/latest.md).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import type { AfterPublish, Throughput } from "./load.ts";
import { percentile } from "./load.ts";
import type { WrkResult, WrkSettings } from "./wrk.ts";

export interface Machine {
  date: string;
  cpu: string;
  nproc: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  workerd: string;
  wrangler: string;
  wrk: string;
  loadAtStart: string;
}

export function machine(workerd: string, wrangler: string, wrk: string): Machine {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {}
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {}
  return {
    date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    cpu,
    nproc,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    workerd,
    wrangler,
    wrk,
    loadAtStart: loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
  };
}

export interface PathRow {
  id: string;
  name: string;
  path: string;
  bytes: number;
  real: WrkResult;
  /** The ceiling the ratio is taken against (for 304 and cold build: the ceiling's 200 of the RSS page). */
  ceiling: WrkResult;
  /** The ceiling's own 304, for the 304 row. */
  ceiling304?: WrkResult;
  /** Worker ÷ ceiling req/s of each alternating round (the ratio is their median). */
  ratios?: number[];
}

export interface Stage {
  size: number;
  /** Articles in the store when the reads were measured. */
  stored: number;
  /** Seeded in bulk (bench/seeder.ts) rather than through the API. */
  bulk: boolean;
  seed: Throughput;
  settleMs: number;
  /** 1-minute load average before and after the stage's load runs. */
  load: number[];
  /** Share of the machine (0-1) other processes used during the stage's measurements. */
  foreign: number;
  rows: PathRow[];
  after: AfterPublish & { ceiling: number[] };
  post: Throughput;
}

export interface RenderFigures {
  renderer: string;
  sizes: Record<string, { median: number; p95: number; cpu: number; faults: number; bytes: number }>;
}

export interface KvOps {
  sizes: number[];
  reads: {
    size: number;
    id: string;
    name: string;
    cold: Record<string, number>;
    warm: Record<string, number>;
  }[];
  publish: { step: string; counts: Record<string, number>; note?: string }[];
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");
const kb = (b: number) => `${Math.round(b / 1024)}`;
const ops = (c: Record<string, number> | undefined) =>
  c ? `${c.get}/${c.bulkGet}/${c.list}/${c.put}/${c.delete}` : "n/a";
const mark = (ok: boolean) => (ok ? "**met**" : "**not met**");
/** The median of the rounds' ratios (runs before rounds were kept: the ratio of the means). */
export const ratio = (r: PathRow) => (r.ratios?.length ? median(r.ratios) : r.real.rps / r.ceiling.rps);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
/** "0.91-0.99": the spread of a row's rounds. */
export const spread = (r: PathRow) =>
  r.ratios?.length ? `${Math.min(...r.ratios).toFixed(2)}-${Math.max(...r.ratios).toFixed(2)}` : "";

export interface ReportInput {
  machine: Machine;
  wrk: WrkSettings;
  /** Alternating runs per side and path. */
  rounds: number;
  quick: boolean;
  snapshot: { root: string; commit: string; dirty: string[] };
  storeInMemory: boolean;
  stages: Stage[];
  render?: { node: string; runs: number; results: RenderFigures[] };
  kvOps?: KvOps;
  /** Average KV puts of one new article's publish over the generated corpus, and its parts. */
  putsPerPublish: { average: number; min: number; max: number };
}

export function report(input: ReportInput): string {
  const { machine: m, stages } = input;
  const out: string[] = [];
  const first = stages[0];
  const last = stages.at(-1);
  const row = (s: Stage | undefined, id: string) => s?.rows.find((r) => r.id === id);
  const warmIds = ["feed-default", "rss", "atom", "json", "category", "keyword"];

  out.push(`# Edgewire benchmark, ${m.date}`, "");
  out.push(
    `Machine: ${m.cpu}, ${m.nproc} CPUs (nproc), ${m.memoryGiB} GiB, Linux ${m.kernel}, load average at start ${m.loadAtStart}.  `,
    `Node ${m.node}, workerd ${m.workerd} (wrangler ${m.wrangler} \`wrangler dev --log-level warn\`: local KV, Durable Objects and Cache API, stored ${input.storeInMemory ? "on tmpfs" : "on disk"}), ${m.wrk}.  `,
    `Worker: a snapshot of ${input.snapshot.root} at ${input.snapshot.commit}${input.snapshot.dirty.length ? ` with uncommitted changes to ${input.snapshot.dirty.join(", ")}` : ""}.  `,
    `Load: \`wrk -t${input.wrk.threads} -c${input.wrk.connections} -d${input.wrk.seconds}s --latency\`, ${input.rounds} runs each against the Worker and the ceiling, alternating (bench/ceiling.ts: the bytes and headers just captured from the Worker, served from memory by the same runtime); req/s and latencies are means over the runs, the ratio (requests/s of the Worker / of the ceiling) the median of the runs' ratios, with their spread. Requests do not ask for compression (wrk sends no Accept-Encoding: identity bodies on both sides). "Cold" is a cache miss in a warm isolate: a URL never requested before (a unique \`exclude\` term), so it lists, bulk-gets and assembles or renders.  `,
    `One store grown ${stages.map((s) => `${s.size.toLocaleString("en-US")}${s.bulk ? " (in bulk)" : ""}`).join(" → ")} articles (~4 KB bodies, 8 categories, 3-5 keywords of 1-3 words) through the batch API unless marked in bulk${input.quick ? "; quick mode" : ""}. Other processes on the machine used ${stages.map((s) => `${(s.foreign * 100).toFixed(0)}%`).join(", ")} of its CPU during each stage's measurements (load average before/after: ${stages.map((s) => s.load.map((x) => x.toFixed(1)).join("/")).join(", ")}).`,
    "",
  );

  // Targets.
  out.push("## Targets", "", "| target | measured | |", "|---|---|---|");
  if (last) {
    const warm = warmIds.map((id) => row(last, id)).filter((r): r is PathRow => !!r);
    const worst = Math.min(...warm.map(ratio));
    const warmLists =
      input.kvOps?.reads.filter((r) => warmIds.includes(r.id)).map((r) => r.warm.list ?? 0) ?? [];
    const noList = warmLists.length > 0 && warmLists.every((x) => x === 0);
    out.push(
      `| warm feed ≥ 0.95 of the ceiling, no KV list | ${warm.map((r) => `${r.id} ${f(ratio(r))}`).join(", ")} at ${last.size.toLocaleString("en-US")}; warm list calls: ${warmLists.length ? Math.max(...warmLists) : "not counted"} | ${mark(worst >= 0.95 && noList)} |`,
    );
    const a = last.after;
    const ap = percentile(a.ceiling, 50) / percentile(a.first, 50);
    out.push(
      `| first request after a publish ≥ 0.5 of the ceiling | ${f(ap)} (ceiling GET p50 ${f(percentile(a.ceiling, 50))} ms / first GET after PUT p50 ${f(percentile(a.first, 50))} ms) | ${mark(ap >= 0.5)} |`,
    );
    const r304 = row(last, "304");
    if (r304)
      out.push(
        `| 304 ≥ 1.2 of the ceiling (its 200) | ${f(ratio(r304))} (${int(r304.real.rps)} vs ${int(r304.ceiling.rps)} req/s; the ceiling's own 304: ${int(r304.ceiling304?.rps ?? Number.NaN)}) | ${mark(ratio(r304) >= 1.2)} |`,
      );
    if (first && first !== last) {
      const scale = ["rss", "listing", "cold"].map((id) => {
        const a1 = row(first, id);
        const b1 = row(last, id);
        return { id, r: a1 && b1 ? b1.real.rps / a1.real.rps : Number.NaN };
      });
      out.push(
        `| req/s with ${last.size.toLocaleString("en-US")} ≥ 0.95 of with ${first.size} | ${scale.map((s) => `${s.id} ${f(s.r)}`).join(", ")} | ${mark(scale.every((s) => s.r >= 0.95))} |`,
      );
    }
  }
  if (input.render) {
    // A cache miss assembles stored fragments; rendering from the records is the write's cost.
    const assembled = input.render.results.filter((r) => r.renderer.startsWith("assembled"));
    const ours =
      assembled.length > 0 ? assembled : input.render.results.filter((r) => r.renderer.startsWith("ours"));
    const cpu = ours.map((r) => ({
      name: r.renderer.replace(/^(ours|assembled): /, ""),
      ms: r.sizes["100"]?.median ?? Number.NaN,
    }));
    out.push(
      `| render 100 full items ≤ 3 ms in each format | ${assembled.length > 0 ? "assembled from stored fragments (a cache miss)" : "rendered"}: median ${cpu.map((c) => `${c.name} ${f(c.ms)}`).join(", ")} ms in Node (the V8 of workerd), on this machine | ${mark(cpu.every((c) => c.ms <= 3))} |`,
    );
  }
  out.push("");

  // Reads per stage.
  for (const s of stages) {
    out.push(
      `## Reads with ${s.size.toLocaleString("en-US")} articles (${s.stored.toLocaleString("en-US")} stored)`,
      "",
      "| path | KB | req/s | p50 ms | p99 ms | ceiling req/s | ceiling p50 ms | ratio (median) | spread |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const r of s.rows) {
      const err = r.real.errors ? ` (${r.real.errors} errors)` : "";
      out.push(
        `| ${r.name} \`${r.path}\` | ${kb(r.bytes)} | ${int(r.real.rps)}${err} | ${f(r.real.p50)} | ${f(r.real.p99)} | ${int(r.ceiling.rps)} | ${f(r.ceiling.p50)} | ${f(ratio(r))} | ${spread(r)} |`,
      );
      if (r.ceiling304)
        out.push(
          `| (the ceiling's own 304) | 0 | | | | ${int(r.ceiling304.rps)} | ${f(r.ceiling304.p50)} | ${f(r.real.rps / r.ceiling304.rps)} |`,
        );
    }
    const a = s.after;
    out.push(
      `| first GET \`/feed.xml\` right after a PUT (${a.first.length} rounds, ${a.fresh} showed the new article) | | | ${f(percentile(a.first, 50))} | ${f(percentile(a.first, 99))} | | ${f(percentile(a.ceiling, 50))} | ${f(percentile(a.ceiling, 50) / percentile(a.first, 50))} |`,
      `| warm GET \`/feed.xml\`, one at a time | | | ${f(percentile(a.warm, 50))} | ${f(percentile(a.warm, 99))} | | ${f(percentile(a.ceiling, 50))} | ${f(percentile(a.ceiling, 50) / percentile(a.warm, 50))} |`,
      "",
    );
  }

  // Scale.
  if (first && last && first !== last) {
    out.push(
      `## Archive size: req/s with ${last.size.toLocaleString("en-US")} articles / with ${first.size}`,
      "",
      "| path | raw | ratio-to-ceiling, compared |",
      "|---|---:|---:|",
    );
    for (const r of first.rows) {
      const b = row(last, r.id);
      if (b) out.push(`| ${r.id} | ${f(b.real.rps / r.real.rps)} | ${f(ratio(b) / ratio(r))} |`);
    }
    out.push("");
  }

  // Publish.
  out.push(
    "## Publishing",
    "",
    "| what | articles | articles/s | p50 ms | p99 ms | failures |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const s of stages) {
    out.push(
      `| ${s.bulk ? "bulk seeding (bench/seeder.ts, not the write path)" : "batch API seeding (100 a request, 4 in parallel)"} to ${s.size.toLocaleString("en-US")} | ${int(s.seed.articles)} | ${f(s.seed.perSecond, 1)} | ${f(s.seed.p50, 0)} (100) | ${f(s.seed.p99, 0)} (100) | ${s.seed.failures} |`,
      `| single POST, 10 concurrent, at ${s.size.toLocaleString("en-US")} | ${int(s.post.articles)} | ${f(s.post.perSecond, 1)} | ${f(s.post.p50, 0)} | ${f(s.post.p99, 0)} | ${s.post.failures} |`,
    );
  }
  const p = input.putsPerPublish;
  const publish = input.kvOps?.publish.find(
    (w) => w.step.startsWith("publish") && w.step.includes("together"),
  );
  const lists = publish?.counts.list ?? Number.NaN;
  out.push(
    "",
    `KV writes per new article: 1 record + 1 all-articles index + 1 category index + 1 per distinct keyword word (+1 the first time a category is used): ${p.min}-${p.max}, average ${f(p.average, 1)} over the generated corpus. ` +
      `On the free plan (1,000 writes a day) that is about **${Math.floor(1000 / p.average)} new articles a day** (${Math.floor(1000 / p.max)}-${Math.floor(1000 / p.min)}); an update costs the same puts (plus a delete per index key it leaves), a takedown 1 put and a delete per index key (1,000 deletes a day). ` +
      (publish
        ? `Counted for one publish (4 distinct keyword words): ${ops(publish.counts)} (get/bulk get/list/put/delete): the ${lists} lists rebuild the whole-site and category feeds, so 1,000 lists a day allow ${Math.floor(1000 / lists)} writes; writes remain the tighter limit.`
        : ""),
    "",
  );

  if (input.kvOps) {
    const k = input.kvOps;
    const big = Math.max(...k.sizes);
    out.push(
      `## KV operations per request (get/bulk get/list/put/delete), counted in workerd at ${k.sizes.map((x) => x.toLocaleString("en-US")).join(", ")} articles`,
      "",
      `| path | cold (nothing cached) | warm | the same at every size |`,
      "|---|---|---|---|",
    );
    for (const r of k.reads.filter((x) => x.size === big)) {
      const same = k.reads
        .filter((x) => x.id === r.id)
        .every((x) => ops(x.cold) === ops(r.cold) && ops(x.warm) === ops(r.warm));
      out.push(`| ${r.name} | ${ops(r.cold)} | ${ops(r.warm)} | ${same ? "yes" : "no"} |`);
    }
    out.push("", "| write | get/bulk get/list/put/delete |", "|---|---|");
    for (const w of k.publish) out.push(`| ${w.step}${w.note ? ` (${w.note})` : ""} | ${ops(w.counts)} |`);
    out.push("");
  }

  if (input.render) {
    const r = input.render;
    out.push(
      `## Render CPU per feed (Node ${r.node}, median of ${r.runs} renders, ms; CPU = mean process CPU per render)`,
      "",
      "| renderer | 20 items | 50 items | 100 items | 100 items CPU | 100 items KB | page faults per 100-item render |",
      "|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const x of r.results) {
      const s = (n: string) => x.sizes[n];
      out.push(
        `| ${x.renderer} | ${f(s("20")?.median ?? Number.NaN)} | ${f(s("50")?.median ?? Number.NaN)} | ${f(s("100")?.median ?? Number.NaN)} | ${f(s("100")?.cpu ?? Number.NaN)} | ${kb(s("100")?.bytes ?? 0)} | ${f(s("100")?.faults ?? Number.NaN, 0)} |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}
