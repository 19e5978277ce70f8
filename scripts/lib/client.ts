// Talks to the Edgewire API: one request with retries and backoff on 429, 503 and network errors
// (honouring Retry-After), never on other answers: a 4xx will not change by itself. Retrying a POST
// is safe because the API answers the same article sent again with 200. `sendArticle` says what
// became of one article. Pure apart from `fetch` and timers, which can be injected; the token never
// appears in a result, and every failure says what to do next.
import type { Problem } from "../../src/articles/problems.ts";

export interface Connection {
  /** The service's base URL, such as http://127.0.0.1:8787 (a path prefix is kept). */
  url: string;
  token: string;
  /** Retries after the first try. */
  retries: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** First backoff delay, doubled on each retry (default 500 ms). */
  baseDelayMs?: number;
  /** Longest wait between tries, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

export interface ClientOptions extends Connection {
  /** PUT articles that have an id (create or replace) instead of POST (create). */
  update: boolean;
  /** PUT with `?restore=true`: publish again under ids that were taken down (the takedown scope). */
  restore?: boolean;
}

export type Sent =
  /** `notes`: what the server's sanitiser changed in the body (its `Edgewire-Notes` header). */
  | { status: "created" | "updated" | "unchanged"; id?: string; notes?: string[]; tries: number }
  | { status: "invalid"; problems: Problem[]; error: string; tries: number }
  /** `stop`: later articles would fail the same way (bad token, service unreachable). */
  | { status: "failed"; error: string; httpStatus?: number; tries: number; stop?: boolean };

const RESULTS = new Set(["created", "updated", "unchanged"]);
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;

/** Milliseconds to wait from a Retry-After header: seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkReason(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

async function readBody(res: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const v: unknown = await res.json();
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The strings of an RFC 9651 list, as `Edgewire-Notes` sends them: `"a", "b \\"c\\""`. */
export function parseNotes(header: string | null): string[] {
  if (!header) return [];
  return [...header.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\(.)/g, "$1"));
}

export function articlesUrl(base: string, id?: string, dryRun = false): URL {
  const root = new URL(base.endsWith("/") ? base : `${base}/`);
  const url = new URL(id === undefined ? "api/articles" : `api/articles/${encodeURIComponent(id)}`, root);
  if (dryRun) url.searchParams.set("dry_run", "true");
  return url;
}

/** What one request came to after its retries: an answer (any status), or no answer at all. */
export type Answer =
  | { status: number; headers: Headers; payload?: Record<string, unknown>; tries: number }
  | { unreachable: string; tries: number };

/** One request, retried on 429, 503 and network errors; the token is never in what it returns. */
export async function request(o: Connection, method: string, target: URL, body?: string): Promise<Answer> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = o.timeoutMs ?? 30_000;
  const maxDelay = o.maxDelayMs ?? 60_000;
  const backoff = (attempt: number) =>
    Math.min(maxDelay, (o.baseDelayMs ?? 500) * 2 ** attempt * (0.75 + Math.random() / 2));
  for (let attempt = 0; ; attempt++) {
    const n = attempt + 1;
    let res: Response;
    try {
      res = await doFetch(target, {
        method,
        headers: {
          authorization: `Bearer ${o.token}`,
          accept: "application/json, application/problem+json",
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      if (attempt < o.retries) {
        await sleep(backoff(attempt));
        continue;
      }
      const why = hideToken(o.token, networkReason(e, timeoutMs));
      return {
        unreachable: `could not reach ${target.origin} (${why}) after ${tries(n)}: is the service running there? (locally: npm run dev)`,
        tries: n,
      };
    }
    if ((res.status === 429 || res.status === 503) && attempt < o.retries) {
      await res.body?.cancel();
      await sleep(Math.min(maxDelay, retryAfterMs(res.headers.get("retry-after")) ?? backoff(attempt)));
      continue;
    }
    const payload = await readBody(res);
    return { status: res.status, headers: res.headers, ...(payload ? { payload } : {}), tries: n };
  }
}

const hideToken = (token: string, s: string) => (token === "" ? s : s.split(token).join("[token]"));

/** A refusal as one line: status, title, the server's detail, and what to do when it is ours to say. */
export function refusal(a: Extract<Answer, { status: number }>, o: Connection): string {
  const p = a.payload;
  const title = typeof p?.title === "string" ? p.title : REASONS[a.status] || "";
  let error = `${a.status}${title ? ` ${title}` : ""}`;
  if (typeof p?.detail === "string") error += `: ${p.detail}`;
  if (a.tries > 1) error += ` after ${tries(a.tries)}`;
  if (a.status === 401)
    error += ` (check the token: EDGEWIRE_TOKEN or --token; the local one is in .dev.vars, after "newsroom:")`;
  return hideToken(o.token, error);
}

export async function sendArticle(raw: Record<string, unknown>, o: ClientOptions): Promise<Sent> {
  const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : undefined;
  if (o.restore && id === undefined)
    return {
      status: "failed",
      error: 'the article has no "id": a restore needs the id it was taken down under',
      tries: 0,
    };
  const sent = await send(raw, o, o.update || o.restore ? id : undefined);
  // --update and no id: the server derived one that is taken; replacing it is what was asked.
  if (sent.conflictId && o.update && id === undefined) return (await send(raw, o, sent.conflictId)).result;
  return sent.result;
}

async function send(
  raw: Record<string, unknown>,
  o: ClientOptions,
  putId: string | undefined,
): Promise<{ result: Sent; conflictId?: string }> {
  const url = articlesUrl(o.url, putId);
  if (o.restore) url.searchParams.set("restore", "true");
  const a = await request(o, putId === undefined ? "POST" : "PUT", url, JSON.stringify(raw));
  if ("unreachable" in a)
    return { result: { status: "failed", error: a.unreachable, tries: a.tries, stop: true } };
  const payload = a.payload;
  if (a.status >= 200 && a.status < 300) {
    const word = a.headers.get("edgewire-result") ?? "";
    const status = RESULTS.has(word)
      ? (word as "created" | "updated" | "unchanged")
      : a.status === 201
        ? "created"
        : putId === undefined
          ? "unchanged"
          : "updated";
    const gotId = typeof payload?.id === "string" ? payload.id : (putId ?? (raw.id as string | undefined));
    const notes = parseNotes(a.headers.get("edgewire-notes"));
    return {
      result: {
        status,
        ...(gotId ? { id: gotId } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        tries: a.tries,
      },
    };
  }
  let error = refusal(a, o);
  if (a.status === 422 && Array.isArray(payload?.errors))
    return { result: { status: "invalid", problems: payload.errors as Problem[], error, tries: a.tries } };
  if (a.status === 409 && !o.update) error += " (publish with --update to replace it)";
  if (a.status === 410 && !o.restore) error += " (edgewire restore publishes it again)";
  const conflictId = a.status === 409 && typeof payload?.id === "string" ? payload.id : undefined;
  return {
    result: { status: "failed", error, httpStatus: a.status, tries: a.tries, stop: a.status === 401 },
    ...(conflictId ? { conflictId } : {}),
  };
}
