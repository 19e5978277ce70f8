/// <reference types="node" />
// The workers a benchmark run starts: the Worker itself from a snapshot of the checkout (so that edits
// made during a run neither restart it nor mix two versions), the ceiling, and the bulk seeder, all
// under `wrangler dev` with request logging off (`--log-level warn`: otherwise wrangler's proxy posts
// every request's log line to its Node process, a cost both sides would pay).
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { BENCH_SITE_URL } from "../site.ts";
import { percentile, type Throughput } from "./load.ts";
import { type LocalWorker, startWorker, stopWorker } from "./workers.ts";

const QUIET = ["--log-level", "warn"];

export interface Snapshot {
  dir: string;
  /** `git describe`-like: the commit, and the files that differ from it. */
  commit: string;
  dirty: string[];
}

/** Copies what `wrangler dev` builds the Worker from (src/, its config) into `into`. */
export function snapshot(root: string, into: string): Snapshot {
  mkdirSync(into, { recursive: true });
  cpSync(join(root, "src"), join(into, "src"), { recursive: true });
  for (const f of ["wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts"])
    if (existsSync(join(root, f))) copyFileSync(join(root, f), join(into, f));
  symlinkSync(join(root, "node_modules"), join(into, "node_modules"), "dir");
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  return {
    dir: into,
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain", "--", "src", "wrangler.toml"])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3)),
  };
}

export function startApp(dir: string, persist: string, token: string): Promise<LocalWorker> {
  return startWorker("edgewire", dir, [
    "--persist-to",
    persist,
    "--var",
    `PUBLISH_TOKENS:bench:${token}`,
    "--var",
    `SITE_URL:${BENCH_SITE_URL}`,
    ...QUIET,
  ]);
}

export function startCeiling(benchDir: string, persist: string): Promise<LocalWorker> {
  return startWorker("ceiling", benchDir, [
    "--config",
    join(benchDir, "ceiling.wrangler.toml"),
    "--persist-to",
    persist,
    ...QUIET,
  ]);
}

/**
 * Grows the store to `to` articles without the write path (bench/seeder.ts), with the app stopped;
 * clears the feed cache so that nothing built for the smaller archive is served. Returns the rate.
 */
export async function seedInBulk(
  benchDir: string,
  persist: string,
  from: number,
  to: number,
  baseMs: number,
): Promise<Throughput> {
  const seeder = await startWorker("seeder", benchDir, [
    "--config",
    join(benchDir, "seeder.wrangler.toml"),
    "--persist-to",
    persist,
    ...QUIET,
  ]);
  const chunks: number[] = [];
  for (let i = from; i < to; i += 100) chunks.push(i);
  const times: number[] = [];
  const start = performance.now();
  try {
    let next = 0;
    const loop = async () => {
      for (let i = next++; i < chunks.length; i = next++) {
        const a = chunks[i] as number;
        const t = performance.now();
        const res = await fetch(
          `${seeder.base}/__seed?from=${a}&to=${Math.min(to, a + 100)}&base=${baseMs}`,
          {
            method: "POST",
          },
        );
        const text = await res.text();
        if (res.status !== 200) throw new Error(`seeder answered ${res.status}: ${text.slice(0, 500)}`);
        times.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: 4 }, loop));
  } finally {
    await stopWorker(seeder.child);
  }
  const seconds = (performance.now() - start) / 1000;
  rmSync(join(persist, "v3", "cache"), { recursive: true, force: true });
  return {
    articles: to - from,
    seconds,
    perSecond: (to - from) / seconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    failures: 0,
  };
}
