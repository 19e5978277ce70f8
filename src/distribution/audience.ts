// What an audience sees: the public (PUBLIC_CONTENT decides full text or excerpt) or one partner
// (its categories, full text or excerpt, embargo preview; nothing past an article's `expires`). Every
// read for readers goes through `forAudience`, so feeds, OPML, the listing and builds ahead of time
// show each audience the same articles in every format; rights defaults are applied here for all.
import type { Article } from "../articles/article.ts";
import {
  entitled,
  excerptContent,
  expiredAt,
  type PartnerAccess,
  type PartnerView,
  URL_TOKEN_PARAM,
} from "../articles/audience.ts";
import type { Viewer } from "../articles/change-event.ts";
import type { Filter } from "../articles/match.ts";
import type { ListQuery } from "../articles/query.ts";
import { withRights } from "../articles/rights.ts";
import * as clock from "../clock.ts";
import type { SiteConfig } from "../config.ts";
import { articleLink } from "../feeds/model.ts";
import type { NinjsContext } from "../feeds/ninjs.ts";
import { ProblemError } from "../http/problem.ts";
import type { Articles } from "../store/index.ts";
import type { ChangesReader } from "./change-stream.ts";
import type { Audience } from "./key.ts";
import type { Target } from "./types.ts";

/** The audience a partner's cached copies are named by (never its key or token). */
export function audienceOf(access: PartnerAccess | undefined): Audience {
  if (!access) return "public";
  return `partner-${access.partner.id}-r${access.partner.revision}${access.urlToken ? "-u" : ""}`;
}

/** The parameters every link of a partner's copy carries: its URL token, when it came with one. */
export const linkParamsOf = (access: PartnerAccess | undefined): [string, string][] =>
  access?.urlToken ? [[URL_TOKEN_PARAM, access.urlToken]] : [];

/** One article as `access` (or the public) sees it; `now` decides whether it is still under embargo. */
export function shapeFor(
  a: Article,
  site: SiteConfig,
  access: PartnerAccess | undefined,
  now: number,
): Article {
  const rights = withRights(a, site.rights);
  const content = access ? access.partner.content : site.publicContent;
  const shaped =
    content === "excerpt" ? excerptContent(rights, articleLink(rights, { siteUrl: site.url })) : rights;
  return access && Date.parse(a.publishedAt) > now ? { ...shaped, embargoed: a.publishedAt } : shaped;
}

/** True when `access` may see `a` (shaped) now: its category, the embargo (or its preview), its expiry. */
export function visibleTo(
  a: Pick<Article, "categorySlug" | "publishedAt" | "expires">,
  access: PartnerAccess,
  now: number,
): boolean {
  const p = access.partner;
  if (!entitled(p, a.categorySlug)) return false;
  if (Date.parse(a.publishedAt) > now && !p.embargoPreview) return false;
  return !expiredAt(a, now);
}

function notEntitled(): ProblemError {
  return new ProblemError({
    status: 403,
    type: "not-entitled",
    detail:
      "This partner key is not entitled to that category; the key's categories are listed by GET /feeds.opml with it.",
  });
}

/** A filter narrowed to the partner's categories (a 403 when it asks only for others). */
export function restrictFilter(f: Filter, p: PartnerView): Filter {
  if (!p.categories) return f;
  const asked = f.categories;
  const allowed = asked.length > 0 ? asked.filter((s) => entitled(p, s)) : [...p.categories];
  if (asked.length > 0 && allowed.length === 0) throw notEntitled();
  return { ...f, categories: allowed };
}

/** A query narrowed to the partner's categories (a 403 when it asks only for others). */
export function restrictQuery(q: ListQuery, p: PartnerView, slug?: string): ListQuery {
  if (!p.categories) return q;
  if (slug !== undefined && !entitled(p, slug)) throw notEntitled();
  return { ...q, filter: restrictFilter(q.filter, p), asked: q.asked ?? q.filter };
}

/** A partner as the changes log's events see it (src/articles/change-event.ts). */
export function viewerOf(site: SiteConfig, access: PartnerAccess): Viewer {
  const after = site.rights.expiresAfterMs;
  return {
    embargoPreview: access.partner.embargoPreview,
    ...(after === undefined ? {} : { expiresAfterMs: after }),
  };
}

/**
 * How `access` (or the public) reads the changes feed: a partner's categories narrow its filter,
 * embargo preview shows what is scheduled, its stream loses an article at its `expires`, and its
 * links keep its URL token.
 */
export function changesReader(site: SiteConfig, access?: PartnerAccess): ChangesReader {
  const after = site.rights.expiresAfterMs;
  const expiresAfterMs = after === undefined ? {} : { expiresAfterMs: after };
  if (!access) return { ninjs: ninjsContext(site), ...expiresAfterMs };
  return {
    ninjs: ninjsContext(site, access),
    ...expiresAfterMs,
    viewer: viewerOf(site, access),
    narrow: (f) => restrictFilter(f, access.partner),
    linkParams: linkParamsOf(access),
  };
}

/** The target of a partner's request: its own copy, narrowed to its categories. */
export function partnerTarget(t: Target, access: PartnerAccess): Target {
  const key = { ...t.key, audience: audienceOf(access) };
  if (t.slug !== undefined && !entitled(access.partner, t.slug)) throw notEntitled();
  return { ...t, key, ...(t.query ? { query: restrictQuery(t.query, access.partner, t.slug) } : {}) };
}

/** True when the site gives rights defaults, which change an item's bytes. */
const hasDefaults = (d: SiteConfig["rights"]) =>
  d.copyright !== undefined ||
  d.usageTerms !== undefined ||
  d.license !== undefined ||
  d.expiresAfterMs !== undefined;

/** The store as `access` (or the public) reads it. */
export function forAudience(store: Articles, site: SiteConfig, access?: PartnerAccess): Articles {
  /**
   * What the first page of a partner with embargo preview leads with: what is still under embargo,
   * latest first (the scheduled index is soonest first), shaped for it.
   */
  const previewed = async (q: ListQuery, now: number): Promise<Article[]> => {
    if (!access?.partner.embargoPreview || q.scheduled || q.cursor) return [];
    const { cursor: _, ...first } = q;
    const ahead = await store.list({ ...first, scheduled: true }, now);
    return ahead.items.reverse().map((a) => shapeFor(a, site, access, now));
  };
  return {
    ...store,
    async list(q, now = clock.now()) {
      const page = await store.list(q, now);
      if (!access) return { ...page, items: page.items.map((a) => shapeFor(a, site, undefined, now)) };
      const ahead = await previewed(q, now);
      return {
        ...page,
        // Shaped first: the site's default `expires` is part of the shape.
        items: [...ahead, ...page.items.map((a) => shapeFor(a, site, access, now))].filter((a) =>
          visibleTo(a, access, now),
        ),
      };
    },
    // Stored fragments are the article as stored: usable by an audience that sees exactly that of a
    // published article (full text, no site-wide rights defaults): the public, or a full-text
    // partner, which keeps only the items it may see and leads with its embargo preview (rendered
    // from the records: a fragment has no `embargoed`). Any other audience's items are shaped
    // (rights defaults, excerpts) and rendered from the records.
    async fragments(q, fresh, now = clock.now()) {
      const asStored =
        !hasDefaults(site.rights) && (access ? access.partner.content : site.publicContent) === "full";
      if (asStored && !access) return store.fragments(q, fresh, now);
      if (asStored && access) {
        const [ahead, page] = await Promise.all([previewed(q, now), store.fragments(q, fresh, now)]);
        return {
          ...page,
          items: [
            ...ahead.filter((a) => visibleTo(a, access, now)).map((article) => ({ article })),
            ...page.items.filter((item) => visibleTo(item.article, access, now)),
          ],
        };
      }
      const page = await this.list(q, now);
      return { ...page, items: page.items.map((article) => ({ article })) };
    },
    async categories() {
      const all = await store.categories();
      return access ? all.filter((c) => entitled(access.partner, c.slug)) : all;
    },
  };
}

/** What the ninjs renderer needs of the site and the audience. */
export const ninjsContext = (site: SiteConfig, access?: PartnerAccess, newsroom = false): NinjsContext => ({
  siteUrl: site.url,
  idAuthority: site.idAuthority,
  siteTitle: site.title,
  ...(site.rights.copyright ? { siteCopyright: site.rights.copyright } : {}),
  partial: (access ? access.partner.content : site.publicContent) === "excerpt",
  ednote: access !== undefined || newsroom,
});
