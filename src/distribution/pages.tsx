// The HTML listing pages as representations: the front page (latest articles, every feed; `?keyword=`
// narrows it to one keyword) and one page per category. Built from one page of the index and the
// category registry, rendered with the views in src/pages/, cached like the feeds.

import { z } from "zod";
import { type Article, newestChange } from "../articles/article.ts";
import { encodeCursor, LIST_PARAMETERS, parseListQuery } from "../articles/query.ts";
import type { SiteConfig } from "../config.ts";
import { FEED_FORMATS, FORMAT_NAMES } from "../feeds/formats.ts";
import { documentHtml } from "../pages/http.ts";
import type { FeedLink, NavItem } from "../pages/layout.tsx";
import { ListingPage } from "../pages/listing.tsx";
import { MessagePage } from "../pages/message.tsx";
import type { FeedRow } from "../pages/parts.tsx";
import type { Category } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { lastModifiedOf } from "./feed-channel.ts";
import { repKey } from "./key.ts";
import type { BuildContext, Built, Target } from "./types.ts";

export const PAGE_SIZE = 20;

/** A page that answers with a message instead (400 bad link, 404 no such section): never cached. */
export class PageRefusal extends Error {
  readonly status: 400 | 404 | 410;
  readonly html: string;
  constructor(status: 400 | 404 | 410, html: string) {
    super(`page refused: ${status}`);
    this.status = status;
    this.html = html;
  }
}

/** The feeds of one list (all, or a category) in every format, titled for a reader's list. */
export function feedsOf(
  site: SiteConfig,
  name: string,
  slug?: string,
  query = "",
): (FeedLink & { label: string })[] {
  return FORMAT_NAMES.map((format) => ({
    title: `${name} (${FEED_FORMATS[format].label})`,
    label: FEED_FORMATS[format].label,
    type: FEED_FORMATS[format].type.split(";")[0] as string,
    url: `${absolute(site.url, paths.feed(format, slug))}${query}`,
  }));
}

export function navOf(site: SiteConfig, cats: readonly Category[], current?: string): NavItem[] {
  return [
    { label: "Latest", href: absolute(site.url, paths.home()), ...(current === "" ? { current: true } : {}) },
    ...cats.map((cat) => ({
      label: cat.name,
      href: absolute(site.url, paths.category(cat.slug)),
      ...(current === cat.slug ? { current: true } : {}),
    })),
  ];
}

export function messageHtml(
  site: SiteConfig,
  cats: readonly Category[],
  heading: string,
  text: string,
  details?: string[],
): string {
  return documentHtml(
    <MessagePage
      site={site}
      heading={heading}
      text={text}
      {...(details ? { details } : {})}
      nav={navOf(site, cats)}
    />,
  );
}

/** The parameters `pageTarget` reads, for the API description. */
export const PAGE_PARAMETERS = z.object({
  keyword: z.string().meta({ description: "Show only articles with this keyword." }),
  cursor: LIST_PARAMETERS.shape.cursor,
});

/** Only `keyword` and `cursor` are read: other parameters (utm_* and the like) are ignored, as people share page links with them. */
export function pageTarget(params: URLSearchParams, slug?: string): Target {
  const path = slug === undefined ? paths.home() : paths.category(slug);
  const kept = new URLSearchParams();
  const keyword = slug ? undefined : params.get("keyword");
  const cursor = params.get("cursor");
  if (keyword !== null && keyword !== undefined) kept.set("keyword", keyword);
  if (cursor !== null) kept.set("cursor", cursor);
  return { key: repKey(path, kept), ...(slug !== undefined ? { slug } : {}) };
}

export async function buildListingPage(ctx: BuildContext, t: Target): Promise<Built> {
  const { site } = ctx;
  const slug = t.slug;
  const params = new URLSearchParams(t.key.params);
  const keyword = params.get("keyword") ?? undefined;
  const cats = await ctx.categories();
  const parsed = parseListQuery(params, slug);
  if (!parsed.ok)
    throw new PageRefusal(
      400,
      messageHtml(
        site,
        cats,
        "This link is not valid",
        "Part of the address is not one this site made.",
        parsed.errors.map((e) => `${e.path}: ${e.message}`),
      ),
    );
  const category = slug ? cats.find((x) => x.slug === slug) : undefined;
  if (slug && !category)
    throw new PageRefusal(
      404,
      messageHtml(site, cats, "No such section", `There is no section called “${slug}”.`),
    );
  const page = await ctx.list({ ...parsed.query, limit: PAGE_SIZE });
  let nextHref: string | undefined;
  if (page.next) {
    const next = new URLSearchParams(params);
    next.set("cursor", encodeCursor(parsed.query.filter, page.next));
    nextHref = absolute(site.url, t.key.path, next);
  }
  const filterQuery = keyword !== undefined ? `?${new URLSearchParams({ keyword })}` : "";
  const all: FeedRow = {
    name: "All articles",
    href: absolute(site.url, paths.home()),
    feeds: feedsOf(site, site.title),
  };
  const catRows: FeedRow[] = cats.map((x) => ({
    name: x.name,
    href: absolute(site.url, paths.category(x.slug)),
    feeds: feedsOf(site, `${site.title}: ${x.name}`, x.slug),
  }));
  const common = { site, articles: page.items as Article[], ...(nextHref ? { nextHref } : {}) };
  let view: Parameters<typeof ListingPage>[0];
  if (category) {
    const own = feedsOf(site, `${site.title}: ${category.name}`, category.slug);
    view = {
      ...common,
      heading: category.name,
      intro: `The latest articles in ${category.name}, newest first.`,
      feeds: [...own, ...feedsOf(site, site.title)],
      feedRows: [{ name: category.name, feeds: own }, all],
      nav: navOf(site, cats, category.slug),
      canonical: absolute(site.url, paths.category(category.slug)),
      showCategory: false,
    };
  } else if (keyword !== undefined) {
    const own = feedsOf(site, `${site.title}: “${keyword}”`, undefined, filterQuery);
    view = {
      ...common,
      heading: `Articles about “${keyword}”`,
      intro: `Articles with the keyword “${keyword}”, newest first.`,
      feeds: [...own, ...feedsOf(site, site.title)],
      feedRows: [{ name: `“${keyword}”`, feeds: own }, all, ...catRows],
      nav: navOf(site, cats),
      canonical: `${site.url}/${filterQuery}`,
    };
  } else {
    view = {
      ...common,
      heading: "Latest articles",
      front: true,
      feeds: [...feedsOf(site, site.title), ...catRows.flatMap((r) => r.feeds)],
      feedRows: [all, ...catRows],
      nav: navOf(site, cats, ""),
      canonical: absolute(site.url, paths.home()),
    };
  }
  const shown = page.items.length > 0 ? newestChange(page.items) : undefined;
  const lastModified = await lastModifiedOf(ctx.scope, category?.slug, shown);
  return {
    body: documentHtml(<ListingPage {...view} />),
    ...(lastModified ? { lastModified } : {}),
    ids: page.items.map((a) => a.id),
  };
}
