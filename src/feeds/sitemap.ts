// Google News sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap):
// the articles first published in the last two days, at most 1,000, each with its publication (name
// and ISO 639 language), publication date and title. `<loc>` is this service's article page, which
// names the newsroom's own URL as rel="canonical" when the article has one.
import type { Article } from "../articles/article.ts";
import { absolute, paths } from "../urls.ts";
import { uri } from "./model.ts";
import { element, escapeText, rfc3339 } from "./xml.ts";

/** The protocol's limits: two days of articles, 1,000 URLs a sitemap. */
export const NEWS_SITEMAP_DAYS = 2;
export const NEWS_SITEMAP_MAX = 1_000;

export interface NewsSitemapChannel {
  siteUrl: string;
  /** The publication's name, exactly as Google News knows it: the site title. */
  publication: string;
}

/**
 * The protocol wants an ISO 639 code (two or three letters), except `zh-cn` and `zh-tw` for
 * simplified and traditional Chinese; a BCP 47 tag maps to it by its language and script or region.
 */
export function newsLanguage(bcp47: string): string {
  const [lang = "und", ...rest] = bcp47.toLowerCase().split("-");
  if (lang !== "zh") return lang;
  return rest.some((p) => p === "hant" || p === "tw" || p === "hk" || p === "mo") ? "zh-tw" : "zh-cn";
}

export function renderNewsSitemap(articles: readonly Article[], channel: NewsSitemapChannel): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ',
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n',
  ];
  for (const a of articles.slice(0, NEWS_SITEMAP_MAX)) {
    out.push(
      "<url>\n",
      element("loc", uri(absolute(channel.siteUrl, paths.article(a.id)))),
      "<news:news>\n<news:publication>\n",
      element("news:name", channel.publication),
      element("news:language", newsLanguage(a.language)),
      "</news:publication>\n",
      `<news:publication_date>${rfc3339(a.publishedAt)}</news:publication_date>\n`,
      `<news:title>${escapeText(a.headline)}</news:title>\n`,
      "</news:news>\n</url>\n",
    );
  }
  out.push("</urlset>\n");
  return out.join("");
}
