#!/usr/bin/env node
// `npm run dev`: the whole product on 127.0.0.1 (wrangler dev, local KV and Durable Objects kept on
// disk in .wrangler/state), seeded with articles/ whenever the local store holds no article.
// Makes .dev.vars with a random local token when there is none. Stops wrangler and workerd with it.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { seed, tokenFromDevVars } from "./seed.ts";

const PORT = Number(process.env.PORT ?? 8787);
const HOST = "127.0.0.1";
const URL_BASE = `http://${HOST}:${PORT}`;
const PID_FILE = ".wrangler/dev.pid";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

if (!existsSync(".dev.vars")) {
  const token = randomBytes(24).toString("base64url");
  // Every scope: the local newsroom may publish, take down and administer partner keys.
  writeFileSync(
    ".dev.vars",
    `# Local only (gitignored). Comma-separated tokens; "name:" records the publisher.\nPUBLISH_TOKENS="newsroom:${token}:publish+takedown+admin"\n`,
  );
  console.log(
    "Created .dev.vars with a random local publishing token (the newsroom tool reads it from there).",
  );
}
const token = tokenFromDevVars();

function storeIsEmpty(): boolean {
  try {
    const out = execFileSync(
      "wrangler",
      ["kv", "key", "list", "--binding", "ARTICLES", "--local", "--prefix", "a:"],
      {
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return (JSON.parse(out) as unknown[]).length === 0;
  } catch {
    return true; // no local state yet
  }
}

const empty = storeIsEmpty();
mkdirSync(".wrangler", { recursive: true });
const child = spawn(
  "wrangler",
  ["dev", "--ip", HOST, "--port", String(PORT), "--show-interactive-dev-session=false"],
  {
    env,
    stdio: "inherit",
  },
);
writeFileSync(PID_FILE, String(process.pid));

const stop = (signal: NodeJS.Signals) => {
  child.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
child.on("exit", (code) => {
  rmSync(PID_FILE, { force: true });
  process.exit(code ?? 0);
});

async function waitUntilUp(): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${URL_BASE}/api/articles?limit=1`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (await waitUntilUp()) {
  if (empty && token) {
    console.log("Local store is empty: seeding articles/ ...");
    await seed({ url: URL_BASE, token, dir: "articles" });
  }
  console.log(
    `\nEdgewire is serving ${URL_BASE}/  (API: ${URL_BASE}/api/articles, feeds: ${URL_BASE}/feed.xml)\n`,
  );
}
