// The JSON listing and the article as the API shows it: `url` defaults to this service's page for
// it. Read live (scripts and partners read their own writes here), with validators so that a
// partner's conditional GET gets a 304 and no body.
import { type Article, newestChange } from "../articles/article.ts";
import { encodeCursor, type ListQuery, withoutTracking } from "../articles/query.ts";
import type { SiteConfig } from "../config.ts";
import { type NinjsContext, renderNinjs } from "../feeds/ninjs.ts";
import type { Articles } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { lastModifiedOf } from "./feed-channel.ts";

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
  /** Absent for an empty page: the listing is read live, and says nothing it does not show. */
  lastModified?: string;
  nextUrl?: string;
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
  const page = await store.list(query);
  let nextUrl: string | undefined;
  if (page.next) {
    const next = withoutTracking(params);
    next.set("cursor", encodeCursor(query.asked ?? query.filter, page.next, query.scheduled));
    nextUrl = absolute(site.url, path, next);
  }
  // Embargoed articles are dated by their future publication, and leave no date behind when taken
  // down: the scheduled listing has no Last-Modified (RFC 9110 §8.8.2.1: never later than now), only its ETag.
  const categories = query.filter.categories;
  const lastModified =
    query.scheduled || page.items.length === 0
      ? undefined
      : await lastModifiedOf(
          store.scope,
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
