#!/usr/bin/env node
// Seeding: `npm run seed` publishes the sample articles in articles/ with the newsroom tool's own
// code, to EDGEWIRE_URL (default http://127.0.0.1:8787) with EDGEWIRE_TOKEN or, when that is unset,
// the first token in .dev.vars. The dev launcher calls `seed()` when the local store is empty.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { collectInputs } from "./lib/files.ts";
import { formatEntry, formatSummary, type Summary } from "./lib/report.ts";
import { publish } from "./lib/run.ts";

export const DEFAULT_URL = "http://127.0.0.1:8787";

/** The first token of PUBLISH_TOKENS in a .dev.vars file (`name:token:scopes,...`), without name or scopes. */
export function tokenFromDevVars(path = ".dev.vars"): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const line = text.split(/\r?\n/).find((l) => /^\s*PUBLISH_TOKENS\s*=/.test(l));
  if (!line) return undefined;
  const value = line
    .slice(line.indexOf("=") + 1)
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2");
  const first = value
    .split(",")
    .map((s) => s.trim())
    .find((s) => s !== "");
  if (!first) return undefined;
  // `token`, `name:token` or `name:token:scope+scope` (src/http/auth.ts reads them the same way).
  const parts = first.split(":");
  return parts.length === 1 ? parts[0] : parts[1];
}

export interface SeedOptions {
  url?: string;
  token?: string;
  /** Default: articles/ */
  dir?: string;
  /** Print one line per article and the summary (default true). */
  log?: boolean | ((line: string) => void);
}

/** Publishes every article in `dir`, replacing changed ones (PUT for articles with an id). */
export async function seed(options: SeedOptions = {}): Promise<Summary> {
  const url = options.url ?? process.env.EDGEWIRE_URL ?? DEFAULT_URL;
  const token = options.token || process.env.EDGEWIRE_TOKEN || tokenFromDevVars();
  if (!token) throw new Error("no token: set EDGEWIRE_TOKEN or PUBLISH_TOKENS in .dev.vars");
  const log =
    options.log === false
      ? undefined
      : typeof options.log === "function"
        ? options.log
        : (l: string) => console.log(l);
  const inputs = await collectInputs([options.dir ?? "articles"]);
  const { summary } = await publish(inputs, {
    dryRun: false,
    concurrency: 4,
    client: { url, token, update: true, retries: 4 },
    ...(log ? { onEntry: (e) => log(formatEntry(e)) } : {}),
  });
  log?.(formatSummary(summary));
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  seed({ ...(process.argv[2] ? { dir: process.argv[2] } : {}) }).then(
    (s) => {
      process.exitCode = s.ok ? 0 : 1;
    },
    (e: unknown) => {
      process.stderr.write(`seed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
