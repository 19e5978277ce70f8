#!/usr/bin/env node
// `npm run dev [-- wrangler dev flags]`: the whole product locally (wrangler dev, local KV and Durable
// Objects kept on disk in .wrangler/state), seeded with articles/ whenever the local store holds no
// article. Flags pass through to `wrangler dev` (`--port 8801 --ip 0.0.0.0`, `--local-protocol`...).
// The port is checked before anything starts, the seeder talks only to the wrangler started here
// (its readiness is read from wrangler's own output, never from whoever answers on the port), and
// where it serves is recorded in .wrangler/dev.json for the seeder and the newsroom tool. Makes
// .dev.vars with a random local token when there is none. Stops wrangler and workerd with it.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { devArgs } from "./lib/dev-args.ts";
import { DEV_RECORD, DEV_VARS, type DevRecord, ROOT, tokenFromDevVars } from "./lib/target.ts";
import { seed } from "./seed.ts";

// No telemetry; no lookup of the `Request.cf` object on Cloudflare's servers (its placeholder is used,
// as it would be after the lookup failed offline, without the warning).
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`npm run dev: ${line}\n`);
  process.exit(1);
};

const args = (() => {
  try {
    return devArgs(process.argv.slice(2), process.env.PORT);
  } catch (e) {
    return fail(`${(e as Error).message}, such as npm run dev -- --port 8788`);
  }
})();
const { host, port, wrangler } = args;

/** Listens on the address for a moment: the only sure way to know nobody else is there. */
function portFree(): Promise<boolean> {
  return new Promise((res) => {
    const probe = createServer();
    probe.once("error", () => res(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => res(true)));
  });
}

if (!(await portFree()))
  fail(
    `port ${port} on ${host} is already in use, so nothing was started and nothing was sent. ` +
      `Stop what is serving there, or pick another port: npm run dev -- --port ${port === 8787 ? 8788 : port + 1}`,
  );

if (!existsSync(DEV_VARS)) {
  const token = randomBytes(24).toString("base64url");
  // Every scope: the local newsroom may publish, take down and administer partner keys.
  writeFileSync(
    DEV_VARS,
    `# Local only (gitignored). Comma-separated tokens; "name:" records the publisher.\nPUBLISH_TOKENS="newsroom:${token}:publish+takedown+admin"\n`,
  );
  say("Created .dev.vars with a random local token (the newsroom tool and the seeder read it from there).");
}

function storeIsEmpty(): boolean {
  try {
    const out = execFileSync(
      "wrangler",
      ["kv", "key", "list", "--binding", "ARTICLES", "--local", "--prefix", "a:", ...args.persistence],
      { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return (JSON.parse(out) as unknown[]).length === 0;
  } catch {
    return true; // no local state yet
  }
}

const empty = storeIsEmpty();
mkdirSync(dirname(DEV_RECORD), { recursive: true });
// Pipes, not the terminal: wrangler's own "Ready on" line says when *this* wrangler serves.
const child = spawn("wrangler", ["dev", ...wrangler], {
  cwd: ROOT,
  env: { ...env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" },
  stdio: ["inherit", "pipe", "pipe"],
});
child.stderr.pipe(process.stderr);

let ready = false;
let output = "";
child.stdout.on("data", (d: Buffer) => {
  process.stdout.write(d);
  if (ready) return;
  output = stripVTControlCharacters(output + d.toString()).slice(-4000);
  const url = /Ready on (https?:\/\/\S+)/.exec(output)?.[1];
  if (url) {
    ready = true;
    void whenReady(url.replace(/\/$/, ""));
  }
});

const cleanUp = () => rmSync(DEV_RECORD, { force: true });
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
child.on("exit", (code) => {
  cleanUp();
  process.exit(code ?? 0);
});

async function whenReady(base: string): Promise<void> {
  const record: DevRecord = { url: base, pid: process.pid, startedAt: new Date().toISOString() };
  writeFileSync(DEV_RECORD, `${JSON.stringify(record, null, 2)}\n`);
  const token = tokenFromDevVars();
  if (empty && token) {
    say("Local store is empty: seeding articles/ ...");
    await seed({ url: base, token });
  }
  say(`\nEdgewire is serving ${base}/  (API: ${base}/api/articles, feeds: ${base}/feed.xml)`);
  say("Publish to it with `npm run publish -- <files>` (it finds this address and the .dev.vars token).\n");
}
