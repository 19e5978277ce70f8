// The shapes every representation shares: what a build may use, what one request asks for, what a
// build produces, and the registry entry itself (registry.ts lists them).
import type { z } from "zod";
import type { Article } from "../articles/article.ts";
import type { Viewer } from "../articles/change-event.ts";
import type { ListQuery } from "../articles/query.ts";
import * as clock from "../clock.ts";
import type { SiteConfig } from "../config.ts";
import { itemContextFor } from "../feeds/formats.ts";
import { fragmentsFresh } from "../feeds/fragments.ts";
import type { Articles, Category, Change, FragmentPage, Page, ScopeInfo } from "../store/index.ts";
import type { RepKey } from "./key.ts";

/** What a build may use: the site, the store, and one listing per query (and one category list) shared by every format. */
export interface BuildContext {
  site: SiteConfig;
  articles: Articles;
  now: number;
  list(q: ListQuery): Promise<Page>;
  /** The same page as item fragments fresh for this site and renderer (records where they are not). */
  fragments(q: ListQuery): Promise<FragmentPage>;
  categories(): Promise<Category[]>;
  /** What the registry knows of a category's scope or the whole site's (dates, name), once per build. */
  scope(slug?: string): Promise<ScopeInfo>;
  /** Parameters every link to our own feeds carries in this build (a partner's URL token). */
  linkParams?: [string, string][];
  /** A partner's build: which withdrawals its Atom tombstones announce (embargo preview). */
  viewer?: Viewer;
}

export function buildContext(site: SiteConfig, articles: Articles, now = clock.now()): BuildContext {
  const listings = new Map<string, Promise<Page>>();
  const fragmentPages = new Map<string, Promise<FragmentPage>>();
  const ctx = itemContextFor(site);
  const fresh = (fragments: string) => fragmentsFresh(fragments, ctx);
  let categories: Promise<Category[]> | undefined;
  const scopes = new Map<string, Promise<ScopeInfo>>();
  return {
    site,
    articles,
    now,
    list: (q) => {
      const k = JSON.stringify(q);
      const known = listings.get(k);
      if (known) return known;
      const p = articles.list(q, now);
      listings.set(k, p);
      return p;
    },
    // Every format of one build shares one read (the rebuild after a write builds all three).
    fragments: (q) => {
      const k = JSON.stringify(q);
      let p = fragmentPages.get(k);
      if (!p) {
        p = articles.fragments(q, fresh, now);
        fragmentPages.set(k, p);
      }
      return p;
    },
    categories: () => {
      categories ??= articles.categories();
      return categories;
    },
    scope: (slug) => {
      const k = slug ?? "";
      let p = scopes.get(k);
      if (!p) {
        p = articles.scope(slug);
        scopes.set(k, p);
      }
      return p;
    },
  };
}

/** The sides of a change a reader could see. */
export const seen = (c: Change): Article[] =>
  [c.before, c.after].filter((a): a is Article => a !== undefined);

/** The categories a change touched: the article's before and after (one, or two for a move). */
export const slugsOf = (c: Change): string[] => [...new Set(seen(c).map((a) => a.categorySlug))];

/** One request for a representation: its key, the category its path names, and its parsed query. */
export interface Target {
  key: RepKey;
  slug?: string;
  query?: ListQuery;
}

export interface Built {
  body: string;
  /** ISO date of the newest change shown (Last-Modified); absent when the content has no date. */
  lastModified?: string;
  link?: string;
  /** The articles it shows (so a stale copy can be checked against takedowns). */
  ids?: string[];
}

/** One URL a representation is served at, as the API description shows it. */
export interface RepresentationRoute {
  /** Hono route pattern (`:slug` names a category). */
  path: string;
  /** The description's operation id and one-line summary. */
  id: string;
  summary: string;
  /** The query parameters `target` reads, described (`target` parses them itself). */
  query?: z.ZodObject;
  /** What a 404 means here, for a route that answers one. */
  notFound?: string;
}

export interface Representation {
  name: string;
  contentType: string;
  /** What it is, for the API description. */
  description: string;
  routes: readonly RepresentationRoute[];
  /**
   * A request's parameters (and the category its path names) as a target, keyed by the canonical
   * path, so every spelling of a category shares one copy and one self link. A bad parameter throws
   * a 400 problem.
   */
  target(params: URLSearchParams, slug?: string): Target;
  build(ctx: BuildContext, t: Target): Promise<Built>;
  /** The canonical copies a change alters: expired at once (kept as stale copies), and rebuilt or announced as below. */
  touched(change: Change): Target[];
  /** Build the touched copies again right after the write, so the next reader is served from cache. */
  prebuild: boolean;
  /**
   * How a copy past its freshness is checked before it is built again: against the last change of
   * the whole site, or of the category its target names (the whole site when none). A copy nothing
   * has changed since is renewed for one Durable Object request instead of a KV list and a bulk get.
   * Absent: always built again (its content ages with no write, as the news sitemap's two days).
   */
  revalidate?: "site" | "category";
  /** Tell the WebSub hub when a touched copy changes (feeds readers subscribe to). */
  hub: boolean;
  /** Seconds browsers and shared caches may keep it (Cache-Control max-age). */
  maxAge(site: SiteConfig): number;
  /** An HTML page for people (secure headers, refusals as pages). */
  html?: true;
}
