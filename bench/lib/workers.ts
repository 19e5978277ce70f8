/// <reference types="node" />
// The benchmark's view of its local workers: starting and stopping them is shared with the browser
// test (scripts/lib/local-worker.ts); here, "wait until the group is idle" (the writer rebuilds feeds
// after a publish) and CPU accounting of the run's own processes.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type LocalWorker, runningWorkers } from "../../scripts/lib/local-worker.ts";

export {
  freePort,
  HOST,
  killAllSync,
  type LocalWorker,
  startWorker,
  stopAll,
  stopWorker,
} from "../../scripts/lib/local-worker.ts";

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
  const groups = [ownGroup, ...runningWorkers().map((c) => c.pid ?? -1)];
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
