// The representation key: what a cached copy is a copy of. Path + normalised query parameters +
// audience, so that two spellings of one request share one copy and (with partner access) two
// audiences never share one. Every cache read, write and purge names copies by this key.

/**
 * Who a representation is for: the public, or one partner as its entitlements stand (its revision
 * moves with every change of them, so a copy made under old entitlements is never served again),
 * and whether its links carry the partner's URL token.
 */
export type Audience = "public" | `partner-${string}`;

export interface RepKey {
  audience: Audience;
  /** The path as routed, e.g. "/category/world-news/feed.atom". */
  path: string;
  /** The query parameters, sorted by name then value and form-encoded; "" for none. */
  params: string;
}

/** Parameters in one canonical order: `?b=2&a=1` and `?a=1&b=2` name one representation. */
export function normaliseParams(params: URLSearchParams): URLSearchParams {
  const sorted = [...params].sort(([ka, va], [kb, vb]) =>
    ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0,
  );
  return new URLSearchParams(sorted);
}

export function repKey(path: string, params = new URLSearchParams(), audience: Audience = "public"): RepKey {
  return { audience, path, params: normaliseParams(params).toString() };
}

/**
 * The Cache API needs a URL: the site's origin (copies of different sites never mix, as when
 * SITE_URL is empty and the request's host names the site), then the audience
 * and content coding, path and parameters. These URLs are never served; they only name cached copies.
 */
export function cacheUrl(siteUrl: string, k: RepKey, encoding: Encoding = "identity"): string {
  const coded = encoding === "identity" ? "" : `.${encoding}`;
  return `${siteUrl}/_rep/${k.audience}${coded}${k.path}${k.params ? `?${k.params}` : ""}`;
}

/** A copy's content coding: each is kept and purged beside the other (src/http/encoding.ts). */
export type Encoding = "identity" | "gzip";
export const ENCODINGS: readonly Encoding[] = ["identity", "gzip"];
