#!/usr/bin/env node
// The newsroom tool: `npm run publish -- <files or folders>` (or `-` for standard input) publishes
// articles to Edgewire. It finds the article in model output, validates it with the Worker's own
// schema, sends it with retries, and reports one line per file. Exit code 0 only if all succeeded.
import { parseArgs } from "node:util";
import { collectInputs, type Input, readStdin } from "./lib/files.ts";
import { formatEntry, formatSummary, progressBar } from "./lib/report.ts";
import { publish } from "./lib/run.ts";

const HELP = `Usage: npm run publish -- [options] <files or folders...>
       some-command | npm run publish -- [options] -

Publishes .json, .txt and .md files (folders recursively) to an Edgewire service. Each file may
hold model output: the article is found inside code fences and chatter, repaired where the intent
is clear (every change is reported), and validated before it is sent.

Options:
  --url URL          service URL (default: $EDGEWIRE_URL)
  --token TOKEN      publishing token (default: $EDGEWIRE_TOKEN; prefer the variable: arguments
                     are visible to other users of the machine)
  --dry-run          extract and validate only; send nothing
  --update           replace existing articles (PUT) instead of refusing different content
  --concurrency N    articles in flight at once (default 4)
  --retries N        retries on 429, 503 and network errors, with backoff (default 4)
  --json             print one JSON object {files, summary} instead of text
  -h, --help         show this help

Exit code: 0 when every article was created, updated or unchanged (or valid, with --dry-run);
1 when any was invalid or failed; 2 for a usage error.`;

class UsageError extends Error {}

function count(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      update: { type: "boolean", default: false },
      concurrency: { type: "string" },
      retries: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const dryRun = values["dry-run"];
  const concurrency = count("concurrency", values.concurrency, 4, 1, 64);
  const retries = count("retries", values.retries, 4, 0, 20);
  const url = values.url ?? process.env.EDGEWIRE_URL ?? "";
  const token = values.token ?? process.env.EDGEWIRE_TOKEN ?? "";
  if (!dryRun) {
    if (url === "") throw new UsageError("no service URL: set EDGEWIRE_URL or pass --url (or use --dry-run)");
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
      throw new UsageError(`the service URL must be an http(s) URL (got "${url}")`);
    if (token === "") throw new UsageError("no token: set EDGEWIRE_TOKEN or pass --token (or use --dry-run)");
  }

  let inputs: Input[];
  if (positionals.length === 0) {
    if (process.stdin.isTTY)
      throw new UsageError("no files given (pass files or folders, or - for standard input)");
    inputs = [{ label: "stdin", read: () => readStdin() }];
  } else {
    inputs = await collectInputs(positionals);
  }
  if (inputs.length === 0) throw new UsageError(`no .json, .txt or .md files in ${positionals.join(", ")}`);

  // The bar goes to stderr, only on a terminal and only for many files; lines go to stdout.
  const bar = process.stderr.isTTY && inputs.length > 1;
  let barShown = false;
  const clearBar = () => {
    if (barShown) process.stderr.write("\r\x1b[2K");
    barShown = false;
  };
  const { entries, summary } = await publish(inputs, {
    dryRun,
    concurrency,
    ...(dryRun ? {} : { client: { url, token, update: values.update, retries } }),
    onEntry: (e) => {
      if (values.json) return;
      clearBar();
      process.stdout.write(`${formatEntry(e)}\n`);
    },
    onProgress: (done, total) => {
      if (!bar) return;
      process.stderr.write(`\r\x1b[2K${progressBar(done, total, process.stderr.columns)}`);
      barShown = done < total;
      if (!barShown) process.stderr.write("\r\x1b[2K");
    },
  });
  clearBar();
  if (values.json) process.stdout.write(`${JSON.stringify({ files: entries, summary }, null, 2)}\n`);
  else process.stdout.write(`${formatSummary(summary)}\n`);
  return summary.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    // The token is never printed, even inside an unexpected error.
    const args = process.argv.slice(2);
    const secrets = [process.env.EDGEWIRE_TOKEN];
    for (const [i, a] of args.entries()) {
      if (a === "--token") secrets.push(args[i + 1]);
      else if (a.startsWith("--token=")) secrets.push(a.slice(8));
    }
    let message = e instanceof Error ? e.message : String(e);
    for (const t of secrets) if (t) message = message.split(t).join("[token]");
    process.stderr.write(`edgewire-publish: ${message}\n${usage ? "Run with --help for usage.\n" : ""}`);
    process.exitCode = usage ? 2 : 1;
  },
);
