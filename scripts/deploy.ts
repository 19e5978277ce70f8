#!/usr/bin/env node
/// <reference types="node" />
// `npm run deploy`: refuses to upload a Worker whose item ids would follow the request's Host
// header. Feed ids are minted from SITE_URL's host (or ID_AUTHORITY); with neither configured, the
// first request's host (a workers.dev name, a preview URL) would name every article for ever.
// Reads the wrangler configuration the deploy would use (`--config`, `--env`, `--var`), then runs
// `wrangler deploy` with the same arguments. `npm run dev` needs none of this: it uses its origin.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const NAMES = ["SITE_URL", "ID_AUTHORITY"] as const;

/** The value of `--name value` or `--name=value` in `args`. */
function flag(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === name && args[i + 1] !== undefined) out.push(args[i + 1] as string);
    else if (a.startsWith(`${name}=`)) out.push(a.slice(name.length + 1));
  });
  return out;
}

/** SITE_URL and ID_AUTHORITY as the deploy would set them: the config's vars table, then `--var`. */
export function deployedVars(toml: string, args: readonly string[]): Partial<Record<string, string>> {
  const env = flag(args, "--env")[0] ?? flag(args, "-e")[0];
  // wrangler does not inherit vars into an environment: `[env.NAME.vars]` alone counts there.
  const table = env ? `env.${env}.vars` : "vars";
  const vars: Partial<Record<string, string>> = {};
  let current = "";
  for (const line of toml.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$/.exec(line);
    if (header) current = (header[1] as string).replace(/\s+/g, "");
    else if (current === table) {
      const kv = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(line);
      if (kv) vars[kv[1] as string] = kv[2] ?? kv[3] ?? "";
    }
  }
  for (const v of flag(args, "--var")) {
    const at = v.indexOf(":");
    if (at > 0) vars[v.slice(0, at)] = v.slice(at + 1);
  }
  return vars;
}

/** Why this deploy must not go ahead, or undefined. */
export function deployProblem(toml: string, args: readonly string[]): string | undefined {
  const vars = deployedVars(toml, args);
  if (NAMES.some((n) => (vars[n] ?? "").trim() !== "")) return undefined;
  return (
    "refusing to deploy: set SITE_URL (the public origin, e.g. https://news.example.org) or ID_AUTHORITY " +
    "(a host name you hold) in wrangler.toml [vars] or with --var SITE_URL:…. Without either, feed item ids " +
    "would follow the Host of whoever sends the first request, and change when the host does."
  );
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const config = flag(args, "--config")[0] ?? flag(args, "-c")[0] ?? "wrangler.toml";
  const problem = deployProblem(readFileSync(config, "utf8"), args);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const run = spawnSync("wrangler", ["deploy", ...args], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
