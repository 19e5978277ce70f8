// What every subcommand of the `edgewire` tool is: a name, its help, its options (the common ones
// included) and a run function that returns the exit code. One module per command; index.ts lists them.
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { UsageError } from "../lib/target.ts";

export interface Command {
  name: string;
  /** One line for `edgewire --help`. */
  summary: string;
  /** The usage lines and what the command does, without the common options. */
  help: string;
  options: ParseArgsOptionsConfig;
  run(values: Values, positionals: string[]): Promise<number>;
}

export type Values = Record<string, string | boolean | undefined>;

/** Options every command that talks to the service takes. */
export const COMMON: ParseArgsOptionsConfig = {
  url: { type: "string" },
  token: { type: "string" },
  retries: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
};

export const COMMON_HELP = `Common options:
  --url URL          service URL (default: $EDGEWIRE_URL, else the running \`npm run dev\`)
  --token TOKEN      the token alone, without "name:" (default: $EDGEWIRE_TOKEN, else the local
                     token in .dev.vars when the URL is the running \`npm run dev\`; prefer the
                     variable: arguments are visible to other users of the machine)
  --retries N        retries on 429, 503 and network errors, with backoff (default 4)
  --json             print one JSON object on standard output, and nothing else there
  -h, --help         show this help`;

export function parse(command: Command, args: string[]): { values: Values; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON, ...command.options },
  });
  return { values: values as Values, positionals };
}

/** A whole number option within bounds, or a UsageError saying which. */
export function count(values: Values, name: string, fallback: number, min: number, max: number): number {
  const value = values[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${String(value)}")`);
  return n;
}

export const print = (s: string) => process.stdout.write(`${s}\n`);
export const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));
