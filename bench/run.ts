#!/usr/bin/env node
/// <reference types="node" />
// `npm run bench`: the whole benchmark, printed as one table and kept in bench/results/latest.md.
//
//   1. Render CPU per feed (bench/render.ts --json) and KV operations per request and per publish
//      (bench/kv-ops.bench.test.ts inside workerd), while the machine is otherwise idle.
//   2. The Worker under `wrangler dev` (from a snapshot of src/, a fresh store on tmpfs, a random
//      token) and the ceiling worker (bench/ceiling.ts) side by side. One store grows
//      100 → 1,000 → 10,000 articles: through the batch API up to 1,000 (that rate is the batch
//      publish throughput), then in bulk (bench/seeder.ts) because the write path would take minutes.
//      At each size every path of bench/paths.ts is loaded with wrk against the Worker and then
//      against the ceiling serving the same bytes; then 30 publishes, each followed at once by a GET
//      of /feed.xml; then single POSTs from 10 concurrent loops.
//
//   3. The issue's read attack on a fresh store (bench/lib/attack.ts): the same input documents,
//      then an unrelated request timed while 8 anonymous clients ask for feeds that are never cached.
//   4. A partner's warm feed next to the public one, on a fresh store (bench/partner.ts).
//
//   node bench/run.ts [--quick] [--seconds N] [--connections N] [--worker-root DIR] [--seed-api]
//     --quick         100 and 1,000 articles, 2 s per load run
//     --rounds N      alternating Worker/ceiling runs per path (default and least 5): median and spread
//     --worker-root   serve the Worker from another checkout (to measure a change before making it)
//     --attack-only   only step 3 (--attack-seconds N, default 10 quick, 20 otherwise); with
//                     --before, keep its figures as the "before" column (results/attack-before.json)
//     --seed-api      grow every stage through the batch API (slow: about 20 articles/s)
//     --sizes 100,10000   other archive sizes
//     --on-disk       keep the local store in the temp dir instead of /dev/shm
//     --skip-render, --skip-kv-ops
//
// Installs nothing but wrk (Debian's package, when missing and run as root).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { keywordWords } from "../src/store/keys.ts";
import { benchArticles } from "./corpus.ts";
import { type AttackFigures, attackTable, measureAttack } from "./lib/attack.ts";
import { afterPublish, postLoop, seedBatches, sequentialGets, type Throughput } from "./lib/load.ts";
import { type KvOps, machine, type PathRow, type RenderFigures, report, type Stage } from "./lib/report.ts";
import { seedInBulk, snapshot, startApp, startCeiling } from "./lib/stack.ts";
import {
  cpuSample,
  foreignShare,
  killAllSync,
  type LocalWorker,
  stopAll,
  stopWorker,
  waitIdle,
} from "./lib/workers.ts";
import { combine, ensureWrk, runWrk, uncachedScript, type WrkResult, type WrkSettings } from "./lib/wrk.ts";
import { type PartnerRow, partnerTable, runPartnerBench } from "./partner.ts";
import { type ReadPath, readPaths } from "./paths.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RESULTS = join(ROOT, "bench", "results");
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag("--quick");
const SIZES = option("--sizes")?.split(",").map(Number) ?? (QUICK ? [100, 1_000] : [100, 1_000, 10_000]);
const WRK: WrkSettings = {
  threads: 2,
  connections: Number(option("--connections") ?? 10),
  seconds: Number(option("--seconds") ?? (QUICK ? 2 : 3)),
};
/** Alternating runs per path and side (at least 5): each side gets ROUNDS x seconds of load. */
const ROUNDS = Math.max(5, Number(option("--rounds") ?? 5));
const WORKER_ROOT = resolve(option("--worker-root") ?? ROOT);
const AFTER_ROUNDS = 30;
const POST_SECONDS = QUICK ? 3 : 8;
const ATTACK_ONLY = flag("--attack-only");
const ATTACK_SECONDS = Number(option("--attack-seconds") ?? (QUICK ? 10 : 20));
const BEFORE_FILE = join(RESULTS, "attack-before.json");
/** Articles are published within 180 days before this instant. */
const BASE_MS = Date.now();

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.once("error", rej);
    child.once("exit", (code) => res({ code: code ?? 1, out }));
  });
}

async function renderFigures() {
  log("render CPU: node --expose-gc bench/render.ts --json");
  const { code, out } = await run(["--expose-gc", join(ROOT, "bench", "render.ts"), "--json"]);
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`bench/render.ts failed:\n${out}`);
  return JSON.parse(line) as { node: string; runs: number; results: RenderFigures[] };
}

async function kvOps(): Promise<KvOps> {
  log("KV operations: vitest --config bench/vitest.config.ts (seeds up to 10,000 articles in workerd)");
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  const file = join(RESULTS, "kv-ops.json");
  rmSync(file, { force: true });
  const { code, out } = await run([vitest, "run", "--config", "bench/vitest.config.ts"], {
    BENCH_QUICK: QUICK ? "1" : "",
  });
  if (code !== 0 || !existsSync(file)) throw new Error(`KV operation count failed:\n${out}`);
  return JSON.parse(readFileSync(file, "utf8")) as KvOps;
}

/** A package's version as `wrangler dev` resolves it (workerd through wrangler's miniflare). */
function versionOf(chain: string[]): string {
  try {
    let from = join(ROOT, "package.json");
    for (const name of chain) from = createRequire(from).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(from, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Fetches a path from the Worker as a reader would (no compression) and hands it to the ceiling. */
async function capture(real: LocalWorker, ceiling: LocalWorker, path: string) {
  const res = await fetch(`${real.base}${path}`, { headers: { "accept-encoding": "identity" } });
  const body = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${new TextDecoder().decode(body)}`);
  const skip = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);
  const headers = [...res.headers].filter(([k]) => !skip.has(k.toLowerCase()));
  const load = await fetch(`${ceiling.base}/__load?path=${encodeURIComponent(path)}`, {
    method: "PUT",
    headers: { "x-headers": JSON.stringify(headers) },
    body,
  });
  await load.text();
  if (!load.ok) throw new Error(`ceiling load of ${path}: ${load.status}`);
  // The Worker stores its copy in the Cache API after the response: let that finish.
  await new Promise((r) => setTimeout(r, 300));
  return { bytes: body.length, etag: res.headers.get("etag") ?? "" };
}

/**
 * `ROUNDS` alternating runs of the Worker and the ceiling (A B A B …): drift on a shared machine
 * then touches both sides alike. The ratio is the median of the rounds' ratios, with their spread;
 * req/s and latencies are the means over the rounds.
 */
async function alternate(a: () => Promise<WrkResult>, b: () => Promise<WrkResult>) {
  const as: WrkResult[] = [];
  const bs: WrkResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    as.push(await a());
    bs.push(await b());
  }
  const ratios = as.map((x, i) => x.rps / (bs[i] as WrkResult).rps);
  return { real: combine(as), ceiling: combine(bs), ratios };
}

async function measurePaths(
  real: LocalWorker,
  ceiling: LocalWorker,
  paths: ReadPath[],
  scratch: string,
  size: number,
) {
  const rows: PathRow[] = [];
  const script = uncachedScript(scratch);
  for (const p of paths) {
    const { bytes, etag } = await capture(real, ceiling, p.path);
    const ceiling200 = () => runWrk(`${ceiling.base}${p.path}`, WRK);
    let r: PathRow;
    if (p.uncached) {
      const nonce = `${size}r${randomBytes(3).toString("hex")}`;
      const built = () => runWrk(`${real.base}${p.path}`, WRK, { script, scriptArgs: [p.path, nonce] });
      r = {
        id: p.id,
        name: p.name,
        path: `${p.path}&exclude=…`,
        bytes,
        ...(await alternate(built, ceiling200)),
      };
    } else if (p.conditional) {
      const headers = { "if-none-match": etag };
      const notModified = () => runWrk(`${real.base}${p.path}`, WRK, { headers });
      const pair = await alternate(notModified, ceiling200);
      const own = combine([await runWrk(`${ceiling.base}${p.path}`, WRK, { headers })]);
      r = { id: p.id, name: p.name, path: p.path, bytes: 0, ...pair, ceiling304: own };
    } else {
      const served = () => runWrk(`${real.base}${p.path}`, WRK);
      r = { id: p.id, name: p.name, path: p.path, bytes, ...(await alternate(served, ceiling200)) };
    }
    log(
      `  ${p.name.padEnd(42)} ${r.real.rps.toFixed(0).padStart(6)} req/s  p50 ${r.real.p50.toFixed(2)} ms  ceiling ${r.ceiling.rps.toFixed(0)}  ratio ${(r.real.rps / r.ceiling.rps).toFixed(2)}${r.real.errors ? `  ${r.real.errors} ERRORS` : ""}`,
    );
    rows.push(r);
  }
  return rows;
}

async function main() {
  if (ATTACK_ONLY) {
    mkdirSync(RESULTS, { recursive: true });
    return attackOnly();
  }
  const wrk = ensureWrk();
  const m = machine(versionOf(["wrangler", "miniflare", "workerd"]), versionOf(["wrangler"]), wrk);
  log(`${m.cpu}, ${m.nproc} CPUs, ${m.memoryGiB} GiB; Node ${m.node}; workerd ${m.workerd}; ${wrk}`);
  mkdirSync(RESULTS, { recursive: true });
  const render = flag("--skip-render") ? undefined : await renderFigures();
  const ops = flag("--skip-kv-ops") ? undefined : await kvOps();

  const scratch = mkdtempSync(join(tmpdir(), "edgewire-bench-"));
  const memory = !flag("--on-disk") && existsSync("/dev/shm");
  const stateRoot = memory ? mkdtempSync(join("/dev/shm", "edgewire-bench-")) : scratch;
  const persist = join(stateRoot, "state");
  const token = randomBytes(18).toString("base64url");
  const stages: Stage[] = [];
  let attack: AttackFigures | undefined;
  let partner: PartnerRow[] | undefined;
  const snap = snapshot(WORKER_ROOT, join(scratch, "worker"));
  log(
    `the Worker from a snapshot of ${WORKER_ROOT} (${snap.commit}${snap.dirty.length ? ` + ${snap.dirty.length} changed files` : ""}); store in ${persist}`,
  );
  try {
    let real = await startApp(snap.dir, persist, token);
    const ceiling = await startCeiling(join(ROOT, "bench"), join(stateRoot, "ceiling-state"));
    let seeded = 0;
    let stored = 0;
    for (const [i, size] of SIZES.entries()) {
      const bulk = !flag("--seed-api") && size - seeded > 2_000;
      log(
        `seeding ${seeded} → ${size} articles ${bulk ? "in bulk (bench/seeder.ts)" : "through POST /api/articles/batch"}`,
      );
      let seed: Throughput;
      if (bulk) {
        await stopWorker(real.child);
        seed = await seedInBulk(join(ROOT, "bench"), persist, seeded, size, BASE_MS);
        real = await startApp(snap.dir, persist, token);
      } else seed = await seedBatches(real.base, token, seeded, size, BASE_MS);
      stored += size - seeded;
      seeded = size;
      const settleMs = await waitIdle(real);
      log(`  ${seed.perSecond.toFixed(1)} articles/s; idle after ${(settleMs / 1000).toFixed(1)} s`);
      const load = [loadavg()[0] ?? 0];
      const cpuBefore = cpuSample();
      const startedAt = performance.now();
      const rows = await measurePaths(
        real,
        ceiling,
        readPaths(benchArticles(0, size, BASE_MS)),
        scratch,
        size,
      );
      log(`  ${AFTER_ROUNDS} publishes, each followed at once by GET /feed.xml`);
      const after = await afterPublish(real.base, token, "/feed.xml", String(size), AFTER_ROUNDS, () =>
        waitIdle(real),
      );
      await capture(real, ceiling, "/feed.xml");
      const ceilingSeq = await sequentialGets(`${ceiling.base}/feed.xml`, AFTER_ROUNDS);
      log(`  single POSTs from 10 loops for ${POST_SECONDS} s`);
      const post = await postLoop(real.base, token, 100_000 * (i + 1), POST_SECONDS);
      load.push(loadavg()[0] ?? 0);
      const foreign = foreignShare(cpuBefore, cpuSample(), performance.now() - startedAt);
      log(`  other processes used ${(foreign * 100).toFixed(0)}% of the machine meanwhile`);
      stages.push({
        size,
        stored,
        bulk,
        seed,
        settleMs,
        load,
        foreign,
        rows,
        after: { ...after, ceiling: ceilingSeq },
        post,
      });
      stored += AFTER_ROUNDS + post.articles;
      await waitIdle(real);
    }
    await stopWorker(real.child);
    attack = await attackRun(snap, stateRoot, token);
    log("partner: a partner's warm feed next to the public one (bench/partner.ts)");
    partner = await runPartnerBench(WORKER_ROOT, WRK, ROUNDS + 1);
  } finally {
    await stopAll();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(stateRoot, { recursive: true, force: true });
  }

  const words = benchArticles(0, 10_000, BASE_MS).map((a) => 3 + keywordWords(a.keywords).length);
  const md = report({
    machine: m,
    wrk: WRK,
    rounds: ROUNDS,
    quick: QUICK,
    snapshot: { root: WORKER_ROOT === ROOT ? "." : WORKER_ROOT, commit: snap.commit, dirty: snap.dirty },
    storeInMemory: memory,
    stages,
    ...(render ? { render } : {}),
    ...(ops ? { kvOps: ops } : {}),
    putsPerPublish: {
      average: words.reduce((s, x) => s + x, 0) / words.length,
      min: Math.min(...words),
      max: Math.max(...words),
    },
  });
  const withAttack = attack ? `${md}\n\n${attackSection(attack)}` : md;
  const full = partner ? `${withAttack}\n\n${partnerTable(partner)}` : withAttack;
  console.log(`\n${full}`);
  const name = WORKER_ROOT !== ROOT ? "experiment" : QUICK ? "latest-quick" : "latest";
  writeFileSync(join(RESULTS, `${name}.md`), `${full}\n`);
  writeFileSync(
    join(RESULTS, `${name}.json`),
    `${JSON.stringify({ machine: m, wrk: WRK, snapshot: snap, stages, render, kvOps: ops, attack }, null, 1)}\n`,
  );
  log(`written to bench/results/${name}.md and .json`);
}

/** The attack on its own fresh store, with the Worker of `snap`. */
async function attackRun(snap: ReturnType<typeof snapshot>, stateRoot: string, token: string) {
  log(`attack: the same documents, then 8 clients on uncached feeds for ${ATTACK_SECONDS} s`);
  const app = await startApp(snap.dir, join(stateRoot, "attack-state"), token);
  try {
    const label = `${snap.commit}${snap.dirty.length > 0 ? " + changes" : ""}`;
    return await measureAttack(app.base, token, label, ATTACK_SECONDS, BASE_MS);
  } finally {
    await stopWorker(app.child);
  }
}

/** The attack table, with the "before" figures beside this run's when they were measured. */
function attackSection(a: AttackFigures): string {
  const before = existsSync(BEFORE_FILE)
    ? (JSON.parse(readFileSync(BEFORE_FILE, "utf8")) as AttackFigures)
    : undefined;
  const runs =
    before && before.worker !== a.worker ? [{ ...before, worker: `before: ${before.worker}` }, a] : [a];
  return `## Under attack\n\n${attackTable(runs)}\n\nThe same ${a.documents.sent} documents on a fresh store; then \`GET ${a.unrelated.path}\` sequentially, alone for 3 s and while 8 anonymous clients request \`/category/quotes/feed.xml?limit=13…20&exclude=<new each time>\` as fast as they are answered (bench/lib/attack.ts).${before ? "" : ' No "before" figures: run with --attack-only --before --worker-root <an older checkout>.'}`;
}

async function attackOnly() {
  const scratch = mkdtempSync(join(tmpdir(), "edgewire-bench-"));
  const stateRoot = existsSync("/dev/shm") ? mkdtempSync(join("/dev/shm", "edgewire-bench-")) : scratch;
  const snap = snapshot(WORKER_ROOT, join(scratch, "worker"));
  log(`the Worker from a snapshot of ${WORKER_ROOT} (${snap.commit})`);
  let a: AttackFigures;
  try {
    a = await attackRun(snap, stateRoot, randomBytes(18).toString("base64url"));
  } finally {
    await stopAll();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(stateRoot, { recursive: true, force: true });
  }
  if (flag("--before")) {
    writeFileSync(BEFORE_FILE, `${JSON.stringify(a, null, 1)}\n`);
    log(`kept as the "before" figures: bench/results/attack-before.json`);
  }
  const md = attackSection(a);
  console.log(`\n${md}`);
  if (!flag("--before")) {
    writeFileSync(join(RESULTS, "attack.md"), `${md}\n`);
    writeFileSync(join(RESULTS, "attack.json"), `${JSON.stringify(a, null, 1)}\n`);
    log("written to bench/results/attack.md and .json");
  }
}

process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllSync();
    process.exit(130);
  });
}
main().catch(async (err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  await stopAll();
  process.exit(1);
});
