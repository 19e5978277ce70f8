// The JSON listing and the article as the API shows it: `url` defaults to this service's page for
// it. The same bytes read live (newsroom scripts read their own writes) or built for the cache that
// serves everyone else (listing-cache.ts), with validators so that a conditional GET gets a 304.
import { type Article, newestChange } from "../articles/article.ts";
import { encodeCursor, type ListQuery, withoutTracking } from "../articles/query.ts";
import type { SiteConfig } from "../config.ts";
import { type NinjsContext, renderNinjs } from "../feeds/ninjs.ts";
import { invalidQuery } from "../http/problem.ts";
import type { Articles, Page } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { lastModifiedOf } from "./feed-channel.ts";

/** The vocabularies the JSON API answers in: its own shape, or IPTC ninjs 2.1. */
export const API_FORMATS = ["json", "ninjs"] as const;
export type ApiFormat = (typeof API_FORMATS)[number];

/**
 * `format=json|ninjs` taken out of `params` (it chooses the items' vocabulary, not which items: the
 * filters do not take it); anything else, or more than one, is a 400 naming it.
 */
export function takeFormat(params: URLSearchParams): ApiFormat {
  const given = params.getAll("format");
  params.delete("format");
  const format = given[0] ?? "json";
  if (!(API_FORMATS as readonly string[]).includes(format))
    throw invalidQuery([{ path: "format", message: "must be json or ninjs" }]);
  if (given.length > 1) throw invalidQuery([{ path: "format", message: "may be given only once" }]);
  return format as ApiFormat;
}

/**
 * The article as the API shows it. `ednote` is for partners and the newsroom: a public answer never
 * carries it; a write's answer (to its token holder) does.
 */
export function apiArticle(a: Article, siteUrl: string, audience: "public" | "newsroom" = "public") {
  const { ednote, ...shown } = a;
  return {
    ...shown,
    ...(ednote && audience === "newsroom" ? { ednote } : {}),
    url: a.url ?? absolute(siteUrl, paths.article(a.id)),
  };
}

export interface Listing {
  body: string;
  /** Absent for an empty page and for the scheduled listing: it says nothing it does not show. */
  lastModified?: string;
  nextUrl?: string;
}

/** The URL of the page after `page`, if there is one. */
export function listingNext(
  site: SiteConfig,
  path: string,
  params: URLSearchParams,
  query: ListQuery,
  page: Page,
): string | undefined {
  if (!page.next) return undefined;
  const next = withoutTracking(params);
  next.set("cursor", encodeCursor(query.asked ?? query.filter, page.next, query.scheduled));
  return absolute(site.url, path, next);
}

/** The Link header of a listing page with a next page (RFC 8288). */
export const nextLink = (nextUrl: string) => `<${nextUrl}>; rel="next"`;

/**
 * The listing's bytes for one page: the same whether read live or built for the cache. `scope`
 * gives the registry's date of the last article entering or leaving a scope, so that a reader
 * sending only If-Modified-Since is never told "not modified" after a takedown.
 */
export async function listingOf(
  site: SiteConfig,
  path: string,
  params: URLSearchParams,
  query: ListQuery,
  page: Page,
  scope: Articles["scope"],
  /** Items in IPTC ninjs 2.1 instead of the stored shape (`?format=ninjs`), for this context. */
  ninjs?: NinjsContext,
) {
  const nextUrl = listingNext(site, path, params, query, page);
  // Embargoed articles are dated by their future publication, and leave no date behind when taken
  // down: the scheduled listing has no Last-Modified (RFC 9110 §8.8.2.1: never later than now), only its ETag.
  const categories = query.filter.categories;
  const lastModified =
    query.scheduled || page.items.length === 0
      ? undefined
      : await lastModifiedOf(
          scope,
          categories.length === 1 ? categories[0] : undefined,
          newestChange(page.items),
        );
  return {
    body: JSON.stringify({
      items: page.items.map((a) => (ninjs ? renderNinjs(a, ninjs) : apiArticle(a, site.url))),
      next_url: nextUrl ?? null,
    }),
    ...(lastModified ? { lastModified } : {}),
    ...(nextUrl ? { nextUrl } : {}),
  };
}

export async function listing(
  store: Articles,
  site: SiteConfig,
  path: string,
  params: URLSearchParams,
  query: ListQuery,
  /** Items in IPTC ninjs 2.1 instead of the stored shape (`?format=ninjs`), for this context. */
  ninjs?: NinjsContext,
): Promise<Listing> {
  return listingOf(site, path, params, query, await store.list(query), store.scope, ninjs);
}
