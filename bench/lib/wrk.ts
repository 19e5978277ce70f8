/// <reference types="node" />
// The load generator: `wrk` (Debian's package), installed when missing and we are root, run with
// fixed settings, its output parsed into requests per second and the latency distribution.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface WrkSettings {
  threads: number;
  connections: number;
  seconds: number;
}

export interface WrkResult {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx/3xx responses plus socket errors: any makes the row suspect. */
  errors: number;
  transferPerSec: string;
}

export function wrkVersion(): string | undefined {
  const r = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (r.error) return undefined;
  return `${r.stdout}${r.stderr}`.split("\n")[0]?.replace(/\s*Copyright.*$/, "");
}

/** Makes sure wrk is there: installs Debian's package as root, else says how and exits 1. */
export function ensureWrk(): string {
  const have = wrkVersion();
  if (have) return have;
  if (process.getuid?.() === 0 && spawnSync("apt-get", ["--version"]).status === 0) {
    console.log("wrk is missing: apt-get update && apt-get install -y wrk");
    execFileSync("apt-get", ["update"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "wrk"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    const now = wrkVersion();
    if (now) return now;
  }
  console.error(
    "The benchmark needs the load generator wrk.\n" +
      "  Debian/Ubuntu: sudo apt-get install -y wrk\n" +
      "  macOS:         brew install wrk\n" +
      "then run `npm run bench` again.",
  );
  process.exit(1);
}

/** A Lua script that makes every request's URL new: `<path>&exclude=zzcold<nonce>t<thread>x<n>`. */
export function uncachedScript(dir: string): string {
  const file = join(dir, "uncached.lua");
  writeFileSync(
    file,
    `-- Every request a URL never seen before, so the Worker must build it (see bench/paths.ts).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  path = args[1]
  nonce = args[2]
  counter = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", path .. "&exclude=zzcold" .. nonce .. "t" .. tid .. "x" .. counter)
end
`,
  );
  return file;
}

const ms = (value: string, unit: string) =>
  Number(value) * (unit === "us" ? 0.001 : unit === "ms" ? 1 : unit === "s" ? 1000 : 60_000);

export function parseWrk(out: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out);
    return m ? ms(m[1] as string, m[2] as string) : Number.NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock ? sock.slice(1).reduce((s, x) => s + Number(x), 0) : 0;
  return {
    rps,
    p50: pct("50"),
    p99: pct("99"),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    errors: non2xx + socketErrors,
    transferPerSec: /Transfer\/sec:\s+(\S+)/.exec(out)?.[1] ?? "",
  };
}

export function runWrk(
  url: string,
  s: WrkSettings,
  opts: { headers?: Record<string, string>; script?: string; scriptArgs?: string[] } = {},
): Promise<WrkResult> {
  const args = [`-t${s.threads}`, `-c${s.connections}`, `-d${s.seconds}s`, "--latency"];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (opts.script) args.push("-s", opts.script);
  args.push(url);
  if (opts.scriptArgs) args.push("--", ...opts.scriptArgs);
  return new Promise((res, rej) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.once("error", rej);
    child.once("exit", (code) => {
      const parsed = parseWrk(out);
      if (code !== 0 || !Number.isFinite(parsed.rps)) rej(new Error(`wrk ${args.join(" ")} failed:\n${out}`));
      else res(parsed);
    });
  });
}

/** Several runs of one side as one figure: mean req/s and percentiles, summed counts. */
export function combine(runs: readonly WrkResult[]): WrkResult {
  const mean = (pick: (r: WrkResult) => number) => runs.reduce((s, r) => s + pick(r), 0) / runs.length;
  return {
    rps: mean((r) => r.rps),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    transferPerSec: runs.map((r) => r.transferPerSec).join(" "),
  };
}
