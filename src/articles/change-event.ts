// One event of an article's life as consumers hear of it (the changes feed, Atom tombstones, and a
// partner's stream): what happened, to which version, when, and the facets that filters look at on
// each side, so that any viewer decides from the event alone what it shows. The public sees an
// article from its publication; a partner with embargo preview sees it while under embargo too; a
// partner stops seeing it at its `expires` (its rights end: an "expire" event says so), and the
// public keeps it. An update that moves an article out of a filtered stream is a withdrawal there.
import { type Article, isVisible } from "./article.ts";
import { type Filter, matches } from "./match.ts";
import { expiresFrom } from "./rights.ts";

/** What a viewer hears; "expire" only partners (an article past its `expires`). */
export type ChangeKind = "create" | "update" | "withdraw" | "expire";

/** What filters (src/articles/match.ts) and viewers read of an article. */
export type Facets = Pick<Article, "headline" | "category" | "categorySlug" | "keywords"> & {
  subheadline?: string;
  /** The article's own link, when it has one (else its page here). */
  url?: string;
  /** When it is (or was to be) published: the site's default `expires` counts from it. */
  publishedAt?: string;
  /** Its own `expires`, when it has one. */
  expires?: string;
  /** It was under embargo on this side: only partners with embargo preview see it. */
  scheduled?: true;
};

export interface ChangeEvent {
  id: string;
  kind: ChangeKind;
  /** The article's version after the change (a withdrawal has its own: the tombstone's). */
  version: number;
  /** When the change happened (ms): a write, an embargo's end, an `expires`. */
  at: number;
  /** The article before (absent for a create) and after (absent for a withdrawal). */
  before?: Facets;
  after?: Facets;
  /** What a feed id is minted from (src/feeds/model.ts): the stored item id, or the creation date. */
  itemId?: string;
  createdAt: string;
  /** A withdrawal's reason, as the newsroom gave it. */
  reason?: string;
}

/** Who reads a stream: the public (undefined), or a partner with its grants. */
export interface Viewer {
  /** Sees articles while under embargo. */
  embargoPreview: boolean;
  /** The site's default `expires`, in ms from publication (src/articles/rights.ts). */
  expiresAfterMs?: number;
}

/** The facets of `a` as it stood at `at` (ms). */
export function facetsOf(a: Article, at: number): Facets {
  return {
    headline: a.headline,
    category: a.category,
    categorySlug: a.categorySlug,
    keywords: a.keywords,
    ...(a.subheadline ? { subheadline: a.subheadline } : {}),
    ...(a.url ? { url: a.url } : {}),
    publishedAt: a.publishedAt,
    ...(a.expires ? { expires: a.expires } : {}),
    ...(isVisible(a, at) ? {} : { scheduled: true as const }),
  };
}

const asArticle = (f: Facets) => f as Article;

/**
 * True when `viewer` saw this side of the event in the stream `f` selects (`rights`: only while its
 * `expires` had not passed).
 */
function sees(
  side: Facets | undefined,
  at: number,
  f: Filter,
  viewer: Viewer | undefined,
  rights = true,
): boolean {
  if (side === undefined || !matches(asArticle(side), f)) return false;
  if (side.scheduled && !viewer?.embargoPreview) return false;
  if (!viewer || !rights) return true;
  const expires = expiresFrom(side, viewer.expiresAfterMs);
  return expires === undefined || Date.parse(expires) > at;
}

/**
 * How the stream a filter selects, read by `viewer` (absent: the public), sees an event: the event's
 * own kind when both sides are in it (or the one side it has), a create when the article enters it,
 * a withdrawal when it leaves, nothing when neither side is in it. An "expire" is heard by partners
 * whose stream held the article; the public keeps the article and hears nothing.
 */
export function kindIn(e: ChangeEvent, f: Filter, viewer?: Viewer): ChangeKind | undefined {
  if (e.kind === "expire") {
    const side = e.after;
    const held =
      side !== undefined && matches(asArticle(side), f) && (!side.scheduled || viewer?.embargoPreview);
    return viewer && held ? "expire" : undefined;
  }
  // A withdrawal is heard whatever the rights: a partner may still hold an article whose expiry
  // was never recorded (under embargo, nothing queues it), and a second removal is harmless.
  const was = sees(e.before, e.at, f, viewer, e.kind !== "withdraw");
  const is = sees(e.after, e.at, f, viewer);
  if (was && is) return e.kind;
  if (is) return "create";
  if (was) return "withdraw";
  return undefined;
}

/** What a feed id is made of (src/feeds/model.ts `entryId`), from an event. */
export const idOf = (e: ChangeEvent) => ({
  id: e.id,
  createdAt: e.createdAt,
  ...(e.itemId ? { itemId: e.itemId } : {}),
});

/** The side of the event a viewer's entry shows: after, or before for a withdrawal. */
export const shownSide = (e: ChangeEvent, kind: ChangeKind): Facets | undefined =>
  kind === "withdraw" ? (e.before ?? e.after) : (e.after ?? e.before);

/**
 * The event of one write, from the article before and after (undefined on a side that had none:
 * taken down, not yet written). Sides under embargo are recorded for partners with embargo preview
 * and marked so: the public never sees them, so an article only ever embargoed leaves it no trace.
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
    ...(before ? { before: facetsOf(before, at) } : {}),
    ...(after ? { after: facetsOf(after, at) } : {}),
    ...(side.itemId ? { itemId: side.itemId } : {}),
    createdAt: side.createdAt,
    ...(withdrawal?.reason ? { reason: withdrawal.reason } : {}),
  };
}

/** An embargo's end: the article was there for embargo preview, and is public from `at`. */
export function liftEvent(a: Article, at: number): ChangeEvent {
  const after = facetsOf(a, at);
  return {
    id: a.id,
    kind: "update",
    version: a.version,
    at,
    before: { ...after, scheduled: true },
    after,
    ...(a.itemId ? { itemId: a.itemId } : {}),
    createdAt: a.createdAt,
  };
}

/** An article's `expires` passing (`at`): it leaves partners' streams and outputs. */
export function expireEvent(a: Article, expires: string, at: number): ChangeEvent {
  const side = { ...facetsOf(a, at), expires };
  return {
    id: a.id,
    kind: "expire",
    version: a.version,
    at,
    before: side,
    after: side,
    ...(a.itemId ? { itemId: a.itemId } : {}),
    createdAt: a.createdAt,
  };
}

/**
 * The kind the log keys an event by (one per id, version and this): an embargo's end is an update
 * of the same version as the write that scheduled it, so it has a key of its own.
 */
export const logKind = (e: ChangeEvent): string =>
  e.kind === "update" && e.before?.scheduled && !e.after?.scheduled ? "lift" : e.kind;
