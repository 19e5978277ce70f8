// Rendered feeds cached in this location's Cache API, so that a warm poll costs no KV operation.
// Entries live FEED_CACHE_SECONDS at most: a write purges the canonical feeds it changed here at
// once, and every other cached variant (other locations, query-string feeds) expires within that
// bound, which is the staleness the README promises.
export const FEED_CACHE_SECONDS = 30;

/** The cache key of a feed URL: only GET, only the URL (no client headers). */
export const cacheKey = (url: string) => new Request(url, { method: "GET" });

export async function purgeFeeds(urls: string[]): Promise<void> {
  const cache = await caches.open("feeds");
  await Promise.all(urls.map((u) => cache.delete(cacheKey(u))));
}
