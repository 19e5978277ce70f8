// Rendered feeds: built from one page of the index, cached in this location's Cache API so that a
// warm poll costs no KV operation, and rebuilt ahead of readers after a write.
//
// Freshness: a cached copy is fresh for FEED_CACHE_SECONDS. A write purges the canonical feeds it
// changed (the whole-site and category feeds, default page) here at once and rebuilds them from its
// alarm right after the response; every other variant (other locations, query-string feeds) is
// rebuilt within that bound, which is the staleness the README promises. Copies are kept a day
// longer, so that when KV fails a stale feed is served instead of an error. (The Cache API does
// nothing on *.workers.dev hosts: there every poll is built from KV, correct but slower.) In front
// of the Cache API, each isolate holds the hottest copies in memory for two seconds.

import { emptyFilter } from "../articles/match.ts";
import type { ListQuery } from "../articles/query.ts";
import { DEFAULT_LIMIT, encodeCursor } from "../articles/query.ts";
import type { SiteConfig } from "../config.ts";
import {
  channelFor,
  FEED_FORMATS,
  type FeedFormat,
  FORMAT_NAMES,
  feedPath,
  linkHeader,
  newestChange,
  parseFeedPath,
} from "../feeds/formats.ts";
import { strongEtag } from "../http/conditional.ts";
import { listArticles } from "./index.ts";
import { listCategories } from "./read.ts";

export const FEED_CACHE_SECONDS = 30;
const KEEP_STALE_SECONDS = 86_400;

export interface Rendering {
  body: string;
  etag: string;
  /** ISO date of the newest change shown: Last-Modified. */
  lastModified: string;
  /** The Link header (self, hub, next). */
  link: string;
  /** When the build began (ms), before it read anything: it shows every write completed earlier. */
  builtAt?: number;
}

/** Builds the three formats of one feed page from a single listing. */
export async function buildFeeds(
  env: Env,
  site: SiteConfig,
  target: { slug?: string; query: ListQuery; path: (format: FeedFormat) => string; search: URLSearchParams },
  formats: readonly FeedFormat[] = FORMAT_NAMES,
): Promise<Map<FeedFormat, Rendering>> {
  const { slug, query } = target;
  const builtAt = Date.now();
  const page = query.empty ? { items: [] } : await listArticles(env, query);
  const categoryName = slug
    ? (page.items[0]?.category ?? (await listCategories(env.ARTICLES)).find((x) => x.slug === slug)?.name)
    : undefined;
  const updated = newestChange(page.items);
  const out = new Map<FeedFormat, Rendering>();
  for (const format of formats) {
    const url = (extra?: [string, string]) => {
      const params = new URLSearchParams(target.search);
      if (extra) params.set(...extra);
      const qs = params.toString();
      return `${site.url}${target.path(format)}${qs ? `?${qs}` : ""}`;
    };
    const channel = channelFor({
      site,
      ...(slug ? { slug } : {}),
      ...(categoryName ? { categoryName } : {}),
      selfUrl: url(),
      ...(page.next ? { nextUrl: url(["cursor", encodeCursor(query.filter, page.next)]) } : {}),
      updated,
    });
    const body = FEED_FORMATS[format].render(page.items, channel);
    out.set(format, {
      body,
      etag: await strongEtag(body),
      lastModified: updated,
      link: linkHeader(channel),
      builtAt,
    });
  }
  return out;
}

const cacheKey = (url: string) => new Request(url, { method: "GET" });
const open = () => caches.open("feeds");

/** A cached copy: its bytes, exactly as they are sent. */
export interface CachedRendering extends Omit<Rendering, "body"> {
  body: Uint8Array;
}

// Hot copies in this isolate's memory, in front of the Cache API, so that a warm poll costs what
// serving bytes from memory costs. A write can drop them only in its own isolate, so they are held
// for HOT_MS at most (that adds to the freshness bound) and only for the HOT_MAX most recent feeds.
const HOT_MS = 2_000;
const HOT_MAX = 32;
const hot = new Map<string, CachedRendering & { heldAt: number }>();

function hold(url: string, copy: CachedRendering): void {
  hot.delete(url);
  hot.set(url, { ...copy, heldAt: Date.now() });
  if (hot.size > HOT_MAX) hot.delete(hot.keys().next().value as string);
}

const fresh = (builtAt: number | undefined) => Date.now() - (builtAt ?? 0) < FEED_CACHE_SECONDS * 1000;

export async function readCached(
  url: string,
): Promise<{ feed: CachedRendering; fresh: boolean } | undefined> {
  const held = hot.get(url);
  if (held && Date.now() - held.heldAt < HOT_MS && fresh(held.builtAt)) return { feed: held, fresh: true };
  const hit = await (await open()).match(cacheKey(url));
  if (!hit) return undefined;
  const copy: CachedRendering = {
    body: new Uint8Array(await hit.arrayBuffer()),
    etag: hit.headers.get("etag") ?? "",
    lastModified: hit.headers.get("x-last-modified") ?? "1970-01-01T00:00:00.000Z",
    link: hit.headers.get("link") ?? "",
    builtAt: Number(hit.headers.get("x-built-at") ?? 0),
  };
  if (fresh(copy.builtAt)) hold(url, copy);
  return { feed: copy, fresh: fresh(copy.builtAt) };
}

export async function storeCached(url: string, feed: Rendering): Promise<void> {
  const bytes = new TextEncoder().encode(feed.body);
  hold(url, { ...feed, body: bytes, builtAt: feed.builtAt ?? Date.now() });
  const stored = new Response(bytes, {
    headers: {
      etag: feed.etag,
      "x-last-modified": feed.lastModified,
      "x-built-at": String(feed.builtAt ?? Date.now()),
      link: feed.link,
      "cache-control": `max-age=${FEED_CACHE_SECONDS + KEEP_STALE_SECONDS}`,
    },
  });
  await (await open()).put(cacheKey(url), stored);
}

export async function purgeFeeds(urls: readonly string[]): Promise<void> {
  for (const u of urls) hot.delete(u);
  const cache = await open();
  await Promise.all(urls.map((u) => cache.delete(cacheKey(u))));
}

/** The listing pages cache (src/pages/http.ts) keys pages the same way. */
export async function purgePages(urls: readonly string[]): Promise<void> {
  const cache = await caches.open("pages");
  await Promise.all(urls.map((u) => cache.delete(cacheKey(u))));
}

/**
 * Builds the canonical feeds among `urls` (default page, no filters) and caches them, one listing
 * per feed for all three formats, so the first reader after a write is served from cache. A feed
 * whose cached copy was begun after `writtenAt` already shows that write (another writer built it
 * meanwhile, as happens when a batch publishes many articles at once) and is left alone.
 */
export async function rebuildFeeds(
  env: Env,
  site: SiteConfig,
  urls: readonly string[],
  writtenAt: number,
): Promise<void> {
  const slugs = new Map<string, string | undefined>();
  for (const u of urls) {
    const parsed = parseFeedPath(new URL(u).pathname);
    if (parsed) slugs.set(parsed.slug ?? "", parsed.slug);
  }
  for (const slug of slugs.values()) {
    const cached = await readCached(`${site.url}${feedPath("xml", slug)}`);
    if (cached && (cached.feed.builtAt ?? 0) > writtenAt) continue;
    const filter = emptyFilter();
    if (slug) filter.categories = [slug];
    const built = await buildFeeds(env, site, {
      ...(slug ? { slug } : {}),
      query: { filter, limit: DEFAULT_LIMIT },
      path: (f) => feedPath(f, slug),
      search: new URLSearchParams(),
    });
    await Promise.all(
      [...built].map(([format, feed]) => storeCached(`${site.url}${feedPath(format, slug)}`, feed)),
    );
  }
}
