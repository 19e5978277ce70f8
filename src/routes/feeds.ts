// Feeds: /feed.{xml,atom,json} and /category/{slug}/feed.{xml,atom,json}, with the listing's query
// parameters, RFC 5005 paging, validators and conditional GET; /feeds.opml lists them all.

import type { Context } from "hono";
import { Hono } from "hono";
import type { Article } from "../articles/article.ts";
import { encodeCursor, parseListQuery } from "../articles/query.ts";
import { siteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";
import { renderAtom } from "../feeds/atom.ts";
import { renderJsonFeed } from "../feeds/jsonfeed.ts";
import type { FeedChannel } from "../feeds/model.ts";
import { renderOpml } from "../feeds/opml.ts";
import { renderRss } from "../feeds/rss.ts";
import { conditionalResponse, strongEtag } from "../http/conditional.ts";
import { ProblemError } from "../http/problem.ts";
import { type BuiltFeed, readCachedFeed, storeCachedFeed } from "../store/feed-cache.ts";
import { categories, listArticles } from "../store/index.ts";

export const FEED_FORMATS = {
  xml: { render: renderRss, type: "application/rss+xml; charset=utf-8", label: "RSS" },
  atom: { render: renderAtom, type: "application/atom+xml; charset=utf-8", label: "Atom" },
  json: { render: renderJsonFeed, type: "application/feed+json; charset=utf-8", label: "JSON Feed" },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

export const feedPath = (format: FeedFormat, slug?: string) =>
  slug ? `/category/${encodeURIComponent(slug)}/feed.${format}` : `/feed.${format}`;

/** When a reader could first see the article: its last change, or its embargo lift if later. */
export const changedAt = (a: Article) => (a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt);

/** Before any article exists a feed still needs a stable `updated`: the Unix epoch, never "now". */
const EPOCH = "1970-01-01T00:00:00.000Z";

/**
 * Serves a feed from this location's cache when a fresh copy is there (a warm poll costs no KV
 * operation), else builds it and caches it (src/store/feed-cache.ts says how writes purge). When
 * storage fails, a stale copy beats an error.
 */
async function serveFeed(c: Context<AppEnv>, format: FeedFormat, slug?: string): Promise<Response> {
  const url = new URL(c.req.url);
  const site = siteConfig(c.env, c.req.url);
  const cacheUrl = `${site.url}${url.pathname}${url.search}`;
  const cached = await readCachedFeed(cacheUrl);
  let feed = cached?.fresh ? cached.feed : undefined;
  if (!feed) {
    try {
      feed = await buildFeed(c, format, slug);
      afterResponse(c, storeCachedFeed(cacheUrl, feed));
    } catch (err) {
      if (!(cached && err instanceof ProblemError && err.problem.status === 503)) throw err;
      feed = cached.feed;
    }
  }
  return conditionalResponse(c.req.raw, {
    body: feed.body,
    etag: feed.etag,
    contentType: FEED_FORMATS[format].type,
    lastModified: new Date(feed.lastModified),
    maxAge: site.maxAge,
    headers: { link: feed.link },
  });
}

/** Work that need not delay the response (caching is best effort: a failure only costs a rebuild). */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  const quiet = work.catch(() => undefined);
  try {
    c.executionCtx.waitUntil(quiet);
  } catch {
    // No execution context (app.fetch called directly): the promise still runs to completion.
  }
}

async function buildFeed(c: Context<AppEnv>, format: FeedFormat, slug?: string): Promise<BuiltFeed> {
  const url = new URL(c.req.url);
  const parsed = parseListQuery(url.searchParams, slug);
  if (!parsed.ok)
    throw new ProblemError({
      status: 400,
      type: "invalid-query",
      title: "Invalid Query",
      detail: "Some query parameters are not valid.",
      errors: parsed.errors,
    });
  const query = parsed.query;
  const site = siteConfig(c.env, c.req.url);
  const page = query.empty ? { items: [] } : await listArticles(c.env, query);
  const selfUrl = `${site.url}${url.pathname}${url.search}`;
  let nextUrl: string | undefined;
  if (page.next) {
    const next = new URL(url);
    next.searchParams.set("cursor", encodeCursor(query.filter, page.next));
    nextUrl = `${site.url}${next.pathname}${next.search}`;
  }
  const updated = page.items.reduce((max, a) => (changedAt(a) > max ? changedAt(a) : max), EPOCH);
  const categoryName = slug
    ? (page.items[0]?.category ?? (await categories(c.env)).find((x) => x.slug === slug)?.name ?? slug)
    : undefined;
  const channel: FeedChannel = {
    title: categoryName ? `${site.title}: ${categoryName}` : site.title,
    description: categoryName ? `${categoryName} from ${site.title}` : site.description,
    language: site.language,
    siteUrl: site.url,
    homeUrl: slug ? `${site.url}/category/${encodeURIComponent(slug)}` : `${site.url}/`,
    selfUrl,
    ...(nextUrl ? { nextUrl } : {}),
    ...(site.hub ? { hubUrl: site.hub } : {}),
    updated,
    ttlMinutes: Math.max(1, Math.round(site.maxAge / 60)),
    idAuthority: new URL(site.url).hostname,
    generator: "Edgewire",
  };
  const links = [
    `<${selfUrl}>; rel="self"`,
    ...(site.hub ? [`<${site.hub}>; rel="hub"`] : []),
    ...(nextUrl ? [`<${nextUrl}>; rel="next"`] : []),
  ];
  const body = FEED_FORMATS[format].render(page.items, channel);
  return { body, etag: await strongEtag(body), lastModified: updated, link: links.join(", ") };
}

export const feeds = new Hono<AppEnv>();

for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
  feeds.get(`/feed.${format}`, (c) => serveFeed(c, format));
  feeds.get(`/category/:slug/feed.${format}`, (c) => serveFeed(c, format, c.req.param("slug")));
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
  return (Object.keys(FEED_FORMATS) as FeedFormat[]).map((format) => ({
    format,
    label: FEED_FORMATS[format].label,
    type: FEED_FORMATS[format].type.split(";")[0] as string,
    url: `${siteUrl}${feedPath(format, slug)}`,
  }));
}
