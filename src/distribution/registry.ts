// The registry of representations: everything readers get that is built from stored articles and
// cached. Each entry says where it is served, how it is built (store + pure renderer), and which of
// its copies a change touches. Serving, caching, purging, rebuilding and WebSub all iterate over this
// list, so a new representation is a renderer, one entry here and its tests.

import { z } from "zod";
import { type Article, isVisible, newestChange } from "../articles/article.ts";
import { emptyFilter } from "../articles/match.ts";
import {
  DEFAULT_LIMIT,
  encodeCursor,
  LIST_PARAMETERS,
  type ListQuery,
  parseListQuery,
  withoutTracking,
} from "../articles/query.ts";
import {
  channelFor,
  FEED_FORMATS,
  type FeedFormat,
  FORMAT_NAMES,
  feedTitle,
  linkHeader,
} from "../feeds/formats.ts";
import { fragmentParts, itemOf } from "../feeds/fragments.ts";
import type { DeletedEntry, FeedChannel } from "../feeds/model.ts";
import { OPML_FORMATS, type OpmlFormat, renderOpml } from "../feeds/opml.ts";
import { NEWS_SITEMAP_DAYS, NEWS_SITEMAP_MAX, renderNewsSitemap } from "../feeds/sitemap.ts";
import { invalidQuery } from "../http/problem.ts";
import { TOMBSTONES_PER_PAGE, WITHDRAWAL_PUBLIC_MS } from "../limits.ts";
import { PAGE_MAX_AGE } from "../pages/http.ts";
import { absolute, paths } from "../urls.ts";
import { tombstones } from "./change-stream.ts";
import { changesFeed } from "./changes-feed.ts";
import { announced, categoryOf, feedDate, filterTitle, lastModifiedOf } from "./feed-channel.ts";
import { repKey } from "./key.ts";
import { apiListing } from "./listing-cache.ts";
import { buildListingPage, PAGE_PARAMETERS, pageTarget } from "./pages.tsx";
import { type BuildContext, type Representation, seen, slugsOf, type Target } from "./types.ts";

function listTarget(path: string, raw: URLSearchParams, slug?: string): Target {
  const params = withoutTracking(raw);
  const parsed = parseListQuery(params, slug);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  return { key: repKey(path, params), ...(slug !== undefined ? { slug } : {}), query: parsed.query };
}

function canonicalFeed(format: FeedFormat, slug?: string): Target {
  const filter = emptyFilter();
  if (slug) filter.categories = [slug];
  return {
    key: repKey(paths.feed(format, slug)),
    ...(slug ? { slug } : {}),
    query: { filter, limit: DEFAULT_LIMIT },
  };
}

function feed(format: FeedFormat): Representation {
  const { type, spec } = FEED_FORMATS[format];
  const Ext = `${format[0]?.toUpperCase()}${format.slice(1)}`;
  return {
    name: `feed.${format}`,
    contentType: type,
    description: `Newest first, ${DEFAULT_LIMIT} items by default. Paged (RFC 5005 \`rel="next"\`${format === "json" ? ", `next_url`" : ""}); conditional GET with \`If-None-Match\` / \`If-Modified-Since\`. CORS open.`,
    routes: [
      {
        path: paths.feed(format),
        id: `feed${Ext}`,
        summary: `All articles as ${spec}`,
        query: LIST_PARAMETERS,
      },
      {
        path: `/category/:slug/feed.${format}`,
        id: `categoryFeed${Ext}`,
        summary: `One category as ${spec}`,
        query: LIST_PARAMETERS,
        notFound: "No article has been visible in a category of that name.",
      },
    ],
    target: (params, slug) => listTarget(paths.feed(format, slug), params, slug),
    async build(ctx, t) {
      const query = t.query as ListQuery;
      // A miss assembles stored item fragments; only items without fresh ones are rendered here.
      const page = query.empty ? { items: [] } : await ctx.fragments(query);
      const heads = page.items.map((i) => i.article);
      const categoryName = await categoryOf(ctx, t, heads);
      const filter = await filterTitle(ctx, new URLSearchParams(t.key.params));
      const updated = await feedDate(ctx, t, heads);
      const url = (extra?: [string, string]) => {
        const params = new URLSearchParams(t.key.params);
        if (extra) params.set(...extra);
        for (const [k, v] of ctx.linkParams ?? []) params.set(k, v);
        return absolute(ctx.site.url, t.key.path, params);
      };
      const channel = channelFor({
        site: announced(ctx.site, t),
        ...(t.slug ? { slug: t.slug } : {}),
        ...(categoryName ? { categoryName } : {}),
        ...(filter ? { filter } : {}),
        selfUrl: url(),
        ...(page.next
          ? { nextUrl: url(["cursor", encodeCursor(query.asked ?? query.filter, page.next)]) }
          : {}),
        updated,
      });
      if (format === "atom") {
        const shown = { items: heads, ...(page.next ? { next: page.next } : {}) };
        const deleted = await feedTombstones(ctx, t, query, shown, channel);
        if (deleted.length > 0) channel.deleted = deleted;
      }
      const items = page.items.map((i) =>
        i.fragments !== undefined ? fragmentParts(i.fragments, format) : itemOf(format, i.article, channel),
      );
      return {
        body: FEED_FORMATS[format].assemble(items, channel),
        lastModified: await lastModifiedOf(ctx.scope, t.slug, updated),
        link: linkHeader(channel),
        ids: heads.map((a) => a.id),
      };
    },
    touched: (c) => [canonicalFeed(format), ...slugsOf(c).map((slug) => canonicalFeed(format, slug))],
    prebuild: true,
    revalidate: "category",
    hub: true,
    maxAge: (site) => site.maxAge,
  };
}

/**
 * RFC 6721 tombstones of an Atom page: withdrawals its filter would have shown, newer than its
 * oldest entry (all that are still public, on the last page), at most TOMBSTONES_PER_PAGE.
 */
async function feedTombstones(
  ctx: BuildContext,
  t: Target,
  query: ListQuery,
  page: { items: readonly Pick<Article, "id" | "publishedAt">[]; next?: unknown },
  channel: FeedChannel,
): Promise<DeletedEntry[]> {
  const oldest = page.next ? page.items.at(-1) : undefined;
  const since = Math.max(ctx.now - WITHDRAWAL_PUBLIC_MS, oldest ? Date.parse(oldest.publishedAt) : 0);
  // Nothing left the feed's scope since then (the registry, already asked for the feed's date): no
  // withdrawal to announce, and no request to the changes log.
  // The registry knows of what left the public's feeds only: an embargo taken back or an expiry is
  // for the log to say, so a partner's page always asks it.
  const { removedAt } = await ctx.scope(t.slug);
  if (!ctx.viewer && (removedAt === undefined || removedAt < since)) return [];
  const shown = new Set(page.items.map((a) => a.id));
  return tombstones(ctx.articles, query.filter, since, TOMBSTONES_PER_PAGE, shown, channel, ctx.viewer);
}

/** A representation with no query parameters: any parameter but tracking ones is a 400 that names it. */
function noParams(path: string, params: URLSearchParams): Target {
  const errors = [...withoutTracking(params).keys()].map((name) => ({
    path: name,
    message: "unknown parameter; this URL takes none",
  }));
  if (errors.length > 0) throw invalidQuery(errors);
  return { key: repKey(path) };
}

const OPML_PARAMETERS = z.object({
  format: z
    .enum(Object.keys(OPML_FORMATS) as [OpmlFormat, ...OpmlFormat[]])
    .default("rss")
    .meta({ description: "The one format every outline's feed is in: `rss` (default), `atom` or `json`." }),
});

/** `?format=rss|atom|json` (RSS by default, sharing one copy with `?format=rss`); anything else a 400. */
function opmlTarget(raw: URLSearchParams): Target {
  const params = withoutTracking(raw);
  const format = params.get("format") ?? "rss";
  const errors = [...params.keys()]
    .filter((name) => name !== "format")
    .map((name) => ({ path: name, message: "unknown parameter; this URL takes only format" }));
  if (params.getAll("format").length > 1) errors.push({ path: "format", message: "may be given only once" });
  else if (!(format in OPML_FORMATS)) errors.push({ path: "format", message: "must be rss, atom or json" });
  if (errors.length > 0) throw invalidQuery(errors);
  return { key: repKey(paths.opml(), new URLSearchParams(format === "rss" ? {} : { format })) };
}

const opml: Representation = {
  name: "opml",
  contentType: "text/x-opml; charset=utf-8",
  description:
    "The all-articles feed and every category's, in one format (`?format=`, RSS by default), each outline titled as its feed: import it once and get each story once per feed it is in.",
  routes: [{ path: paths.opml(), id: "opml", summary: "Every feed as OPML 2.0", query: OPML_PARAMETERS }],
  target: opmlTarget,
  async build(ctx, t) {
    const site = ctx.site;
    const format = (new URLSearchParams(t.key.params).get("format") ?? "rss") as OpmlFormat;
    const ext = OPML_FORMATS[format].ext;
    // A partner's list links its feeds with its URL token, for readers that cannot send headers.
    const own = ctx.linkParams?.length ? new URLSearchParams(ctx.linkParams) : undefined;
    const body = renderOpml(
      [
        {
          title: feedTitle(site),
          htmlUrl: absolute(site.url, paths.home()),
          xmlUrl: absolute(site.url, paths.feed(ext), own),
          description: site.description,
          language: site.language,
        },
        ...(await ctx.categories()).map((cat) => ({
          title: feedTitle(site, cat.name),
          htmlUrl: absolute(site.url, paths.category(cat.slug)),
          xmlUrl: absolute(site.url, paths.feed(ext, cat.slug), own),
        })),
      ],
      { title: `${site.title}: all feeds`, ownerName: site.title, ownerId: absolute(site.url, paths.home()) },
      format,
    );
    return { body };
  },
  touched: () =>
    (Object.keys(OPML_FORMATS) as OpmlFormat[]).map((format) => ({
      key: repKey(paths.opml(), new URLSearchParams(format === "rss" ? {} : { format })),
    })),
  prebuild: false,
  revalidate: "site",
  hub: false,
  maxAge: (site) => site.maxAge,
};

const SITEMAP_PAGE = 100;

const newsSitemap: Representation = {
  name: "sitemap-news",
  contentType: "application/xml; charset=utf-8",
  description: `Articles first published in the last ${NEWS_SITEMAP_DAYS} days, at most ${NEWS_SITEMAP_MAX.toLocaleString("en")}, newest first, each at its page \`/articles/{id}\` (sitemaps.org with the Google News extension). Takes no parameters.`,
  routes: [{ path: paths.sitemap(), id: "newsSitemap", summary: "Google News sitemap" }],
  target: (params) => noParams(paths.sitemap(), params),
  async build(ctx) {
    const since = ctx.now - NEWS_SITEMAP_DAYS * 86_400_000;
    const items: Article[] = [];
    let query: ListQuery = { filter: emptyFilter(), limit: SITEMAP_PAGE };
    // Newest first: stop at the first article older than two days, or at the protocol's 1,000.
    for (let pages = 0; pages < NEWS_SITEMAP_MAX / SITEMAP_PAGE; pages++) {
      const page = await ctx.list(query);
      const recent = page.items.filter((a) => Date.parse(a.publishedAt) >= since);
      items.push(...recent);
      if (!page.next || recent.length < page.items.length) break;
      query = { ...query, cursor: page.next };
    }
    return {
      body: renderNewsSitemap(items, { siteUrl: ctx.site.url, publication: ctx.site.title }),
      lastModified: await lastModifiedOf(ctx.scope, undefined, newestChange(items)),
      ids: items.map((a) => a.id),
    };
  },
  touched: (c) =>
    seen(c).some(
      (a) => isVisible(a, c.at) && Date.parse(a.publishedAt) >= c.at - NEWS_SITEMAP_DAYS * 86_400_000,
    )
      ? [{ key: repKey(paths.sitemap()) }]
      : [],
  // Purged at once and built by its next reader (crawlers poll it): building it ahead would cost
  // every publish one more KV list, and lists are the scarcest daily quota.
  prebuild: false,
  hub: false,
  maxAge: (site) => site.maxAge,
};

const listingPage: Representation = {
  name: "page",
  contentType: "text/html; charset=utf-8",
  description:
    'The newest articles and every feed, with `<link rel="alternate">` autodiscovery; other parameters (`utm_*` and the like) are ignored.',
  routes: [
    { path: paths.home(), id: "frontPage", summary: "Front page", query: PAGE_PARAMETERS },
    {
      path: "/category/:slug",
      id: "categoryPage",
      summary: "One category's page",
      query: PAGE_PARAMETERS.pick({ cursor: true }),
      notFound: "No such category.",
    },
  ],
  target: pageTarget,
  build: buildListingPage,
  // The front page, and the category pages of both sides (a new category appears in every nav).
  touched: (c) => [
    { key: repKey(paths.home()) },
    ...slugsOf(c).map((slug) => ({ key: repKey(paths.category(slug)), slug })),
  ],
  prebuild: false,
  // Pages show every category in their navigation: any write may change them.
  revalidate: "site",
  hub: false,
  maxAge: () => PAGE_MAX_AGE,
  html: true,
};

export const REPRESENTATIONS: readonly Representation[] = [
  ...FORMAT_NAMES.map(feed),
  opml,
  newsSitemap,
  listingPage,
  changesFeed,
  apiListing,
];
