// One event of an article's life as consumers hear of it (the changes feed, Atom tombstones, and a
// partner's stream): what happened, to which version, when, and the facets that filters look at on
// each side, so that any filter (a feed's, or a partner's categories) decides from the event alone
// what it shows: an update that moves an article out of a filtered stream is a withdrawal there.
import type { Article } from "./article.ts";
import { type Filter, matches } from "./match.ts";

export type ChangeKind = "create" | "update" | "withdraw";

/** What filters (src/articles/match.ts) read of an article. */
export type Facets = Pick<Article, "headline" | "category" | "categorySlug" | "keywords"> & {
  subheadline?: string;
};

export interface ChangeEvent {
  id: string;
  kind: ChangeKind;
  /** The article's version after the change (a withdrawal has its own: the tombstone's). */
  version: number;
  /** When the change became visible (ms). */
  at: number;
  /** The article as readers could see it before (absent for a create) and after (absent for a withdrawal). */
  before?: Facets;
  after?: Facets;
  /** What a feed id is minted from (src/feeds/model.ts): the stored item id, or the creation date. */
  itemId?: string;
  createdAt: string;
  /** A withdrawal's reason, as the newsroom gave it. */
  reason?: string;
}

export function facetsOf(a: Article): Facets {
  return {
    headline: a.headline,
    category: a.category,
    categorySlug: a.categorySlug,
    keywords: a.keywords,
    ...(a.subheadline ? { subheadline: a.subheadline } : {}),
  };
}

const asArticle = (f: Facets) => f as Article;

/**
 * How the stream a filter selects sees an event: the event's own kind when both sides are in it (or
 * the one side it has), a create when the article enters it, a withdrawal when it leaves, nothing
 * when neither side is in it.
 */
export function kindIn(e: ChangeEvent, f: Filter): ChangeKind | undefined {
  const was = e.before !== undefined && matches(asArticle(e.before), f);
  const is = e.after !== undefined && matches(asArticle(e.after), f);
  if (was && is) return e.kind;
  if (is) return "create";
  if (was) return "withdraw";
  return undefined;
}

/**
 * The event of one write, from the article as readers could see it before and after (undefined on a
 * side they could not: embargoed, taken down, not yet written): none when neither side was visible,
 * so an article that was never visible leaves no trace in any stream.
 */
export function changeEvent(
  before: Article | undefined,
  after: Article | undefined,
  at: number,
  withdrawal?: { version: number; reason?: string },
): ChangeEvent | undefined {
  const side = after ?? before;
  if (!side) return undefined;
  const kind: ChangeKind = !before ? "create" : after ? "update" : "withdraw";
  return {
    id: side.id,
    kind,
    version: after ? after.version : (withdrawal?.version ?? side.version + 1),
    at,
    ...(before ? { before: facetsOf(before) } : {}),
    ...(after ? { after: facetsOf(after) } : {}),
    ...(side.itemId ? { itemId: side.itemId } : {}),
    createdAt: side.createdAt,
    ...(withdrawal?.reason ? { reason: withdrawal.reason } : {}),
  };
}
