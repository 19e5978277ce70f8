// Every public URL the service makes, built in one place: paths here, absolute URLs from the site's
// origin. Path segments that come from data (ids, slugs) are always percent-encoded.

/** The extensions of the feed formats, in the order every list shows them (src/feeds/formats.ts). */
export type FeedExt = "xml" | "atom" | "json";

export const paths = {
  home: () => "/",
  article: (id: string) => `/articles/${encodeURIComponent(id)}`,
  category: (slug: string) => `/category/${encodeURIComponent(slug)}`,
  /** The scheme of category terms (Atom `category scheme`): the folder every category page is in. */
  categories: () => "/category/",
  feed: (ext: FeedExt, slug?: string) =>
    slug ? `/category/${encodeURIComponent(slug)}/feed.${ext}` : `/feed.${ext}`,
  /** The front page narrowed to one keyword. */
  keyword: (keyword: string) => `/?${new URLSearchParams({ keyword })}`,
  opml: () => "/feeds.opml",
  sitemap: () => "/sitemap-news.xml",
  robots: () => "/robots.txt",
  /** The default feed icon and logo (SITE_ICON and SITE_LOGO replace it). */
  icon: () => "/icon.png",
  apiArticle: (id: string) => `/api/articles/${encodeURIComponent(id)}`,
  apiArticles: () => "/api/articles",
  apiChanges: () => "/api/changes",
  changesFeed: () => "/changes.atom",
  docs: () => "/docs",
  openapi: () => "/openapi.json",
} as const;

/** An absolute URL on the site: origin (no trailing slash) + path + query parameters, if any. */
export function absolute(
  siteUrl: string,
  path: string,
  params?: URLSearchParams | Record<string, string>,
): string {
  const qs = params ? new URLSearchParams(params).toString() : "";
  return `${siteUrl}${path}${qs ? `?${qs}` : ""}`;
}

/** The feed a path names, for paths made by `paths.feed`. */
export function parseFeedPath(path: string): { ext: FeedExt; slug?: string } | undefined {
  const m = /^(?:\/category\/([^/]+))?\/feed\.(xml|atom|json)$/.exec(path);
  if (!m) return undefined;
  return { ext: m[2] as FeedExt, ...(m[1] ? { slug: decodeURIComponent(m[1]) } : {}) };
}
