// Feeds: /feed.{xml,atom,json} and /category/{slug}/feed.{xml,atom,json}, with the listing's query
// parameters, RFC 5005 paging, validators and conditional GET; /feeds.opml lists them all.
import type { Context } from "hono";
import { Hono } from "hono";
import { parseListQuery } from "../articles/query.ts";
import { slugify } from "../articles/text.ts";
import { siteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";
import { changedAt, FEED_FORMATS, type FeedFormat, FORMAT_NAMES, feedPath } from "../feeds/formats.ts";
import { renderOpml } from "../feeds/opml.ts";
import { cachedResponse } from "../http/cached.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { invalidQuery } from "../http/problem.ts";
import { buildFeeds, type Rendering } from "../store/feeds.ts";
import { categories } from "../store/index.ts";

export { changedAt, FEED_FORMATS, type FeedFormat, feedPath };

/**
 * Serves a feed from this location's cache when a fresh copy is there (a warm poll costs no KV
 * operation), else builds and caches it (src/store/feeds.ts says how writes purge and rebuild).
 */
function serveFeed(c: Context<AppEnv>, format: FeedFormat, slug?: string): Promise<Response> {
  const url = new URL(c.req.url);
  const parsed = parseListQuery(url.searchParams, slug);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  const site = siteConfig(c.env, c.req.url);
  return cachedResponse(c, {
    cacheUrl: `${site.url}${url.pathname}${url.search}`,
    contentType: FEED_FORMATS[format].type,
    maxAge: site.maxAge,
    build: async () => {
      const target = {
        ...(slug ? { slug } : {}),
        query: parsed.query,
        path: () => url.pathname,
        search: url.searchParams,
      };
      return (await buildFeeds(c.env, site, target, [format])).get(format) as Rendering;
    },
  });
}

export const feeds = new Hono<AppEnv>();

for (const format of FORMAT_NAMES) {
  feeds.get(`/feed.${format}`, (c) => serveFeed(c, format));
  // "World News" or "World-News" in a hand-typed URL names the same category as "world-news".
  feeds.get(`/category/:slug/feed.${format}`, (c) => serveFeed(c, format, slugify(c.req.param("slug"))));
}

feeds.get("/feeds.opml", async (c) => {
  const site = siteConfig(c.env, c.req.url);
  const urls = (slug?: string) => ({
    rss: `${site.url}${feedPath("xml", slug)}`,
    atom: `${site.url}${feedPath("atom", slug)}`,
    json: `${site.url}${feedPath("json", slug)}`,
  });
  const body = renderOpml(
    [
      {
        title: site.title,
        htmlUrl: `${site.url}/`,
        description: site.description,
        language: site.language,
        feeds: urls(),
      },
      ...(await categories(c.env)).map((cat) => ({
        title: cat.name,
        htmlUrl: `${site.url}/category/${encodeURIComponent(cat.slug)}`,
        feeds: urls(cat.slug),
      })),
    ],
    { title: `${site.title}: all feeds`, ownerName: site.title, ownerId: `${site.url}/` },
  );
  return conditionalResponse(c.req.raw, {
    body,
    contentType: "text/x-opml; charset=utf-8",
    maxAge: site.maxAge,
  });
});

export function feedLinks(siteUrl: string, slug?: string) {
  return FORMAT_NAMES.map((format) => ({
    format,
    label: FEED_FORMATS[format].label,
    type: FEED_FORMATS[format].type.split(";")[0] as string,
    url: `${siteUrl}${feedPath(format, slug)}`,
  }));
}
