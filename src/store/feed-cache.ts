// Rendered feeds cached in this location's Cache API, so that a warm poll costs no KV operation.
// A copy is fresh for FEED_CACHE_SECONDS; a write purges the canonical feeds it changed here at once,
// and every other variant (other locations, query-string feeds) is rebuilt within that bound, which
// is the staleness the README promises. Copies are kept a day longer so that, when KV fails, a
// stale feed is served instead of an error. (The Cache API is a no-op on *.workers.dev hosts: there
// every poll is rebuilt from KV, which is correct, only slower.)
export const FEED_CACHE_SECONDS = 30;
const KEEP_STALE_SECONDS = 86_400;

export interface BuiltFeed {
  body: string;
  etag: string;
  /** ISO date of the newest change shown: Last-Modified. */
  lastModified: string;
  /** The Link header (self, hub, next). */
  link: string;
}

const cacheKey = (url: string) => new Request(url, { method: "GET" });
const open = () => caches.open("feeds");

export async function readCachedFeed(url: string): Promise<{ feed: BuiltFeed; fresh: boolean } | undefined> {
  const hit = await (await open()).match(cacheKey(url));
  if (!hit) return undefined;
  const builtAt = Number(hit.headers.get("x-built-at") ?? 0);
  return {
    feed: {
      body: await hit.text(),
      etag: hit.headers.get("etag") ?? "",
      lastModified: hit.headers.get("x-last-modified") ?? "1970-01-01T00:00:00.000Z",
      link: hit.headers.get("link") ?? "",
    },
    fresh: Date.now() - builtAt < FEED_CACHE_SECONDS * 1000,
  };
}

export async function storeCachedFeed(url: string, feed: BuiltFeed): Promise<void> {
  const stored = new Response(feed.body, {
    headers: {
      etag: feed.etag,
      "x-last-modified": feed.lastModified,
      "x-built-at": String(Date.now()),
      link: feed.link,
      "cache-control": `max-age=${FEED_CACHE_SECONDS + KEEP_STALE_SECONDS}`,
    },
  });
  await (await open()).put(cacheKey(url), stored);
}

export async function purgeFeeds(urls: string[]): Promise<void> {
  const cache = await open();
  await Promise.all(urls.map((u) => cache.delete(cacheKey(u))));
}
