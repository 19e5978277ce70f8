// Which service the newsroom tool and the seeder talk to, and with which token: `--url`/`--token`,
// else EDGEWIRE_URL/EDGEWIRE_TOKEN, else the local `npm run dev` recorded in .wrangler/dev.json (only
// while its process lives and only on a loopback address) with the token in .dev.vars. A token
// pasted with its `name:` prefix is refused here, with what to remove, before anything is sent.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The checkout: .wrangler/ and .dev.vars live here, whatever the current directory. */
export const ROOT = resolve(import.meta.dirname, "../..");
export const DEV_RECORD = join(ROOT, ".wrangler", "dev.json");
export const DEV_VARS = join(ROOT, ".dev.vars");

/** What `npm run dev` writes when its wrangler answers: where it serves, and who started it. */
export interface DevRecord {
  url: string;
  pid: number;
  startedAt: string;
}

export class UsageError extends Error {}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
export const isLoopback = (url: string) =>
  URL.canParse(url) && (LOOPBACK.has(new URL(url).hostname) || /^127\./.test(new URL(url).hostname));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
};

/** The running `npm run dev`, if its record is there, its process alive and its address loopback. */
export function runningDev(path = DEV_RECORD): DevRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, "utf8")) as DevRecord;
    return typeof r.url === "string" && isLoopback(r.url) && Number.isInteger(r.pid) && alive(r.pid)
      ? r
      : undefined;
  } catch {
    return undefined;
  }
}

/** The first token of PUBLISH_TOKENS in a .dev.vars file (`token`, `name:token` or `name:token:scopes`). */
export function tokenFromDevVars(path = DEV_VARS): string | undefined {
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
  // As src/http/auth.ts reads them: the token is the only part, or the second.
  const parts = first.split(":");
  return parts.length === 1 ? parts[0] : parts[1];
}

/**
 * A token as the server knows it. `newsroom:abc:publish+takedown` is a whole PUBLISH_TOKENS entry:
 * the answer would be a 401 that explains little, so say here which parts to remove.
 */
export function checkToken(token: string, from: string): string {
  if (!token.includes(":")) return token;
  const [name, , ...scopes] = token.split(":");
  const tail = scopes.length > 0 ? ` and ":${scopes.join(":")}" from the end` : "";
  throw new UsageError(
    `the token in ${from} contains ":": it looks like a whole PUBLISH_TOKENS entry (name:token or name:token:scopes), ` +
      `and the service expects the token alone. Remove "${name}:" from the start${tail}, and run again`,
  );
}

export interface Target {
  url: string;
  token: string;
  /** Where the URL came from, for messages: "--url", "EDGEWIRE_URL" or "npm run dev". */
  source: string;
}

/** The service and token to use; a UsageError says what to set when either is missing. */
export function resolveTarget(
  flags: { url?: string; token?: string },
  env: Record<string, string | undefined> = process.env,
  files = { record: DEV_RECORD, devVars: DEV_VARS },
): Target {
  const dev = runningDev(files.record);
  const url = flags.url ?? env.EDGEWIRE_URL ?? dev?.url ?? "";
  const source = flags.url ? "--url" : env.EDGEWIRE_URL ? "EDGEWIRE_URL" : "npm run dev";
  if (url === "")
    throw new UsageError(
      "no service URL: set EDGEWIRE_URL or pass --url, or start the local service with `npm run dev` (the tool then finds it)",
    );
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
    throw new UsageError(
      `the service URL in ${source} must be an http(s) URL such as http://127.0.0.1:8787 (got "${url}")`,
    );
  // The local token only for the local service the tool found by itself.
  const fromDev = source === "npm run dev" ? tokenFromDevVars(files.devVars) : undefined;
  const token = flags.token ?? env.EDGEWIRE_TOKEN ?? fromDev ?? "";
  const tokenSource = flags.token ? "--token" : env.EDGEWIRE_TOKEN ? "EDGEWIRE_TOKEN" : ".dev.vars";
  if (token === "")
    throw new UsageError(
      source === "npm run dev"
        ? "no token: .dev.vars has no PUBLISH_TOKENS entry; restart `npm run dev` (it writes one) or set EDGEWIRE_TOKEN"
        : `no token for ${url}: set EDGEWIRE_TOKEN (or pass --token)`,
    );
  return { url, token: checkToken(token, tokenSource), source };
}
