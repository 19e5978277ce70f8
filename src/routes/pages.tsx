// The HTML pages: the front page (latest articles, every feed; `?keyword=` narrows it to one
// keyword), one page per category, one per article (404 unknown or embargoed, 410 taken down).
// Parse, call the store, render a view from src/pages/. Only `keyword` and `cursor` are read:
// other parameters (utm_* and the like) are ignored, as people share page links with them.
import type { Context } from "hono";
import { Hono } from "hono";
import type { Article } from "../articles/article.ts";
import { encodeCursor, parseListQuery } from "../articles/query.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import { slugify } from "../articles/text.ts";
import { type SiteConfig, siteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";
import { changedAt } from "../feeds/formats.ts";
import { problemResponse } from "../http/problem.ts";
import { ArticlePage } from "../pages/article.tsx";
import { cachedPage, documentHtml, htmlResponse, htmlSecurity, wantsJson } from "../pages/http.ts";
import type { FeedLink, NavItem } from "../pages/layout.tsx";
import { ListingPage } from "../pages/listing.tsx";
import { MessagePage } from "../pages/message.tsx";
import { articlePath, categoryPath, type FeedRow } from "../pages/parts.tsx";
import { categories, isTombstone, listArticles, readArticle } from "../store/index.ts";
import { feedLinks } from "./feeds.ts";

export const pages = new Hono<AppEnv>();

type Site = SiteConfig;
type Category = { slug: string; name: string };

const PAGE_SIZE = 20;

/** The feeds of one list (all, or a category) in every format, titled for a reader's list. */
function feedsOf(site: Site, name: string, slug?: string, query = ""): (FeedLink & { label: string })[] {
  return feedLinks(site.url, slug).map((f) => ({
    title: `${name} (${f.label})`,
    label: f.label,
    type: f.type,
    url: `${f.url}${query}`,
  }));
}

function navOf(site: Site, cats: Category[], current?: string): NavItem[] {
  return [
    { label: "Latest", href: `${site.url}/`, ...(current === "" ? { current: true } : {}) },
    ...cats.map((cat) => ({
      label: cat.name,
      href: categoryPath(site.url, cat.slug),
      ...(current === cat.slug ? { current: true } : {}),
    })),
  ];
}

const newest = (items: Article[]) =>
  items.reduce<Date | undefined>((max, a) => {
    const t = new Date(changedAt(a));
    return !max || t > max ? t : max;
  }, undefined);

function message(
  c: Context<AppEnv>,
  site: Site,
  cats: Category[],
  status: 400 | 404 | 410,
  heading: string,
  text: string,
  details?: string[],
) {
  if (status !== 400 && wantsJson(c)) return problemResponse({ status, detail: text });
  const html = documentHtml(
    <MessagePage
      site={site}
      heading={heading}
      text={text}
      {...(details ? { details } : {})}
      nav={navOf(site, cats)}
    />,
  );
  return htmlResponse(c, html, { status });
}

/** A listing page (front, keyword or category): the articles of one filtered page and its feeds. */
async function listing(c: Context<AppEnv>, slug?: string): Promise<Response> {
  const site = siteConfig(c.env, c.req.url);
  const url = new URL(c.req.url);
  const keyword = slug ? undefined : (url.searchParams.get("keyword") ?? undefined);
  const cursor = url.searchParams.get("cursor") ?? undefined;
  const params = new URLSearchParams();
  if (keyword !== undefined) params.set("keyword", keyword);
  if (cursor !== undefined) params.set("cursor", cursor);
  const path = slug ? `/category/${encodeURIComponent(slug)}` : "/";
  const key = `${site.url}${path}${params.size > 0 ? `?${params}` : ""}`;

  return cachedPage(c, key, async () => {
    const cats = await categories(c.env);
    const parsed = parseListQuery(params, slug);
    if (!parsed.ok)
      return message(
        c,
        site,
        cats,
        400,
        "This link is not valid",
        "Part of the address is not one this site made.",
        parsed.errors.map((e) => `${e.path}: ${e.message}`),
      );
    const category = slug ? cats.find((x) => x.slug === slug) : undefined;
    if (slug && !category)
      return message(c, site, cats, 404, "No such section", `There is no section called “${slug}”.`);
    const page = await listArticles(c.env, { ...parsed.query, limit: PAGE_SIZE });
    let nextHref: string | undefined;
    if (page.next) {
      const next = new URLSearchParams(params);
      next.set("cursor", encodeCursor(parsed.query.filter, page.next));
      nextHref = `${site.url}${path}?${next}`;
    }
    const filterQuery = keyword !== undefined ? `?${new URLSearchParams({ keyword })}` : "";
    const all: FeedRow = { name: `All articles`, href: `${site.url}/`, feeds: feedsOf(site, site.title) };
    const catRows: FeedRow[] = cats.map((x) => ({
      name: x.name,
      href: categoryPath(site.url, x.slug),
      feeds: feedsOf(site, `${site.title}: ${x.name}`, x.slug),
    }));
    let view: Parameters<typeof ListingPage>[0];
    const common = { site, articles: page.items, ...(nextHref ? { nextHref } : {}) };
    if (category) {
      const own = feedsOf(site, `${site.title}: ${category.name}`, category.slug);
      view = {
        ...common,
        heading: category.name,
        intro: `The latest articles in ${category.name}, newest first.`,
        feeds: [...own, ...feedsOf(site, site.title)],
        feedRows: [{ name: category.name, feeds: own }, all],
        nav: navOf(site, cats, category.slug),
        canonical: categoryPath(site.url, category.slug),
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
        canonical: `${site.url}/`,
      };
    }
    const lastModified = newest(page.items);
    return { html: documentHtml(<ListingPage {...view} />), ...(lastModified ? { lastModified } : {}) };
  });
}

pages.get("/", htmlSecurity, (c) => listing(c));
pages.get("/category/:slug", htmlSecurity, (c) => listing(c, slugify(c.req.param("slug"))));

pages.get("/articles/:id", htmlSecurity, async (c) => {
  const id = c.req.param("id");
  const site = siteConfig(c.env, c.req.url);
  // One KV read per article page: no category registry (a list call) just for the navigation.
  const record = ID_PATTERN.test(id) ? await readArticle(c.env, id) : undefined;
  const cats: Category[] =
    record && !isTombstone(record) ? [{ slug: record.categorySlug, name: record.category }] : [];
  if (record && isTombstone(record))
    return message(
      c,
      site,
      cats,
      410,
      "This article was taken down",
      `The article “${id}” is no longer available.`,
    );
  // Embargoed articles do not exist for the public until their time, as in the API and the feeds.
  if (!record || Date.parse(record.publishedAt) > Date.now())
    return message(c, site, cats, 404, "Article not found", `No article has the id “${id}”.`);
  const html = documentHtml(
    <ArticlePage
      site={site}
      article={record}
      feeds={[
        ...feedsOf(site, `${site.title}: ${record.category}`, record.categorySlug),
        ...feedsOf(site, site.title),
      ]}
      nav={navOf(site, cats, record.categorySlug)}
      canonical={record.url ?? articlePath(site.url, record.id)}
    />,
  );
  return htmlResponse(c, html, { lastModified: new Date(changedAt(record)) });
});
