/// <reference types="node" />
// Local workers for scripts and tests that need the real thing (the browser test, the benchmark):
// `wrangler dev` on a free port of 127.0.0.1, in its own process group, so that wrangler and its
// workerd processes stop together, also on Ctrl-C or an error.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export const HOST = "127.0.0.1";

/** Listens on `port` (0: any) of HOST for a moment: the port it got, or undefined if taken. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once("error", () => res(undefined));
    srv.listen(port, HOST, () => {
      const { port: got } = srv.address() as { port: number };
      srv.close(() => res(got));
    });
  });
}

/** Ports of EDGEWIRE_PORTS handed to a worker of this process that is still running. */
const handedOut = new Set<number>();

/**
 * A free port of 127.0.0.1: any, or, on a machine shared by several people, one of the range
 * EDGEWIRE_PORTS names (`8810-8819`), never one this process already handed to a running worker.
 */
export async function freePort(): Promise<number> {
  const range = process.env.EDGEWIRE_PORTS?.match(/^(\d+)-(\d+)$/);
  if (!range) return (await tryPort(0)) as number;
  for (let p = Number(range[1]); p <= Number(range[2]); p++) {
    if (handedOut.has(p) || (await tryPort(p)) === undefined) continue;
    handedOut.add(p);
    return p;
  }
  throw new Error(`no free port left in EDGEWIRE_PORTS=${process.env.EDGEWIRE_PORTS}`);
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
export async function startWorker(
  name: string,
  cwd: string,
  args: string[],
  readyPath = "/",
): Promise<LocalWorker> {
  const port = await freePort();
  // wrangler dev also opens a devtools port: from the same range.
  const inspector = await freePort();
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
      "--inspector-port",
      String(inspector),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        NO_COLOR: "1",
        BROWSER: "none",
      },
    },
  );
  running.add(child);
  child.once("exit", () => {
    running.delete(child);
    handedOut.delete(port);
    handedOut.delete(inspector);
  });
  // Keep the tail only: under load wrangler logs one line per request.
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const worker = { name, base: `http://${HOST}:${port}`, child, log: () => log };
  await waitUntilUp(worker, readyPath);
  return worker;
}

async function waitUntilUp(w: LocalWorker, readyPath: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (w.child.exitCode !== null) throw new Error(`${w.name}: wrangler exited early\n${w.log()}`);
    try {
      const res = await fetch(`${w.base}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
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

/** Every worker this process started and has not seen exit. */
export const runningWorkers = (): ChildProcess[] => [...running];

/** Stops every worker this process started (for exit, SIGINT and SIGTERM handlers). */
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
