// Cached copies of representations in this location: the Cache API, with the hottest copies also
// in isolate memory. A copy is fresh for FRESH_SECONDS after it was built and kept a day, so that
// when storage fails a stale copy is served instead of an error (never one that shows an article
// taken down since: serve.ts checks). (The Cache API does nothing on
// *.workers.dev hosts: there every request is built from storage, correct but slower.)

import * as clock from "../clock.ts";
import { CACHED_IDS_MAX_BYTES } from "../limits.ts";
import { cacheUrl, ENCODINGS, type Encoding, type RepKey } from "./key.ts";

/** How long a copy is served without asking storage again: part of the README's freshness bound. */
export const FRESH_SECONDS = 30;
/** How long past freshness a copy may stand in for storage that fails. */
export const STALE_SECONDS = 600;
/** How long a copy is kept at all: a checked stale copy may serve through a day's outage or spent quota. */
const KEEP_SECONDS = 86_400;

/** A representation as built: the bytes and what the HTTP answer needs besides them. */
export interface Rendering {
  body: string;
  etag: string;
  /** The same bytes gzip-coded, with their own strong ETag (an identity and a gzip body never share one). */
  gzip: { body: Uint8Array; etag: string };
  /** ISO date of the newest change shown: Last-Modified (absent when the content has no date). */
  lastModified?: string;
  /** The Link header (self, hub, next), if any. */
  link?: string;
  /** When the build began (ms), before it read anything: it shows every write completed earlier. */
  builtAt: number;
  /** The articles it shows. */
  ids?: string[];
  /** It shows articles, but too many to keep their ids with it: a stale copy cannot be checked. */
  idsUnknown?: true;
}

/** A cached copy in one content coding: its bytes and ETag, exactly as they are sent. */
export interface CachedRendering extends Omit<Rendering, "body" | "gzip"> {
  body: Uint8Array;
  encoding: Encoding;
}

/** The copy of a rendering in one coding. */
export function variant(r: Rendering, encoding: Encoding): CachedRendering {
  const { gzip, body, ...rest } = r;
  return encoding === "gzip"
    ? { ...rest, body: gzip.body, etag: gzip.etag, encoding }
    : { ...rest, body: new TextEncoder().encode(body), encoding };
}

const open = () => caches.open("representations");
const request = (url: string) => new Request(url, { method: "GET" });

// Hot copies in this isolate's memory, in front of the Cache API, so that a warm poll costs what
// serving bytes from memory costs. A write can drop them only in its own isolate, so they are held
// for HOT_MS at most (that adds to the freshness bound) and only for the HOT_MAX most recent copies.
export const HOT_MS = 2_000;
const HOT_MAX = 32;
const hot = new Map<string, CachedRendering & { heldAt: number }>();

function hold(url: string, copy: CachedRendering): void {
  hot.delete(url);
  hot.set(url, { ...copy, heldAt: clock.now() });
  if (hot.size > HOT_MAX) hot.delete(hot.keys().next().value as string);
}

const isFresh = (builtAt: number) => clock.now() - builtAt < FRESH_SECONDS * 1000;

/**
 * The cached copy of `key`, if any: `fresh` when it may be served without asking anything;
 * `expired` when a write said it changed (it must be built again, and only stands in if that fails).
 */
export async function readCached(
  siteUrl: string,
  key: RepKey,
  encoding: Encoding = "identity",
): Promise<{ copy: CachedRendering; fresh: boolean; expired: boolean } | undefined> {
  const url = cacheUrl(siteUrl, key, encoding);
  const held = hot.get(url);
  if (held && clock.now() - held.heldAt < HOT_MS && isFresh(held.builtAt))
    return { copy: held, fresh: true, expired: false };
  const hit = await (await open()).match(request(url));
  if (!hit) return undefined;
  const copy: CachedRendering = {
    body: new Uint8Array(await hit.arrayBuffer()),
    etag: hit.headers.get("etag") ?? "",
    ...(hit.headers.get("x-last-modified")
      ? { lastModified: hit.headers.get("x-last-modified") as string }
      : {}),
    ...(hit.headers.get("link") ? { link: hit.headers.get("link") as string } : {}),
    builtAt: Number(hit.headers.get(BUILT_AT) ?? 0),
    encoding,
    ...(hit.headers.get("x-ids") ? { ids: JSON.parse(hit.headers.get("x-ids") as string) as string[] } : {}),
    ...(hit.headers.has(IDS_OMITTED) ? { idsUnknown: true as const } : {}),
  };
  const expired = hit.headers.has(EXPIRED);
  const fresh = isFresh(copy.builtAt) && !expired;
  if (fresh) hold(url, copy);
  return { copy, fresh, expired };
}

/**
 * Keeps a copy as built, in every content coding; or, renewed after a revalidation, one coding's
 * bytes again with a new `builtAt`. A `reader`'s build (not the writer's rebuild) may have begun
 * before a write and finish after it: it never replaces a copy begun later (the writer's rebuild),
 * and it is kept expired (it only stands in) when the reader knows a write came after it began.
 */
export async function storeCached(
  siteUrl: string,
  key: RepKey,
  r: Rendering | CachedRendering,
  reader?: { outdated: boolean },
): Promise<void> {
  const cache = await open();
  if ("encoding" in r) return storeVariant(cache, siteUrl, key, r, reader);
  await Promise.all(
    ENCODINGS.map((encoding) => storeVariant(cache, siteUrl, key, variant(r, encoding), reader)),
  );
}

async function storeVariant(
  cache: Cache,
  siteUrl: string,
  key: RepKey,
  r: CachedRendering,
  reader?: { outdated: boolean },
): Promise<void> {
  const url = cacheUrl(siteUrl, key, r.encoding);
  if (reader) {
    const prior = await cache.match(request(url));
    await prior?.body?.cancel();
    if (prior && Number(prior.headers.get(BUILT_AT) ?? 0) > r.builtAt) return;
  }
  const outdated = reader?.outdated ?? false;
  if (!outdated) hold(url, r);
  const stored = new Response(r.body, {
    headers: {
      ...(outdated ? { [EXPIRED]: "1" } : {}),
      etag: r.etag,
      ...(r.lastModified ? { "x-last-modified": r.lastModified } : {}),
      [BUILT_AT]: String(r.builtAt),
      ...(r.link ? { link: r.link } : {}),
      ...idsHeader(r),
      "cache-control": `max-age=${KEEP_SECONDS}`,
    },
  });
  await cache.put(request(url), stored);
}

const IDS_OMITTED = "x-ids-omitted";

/**
 * The ids a copy shows ride in a header of its cached response, within Workers' header limits
 * (src/limits.ts CACHED_IDS_MAX_BYTES); past that (the news sitemap's 1,000) only the fact that
 * they were left out is kept.
 */
function idsHeader(r: Rendering | CachedRendering): Record<string, string> {
  if (r.idsUnknown) return { [IDS_OMITTED]: "1" };
  if (!r.ids) return {};
  const json = JSON.stringify(r.ids);
  return new TextEncoder().encode(json).byteLength <= CACHED_IDS_MAX_BYTES
    ? { "x-ids": json }
    : { [IDS_OMITTED]: "1" };
}

/** When the build of a copy began (ms). */
const BUILT_AT = "x-built-at";
/** Marks a copy as no longer fresh whatever its age: a write changed what it shows. */
const EXPIRED = "x-expired";

/**
 * After a write: the copies it touched stop being fresh, so the next reader builds them again, but
 * they are kept (not deleted) as the stale copy that stands in when that build fails, e.g. because
 * the day's KV lists are spent. A copy that shows a withdrawn article is never served stale anyway
 * (serve.ts asks the category registry), so keeping it costs no takedown.
 */
export async function expireCached(siteUrl: string, keys: readonly RepKey[]): Promise<void> {
  const urls = keys.flatMap((k) => ENCODINGS.map((e) => cacheUrl(siteUrl, k, e)));
  for (const u of urls) hot.delete(u);
  const cache = await open();
  await Promise.all(
    urls.map(async (u) => {
      const hit = await cache.match(request(u));
      if (!hit || hit.headers.has(EXPIRED)) {
        await hit?.body?.cancel();
        return;
      }
      const headers = new Headers(hit.headers);
      headers.set(EXPIRED, "1");
      await cache.put(request(u), new Response(hit.body, { headers }));
    }),
  );
}
