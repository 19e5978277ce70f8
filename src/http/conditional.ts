// Cache validators and conditional GET for feeds and the public API (RFC 9110 §8.8, §13).
// hono/etag hashes the body and answers If-None-Match, but knows neither Last-Modified nor
// If-Modified-Since, nor the order RFC 9110 §13.2.2 gives them, so this small module does all three.

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
  const lastModifiedSec = rep.lastModified ? Math.floor(rep.lastModified.getTime() / 1000) * 1000 : undefined;
  if (lastModifiedSec !== undefined) headers.set("last-modified", new Date(lastModifiedSec).toUTCString());

  // §13.2.2: If-None-Match first; If-Modified-Since only when If-None-Match is absent.
  const inm = request.headers.get("if-none-match");
  const ims = request.headers.get("if-modified-since");
  let notModified = false;
  if (inm !== null) notModified = noneMatch(inm, etag);
  else if (ims !== null && lastModifiedSec !== undefined) {
    const since = Date.parse(ims);
    notModified = Number.isFinite(since) && lastModifiedSec <= since;
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
