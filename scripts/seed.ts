#!/usr/bin/env node
// Seeding: `npm run seed [-- folder]` publishes the sample articles in articles/ with the newsroom
// tool's own code, replacing changed ones. It talks to the service the tool would (lib/target.ts):
// EDGEWIRE_URL and EDGEWIRE_TOKEN, else the running `npm run dev` and the token in .dev.vars. The dev
// launcher calls `seed()` with its own address when the local store is empty.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { collectInputs } from "./lib/files.ts";
import { formatEntry, formatSummary, nextStep, type Summary } from "./lib/report.ts";
import { publish } from "./lib/run.ts";
import { ROOT, resolveTarget, UsageError } from "./lib/target.ts";

export { tokenFromDevVars } from "./lib/target.ts";

export interface SeedOptions {
  url: string;
  token: string;
  /** Default: articles/ of the checkout */
  dir?: string;
  /** What a relative `dir` is relative to (default: the checkout). */
  cwd?: string;
  /** Print one line per article and the summary (default true). */
  log?: boolean | ((line: string) => void);
}

/** Publishes every article in `dir`, replacing changed ones (PUT for articles with an id). */
export async function seed(options: SeedOptions): Promise<Summary> {
  const log =
    options.log === false
      ? undefined
      : typeof options.log === "function"
        ? options.log
        : (l: string) => console.log(l);
  const inputs = await collectInputs([options.dir ?? "articles"], options.cwd ?? ROOT);
  const { summary } = await publish(inputs, {
    dryRun: false,
    concurrency: 4,
    client: { url: options.url, token: options.token, update: true, retries: 4 },
    ...(log ? { onEntry: (e) => log(formatEntry(e)) } : {}),
  });
  log?.(formatSummary(summary));
  const next = nextStep(summary);
  if (next) log?.(next);
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  const cwd = process.env.INIT_CWD ?? process.cwd();
  Promise.resolve()
    .then(() => seed({ ...resolveTarget({}), ...(dir ? { dir, cwd } : {}) }))
    .then(
      (s) => {
        process.exitCode = s.ok ? 0 : 1;
      },
      (e: unknown) => {
        process.stderr.write(`npm run seed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = e instanceof UsageError ? 2 : 1;
      },
    );
}
