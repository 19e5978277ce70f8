// Cache validators and conditional GET for feeds and the public API (RFC 9110 §8.8, §13).
// hono/etag hashes the body and answers If-None-Match, but knows neither Last-Modified nor
// If-Modified-Since, nor the order RFC 9110 §13.2.2 gives them, so this small module does all three.
import * as clock from "../clock.ts";

export interface Representation {
  /** The bytes: a string, or a cached copy's bytes (then `etag` must be given). */
  body: string | Uint8Array;
  contentType: string;
  /** Newest change of what the body shows; becomes Last-Modified (second precision). */
  lastModified?: Date;
  maxAge: number;
  headers?: Record<string, string>;
  /** The body's strong ETag when already known (a cached feed carries it). */
  etag?: string;
  /**
   * The body is in this content coding (sent as is, `encodeBody: "manual"`); with `vary`, the
   * answer says it was chosen by `Accept-Encoding`.
   */
  encoding?: "gzip";
  vary?: string;
}

/** A strong validator: the SHA-256 of the exact bytes, so it changes exactly when they change. */
export async function strongEtag(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let bin = "";
  for (const b of digest.subarray(0, 18)) bin += String.fromCharCode(b);
  return `"${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_")}"`;
}

/** RFC 9110 §13.1.2: weak comparison, list of entity tags or "*". */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === opaque);
}

/** Seconds a downstream cache may serve a copy past max-age while it refetches (RFC 5861). */
export const STALE_WHILE_REVALIDATE = 60;

export function cacheControl(maxAge: number): string {
  // No stale-if-error: a downstream cache would keep serving a withdrawn story for as long as it
  // allowed. What a shared cache may hold is max-age plus a minute while it refetches; the README
  // adds that to the bound on how long a withdrawn story can be served anywhere.
  return `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}`;
}

/**
 * The Last-Modified date (ms, whole seconds) of content last changed at `changedMs`: the second it
 * changed in, and, once that second is over, the next one. A client's If-Modified-Since is then
 * 304 exactly when the newest change is not after it (RFC 9110 §8.8.2: never later than now).
 */
export function httpDateOf(changedMs: number, nowMs: number): number {
  const floor = Math.floor(changedMs / 1000) * 1000;
  if (floor === changedMs) return floor;
  return floor + 1000 <= nowMs ? floor + 1000 : floor;
}

export async function conditionalResponse(request: Request, rep: Representation): Promise<Response> {
  const etag = rep.etag ?? (typeof rep.body === "string" ? await strongEtag(rep.body) : "");
  const headers = new Headers({
    "content-type": rep.contentType,
    etag,
    "cache-control": cacheControl(rep.maxAge),
    ...(rep.vary ? { vary: rep.vary } : {}),
    ...(rep.encoding ? { "content-encoding": rep.encoding } : {}),
    ...rep.headers,
  });
  const changed = rep.lastModified?.getTime();
  const lastModifiedSec = changed === undefined ? undefined : httpDateOf(changed, clock.now());
  if (lastModifiedSec !== undefined) headers.set("last-modified", new Date(lastModifiedSec).toUTCString());

  // §13.2.2: If-None-Match first; If-Modified-Since only when If-None-Match is absent.
  const inm = request.headers.get("if-none-match");
  const ims = request.headers.get("if-modified-since");
  let notModified = false;
  if (inm !== null) notModified = noneMatch(inm, etag);
  else if (ims !== null && lastModifiedSec !== undefined) {
    const since = Date.parse(ims);
    // The exact newest change, not its rounded date: a change later in the second the client's date
    // names is a change (HTTP dates have one-second resolution).
    notModified = Number.isFinite(since) && (changed as number) <= since;
  }
  const bodyless = notModified || request.method === "HEAD";
  if (notModified && (request.method === "GET" || request.method === "HEAD")) {
    headers.delete("content-type");
    headers.delete("content-encoding");
    return new Response(null, { status: 304, headers });
  }
  return new Response(bodyless ? null : rep.body, {
    status: 200,
    headers,
    ...(rep.encoding ? { encodeBody: "manual" as const } : {}),
  });
}
