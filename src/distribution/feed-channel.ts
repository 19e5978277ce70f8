// What a feed page says about itself beyond its items: which category it is (404 for one that never
// had a visible article), its title (the filter it shows: "Edgewire: keyword taliban"), and its date:
// the newest change of its items, never earlier than the last removal from its scope, and for an
// empty page the newest change in its scope (category or whole site), never 1970 and never "now".
import { type Article, newestChange } from "../articles/article.ts";
import { slugify } from "../articles/text.ts";
import * as clock from "../clock.ts";
import type { SiteConfig } from "../config.ts";
import { ProblemError } from "../http/problem.ts";
import type { ScopeInfo } from "../store/index.ts";
import type { BuildContext, Target } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The site as a feed copy advertises it: the WebSub hub only on canonical copies (a feed or category
 * feed without parameters, the changes feed), the ones the hub is told of when they change. A
 * filtered or paged copy is not announced, so it does not advertise a hub that would never hear of it.
 */
export function announced(site: SiteConfig, t: Target): SiteConfig {
  if (t.key.params === "" || !site.hub) return site;
  const { hub: _unannounced, ...rest } = site;
  return rest;
}

/** The date of a feed page showing `items` of `t`'s scope. */
export async function feedDate(
  ctx: BuildContext,
  t: Target,
  items: readonly Pick<Article, "updatedAt" | "publishedAt" | "createdAt">[],
): Promise<string> {
  const scope = await ctx.scope(t.slug);
  if (items.length > 0) {
    const newest = newestChange(
      items,
      scope.removedAt === undefined ? undefined : iso(scope.removedAt),
    ) as string;
    // An embargo preview shows items dated at their (future) publication: the feed itself was
    // last changed no later than now.
    return notAfter(newest, ctx.now);
  }
  // A category known only to a store written before the registry dated anything: the site's date.
  const at = scope.changedAt ?? (await ctx.scope()).changedAt;
  return iso(at ?? 0);
}

/**
 * Last-Modified of a page of `slug`'s scope (the whole site without one) whose content is dated
 * `shown`: never earlier than the last time a visible article entered or left the scope. A backdated
 * import or a takedown changes the page without a newer item date, and a reader that sends only
 * If-Modified-Since must then get the page, not a 304 (RFC 9110 §8.8.2, §13.1.3). Undefined when
 * the page shows nothing dated.
 */
export async function lastModifiedOf(
  scope: (slug?: string) => Promise<ScopeInfo>,
  slug: string | undefined,
  shown: string | undefined,
  now = clock.now(),
): Promise<string | undefined> {
  if (shown === undefined) return undefined;
  const { changedAt } = await scope(slug);
  // Never later than the answer (RFC 9110 §8.8.2.1), whatever an embargo preview's items say.
  return notAfter(changedAt !== undefined && iso(changedAt) > shown ? iso(changedAt) : shown, now);
}

/** `date` (ISO), or `now` when it is later. */
const notAfter = (date: string, now: number) => (date > iso(now) ? iso(now) : date);

/**
 * The category a feed path names, by its display name; a 404 problem when it never had a visible
 * article (so a typo or an embargoed-only category is not a feed that stays empty for ever).
 */
export async function categoryOf(
  ctx: BuildContext,
  t: Target,
  items: readonly Pick<Article, "category">[],
): Promise<string | undefined> {
  if (t.slug === undefined) return undefined;
  const first = items[0]?.category;
  if (first) return first;
  const scope = await ctx.scope(t.slug);
  const name = scope.known ? scope.name : (await ctx.categories()).find((x) => x.slug === t.slug)?.name;
  if (name === undefined && !scope.known)
    throw new ProblemError({
      status: 404,
      detail: `No article has been published in a category "${t.slug}": its feeds do not exist (yet).`,
    });
  return name ?? t.slug;
}

/**
 * What a filtered feed shows, for its title, from its (normalised) parameters: "keyword taliban",
 * "Science or Culture, search harbour bridge, without football". Undefined when unfiltered.
 */
export async function filterTitle(ctx: BuildContext, params: URLSearchParams): Promise<string | undefined> {
  const parts: string[] = [];
  const categories = params.getAll("category");
  if (categories.length > 0) {
    const known = await ctx.categories();
    const name = (c: string) => known.find((x) => x.slug === slugify(c))?.name ?? c;
    parts.push(categories.map(name).join(" or "));
  }
  const keywords = params.getAll("keyword");
  if (keywords.length > 0) parts.push(`keyword${keywords.length > 1 ? "s" : ""} ${keywords.join(" and ")}`);
  const q = params.get("q");
  if (q) parts.push(`search ${q}`);
  const exclude = params.getAll("exclude");
  if (exclude.length > 0) parts.push(`without ${exclude.join(", ")}`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}
