// Sends one article to the Edgewire API and says what became of it. Retries with backoff on 429,
// 503 and network errors (honouring Retry-After), never on other answers: a 4xx will not change by
// itself. Retrying a POST is safe because the API answers the same article sent again with 200.
// Pure apart from `fetch` and timers, which can be injected; the token never appears in a result.
import type { Problem } from "../../src/articles/problems.ts";

export interface ClientOptions {
  /** The service's base URL, such as http://127.0.0.1:8787 (a path prefix is kept). */
  url: string;
  token: string;
  /** PUT articles that have an id (create or replace) instead of POST (create). */
  update: boolean;
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

export function articlesUrl(base: string, id?: string): URL {
  const root = new URL(base.endsWith("/") ? base : `${base}/`);
  return new URL(id === undefined ? "api/articles" : `api/articles/${encodeURIComponent(id)}`, root);
}

export async function sendArticle(raw: Record<string, unknown>, o: ClientOptions): Promise<Sent> {
  const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : undefined;
  const sent = await send(raw, o, o.update ? id : undefined);
  // --update and no id: the server derived one that is taken; replacing it is what was asked.
  if (sent.conflictId && o.update && id === undefined) return (await send(raw, o, sent.conflictId)).result;
  return sent.result;
}

async function send(
  raw: Record<string, unknown>,
  o: ClientOptions,
  putId: string | undefined,
): Promise<{ result: Sent; conflictId?: string }> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = o.timeoutMs ?? 30_000;
  const maxDelay = o.maxDelayMs ?? 60_000;
  const backoff = (attempt: number) =>
    Math.min(maxDelay, (o.baseDelayMs ?? 500) * 2 ** attempt * (0.75 + Math.random() / 2));
  const target = articlesUrl(o.url, putId);
  const hide = (s: string) => (o.token === "" ? s : s.split(o.token).join("[token]"));
  const body = JSON.stringify(raw);

  for (let attempt = 0; ; attempt++) {
    const n = attempt + 1;
    let res: Response;
    try {
      res = await doFetch(target, {
        method: putId === undefined ? "POST" : "PUT",
        headers: {
          authorization: `Bearer ${o.token}`,
          "content-type": "application/json",
          accept: "application/json, application/problem+json",
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      if (attempt < o.retries) {
        await sleep(backoff(attempt));
        continue;
      }
      const why = hide(networkReason(e, timeoutMs));
      return {
        result: {
          status: "failed",
          error: `could not reach ${target.origin} (${why}) after ${tries(n)}`,
          tries: n,
          stop: true,
        },
      };
    }
    if ((res.status === 429 || res.status === 503) && attempt < o.retries) {
      await res.body?.cancel();
      await sleep(Math.min(maxDelay, retryAfterMs(res.headers.get("retry-after")) ?? backoff(attempt)));
      continue;
    }
    const payload = await readBody(res);
    if (res.ok) {
      const word = res.headers.get("edgewire-result") ?? "";
      const status = RESULTS.has(word)
        ? (word as "created" | "updated" | "unchanged")
        : res.status === 201
          ? "created"
          : putId === undefined
            ? "unchanged"
            : "updated";
      const gotId = typeof payload?.id === "string" ? payload.id : (putId ?? (raw.id as string | undefined));
      const notes = parseNotes(res.headers.get("edgewire-notes"));
      return {
        result: { status, ...(gotId ? { id: gotId } : {}), ...(notes.length > 0 ? { notes } : {}), tries: n },
      };
    }
    const title =
      typeof payload?.title === "string" ? payload.title : res.statusText || REASONS[res.status] || "";
    let error = `${res.status}${title ? ` ${title}` : ""}`;
    if (typeof payload?.detail === "string") error += `: ${payload.detail}`;
    if (n > 1) error += ` after ${tries(n)}`;
    if (res.status === 422 && Array.isArray(payload?.errors))
      return {
        result: { status: "invalid", problems: payload.errors as Problem[], error: hide(error), tries: n },
      };
    if (res.status === 409 && !o.update) error += " (publish with --update to replace it)";
    const conflictId = res.status === 409 && typeof payload?.id === "string" ? payload.id : undefined;
    return {
      result: {
        status: "failed",
        error: hide(error),
        httpStatus: res.status,
        tries: n,
        stop: res.status === 401,
      },
      ...(conflictId ? { conflictId } : {}),
    };
  }
}
