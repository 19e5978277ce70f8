/// <reference types="node" />
// Local workers for the benchmark: `wrangler dev` on a free port, in its own process group (so that
// wrangler and its workerd processes stop together, also on Ctrl-C or an error), with a throwaway
// store; plus "wait until the group is idle" (the writer's alarms rebuild feeds after a publish).
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";

export const HOST = "127.0.0.1";

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface LocalWorker {
  name: string;
  base: string;
  child: ChildProcess;
  log: () => string;
}

const running = new Set<ChildProcess>();

/**
 * `wrangler dev` with the given extra arguments, from `cwd` (the checkout whose wrangler.toml it
 * reads unless `--config` is given). Request logging is left as `wrangler dev` has it by default.
 */
export async function startWorker(name: string, cwd: string, args: string[]): Promise<LocalWorker> {
  const port = await freePort();
  const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin");
  let log = "";
  const child = spawn(
    process.execPath,
    [
      join(wrangler, "wrangler.js"),
      "dev",
      ...args,
      "--ip",
      HOST,
      "--port",
      String(port),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", BROWSER: "none" },
    },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  // Keep the tail only: under load wrangler logs one line per request.
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const worker = { name, base: `http://${HOST}:${port}`, child, log: () => log };
  await waitUntilUp(worker);
  return worker;
}

async function waitUntilUp(w: LocalWorker): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (w.child.exitCode !== null) throw new Error(`${w.name}: wrangler exited early\n${w.log()}`);
    try {
      const res = await fetch(`${w.base}/__bench_ready`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`${w.name}: not up after 120 s\n${w.log()}`);
}

export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.pid === undefined) return res();
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {}
    };
    const timer = setTimeout(() => kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      kill("SIGKILL"); // whatever is left in the group (workerd)
      res();
    });
    kill("SIGTERM");
  });
}

/** Stops every worker this process started; also wired to exit, SIGINT and SIGTERM by run.ts. */
export function killAllSync(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopWorker));
}

/** CPU ticks (user + system) used so far by every process in the groups `pgids`. */
function groupTicks(...pgids: number[]): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
      if (pgids.includes(Number(fields[2]))) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks;
}

/** Busy CPU ticks of the whole machine, and of this run's own processes (itself, wrk, its workers). */
export function cpuSample(): { busy: number; mine: number } {
  if (process.platform !== "linux") return { busy: 0, mine: 0 };
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal
  const busy = (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
  const self = readFileSync("/proc/self/stat", "utf8");
  const ownGroup = Number(self.slice(self.lastIndexOf(")") + 2).split(" ")[2]);
  const groups = [ownGroup, ...[...running].map((c) => c.pid ?? -1)];
  return { busy, mine: groupTicks(...groups) };
}

/** The share of the machine (0-1 of all CPUs) that other processes used between two samples. */
export function foreignShare(
  a: { busy: number; mine: number },
  b: { busy: number; mine: number },
  ms: number,
) {
  const capacity = (ms / 10) * availableParallelism();
  return Math.max(0, (b.busy - a.busy - (b.mine - a.mine)) / capacity);
}

/**
 * Waits until the worker's processes use under 10% of one CPU for a second (the writer's alarms
 * rebuild feeds after each publish), at most `maxMs`. Returns the milliseconds waited.
 */
export async function waitIdle(w: LocalWorker, maxMs = 120_000): Promise<number> {
  const start = Date.now();
  const pgid = w.child.pid;
  if (pgid === undefined || process.platform !== "linux") {
    await new Promise((r) => setTimeout(r, 3_000));
    return Date.now() - start;
  }
  let last = groupTicks(pgid);
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = groupTicks(pgid);
    // 100 ticks per second on Linux: 10 ticks a second is 10% of one CPU.
    if (now - last < 10) return Date.now() - start;
    last = now;
  }
  return Date.now() - start;
}
