// The stored article: what the API returns and every feed and page renders. `prepare` turns a valid
// input into a draft (sanitised body, derived id, slug) and the sanitiser's notes; `settle` applies
// the defaults that depend on what is already stored (first publication, creation, the item id) and
// decides whether anything changed. `updatedAt` has one meaning, set in one function (`nextUpdatedAt`);
// `version` and `firstPublishedAt` are decided in `settle` alone (the version rule: VERSION_FIELDS).
import { ARTICLE } from "../limits.ts";
import { isEmptyHtml, textToHtml } from "./html-text.ts";
import { mintItemId } from "./item-id.ts";
import { sanitizeHtml } from "./sanitize.ts";
import type { ArticleImage, ArticleInput, Author } from "./schema.ts";
import { asciiSlug, sha256Hex, slugify } from "./text.ts";

export interface Article {
  id: string;
  headline: string;
  subheadline?: string;
  /** As stored: plain text, or HTML already sanitised to the allowlist. */
  body: string;
  bodyFormat: "text" | "html";
  /** The body as safe HTML: escaped <p> paragraphs for text, the sanitised HTML otherwise. */
  bodyHtml: string;
  keywords: string[];
  category: string;
  categorySlug: string;
  authors: Author[];
  /** ISO 8601 UTC. In the future: embargoed, absent from every public output until then. */
  publishedAt: string;
  url?: string;
  image?: ArticleImage;
  language: string;
  /** Name of the token that last changed the article, when the token has one. */
  publisher?: string;
  createdAt: string;
  /**
   * What readers see as the last change (Atom `updated`, JSON Feed `date_modified`): the first
   * publication until the content really changes after it; unique site-wide (see nextUpdatedAt).
   */
  updatedAt: string;
  /**
   * The id every feed gives the article (RSS guid, Atom id, JSON Feed id), minted once when it first
   * became visible. Absent on articles stored before ids were minted: theirs is derived as it always
   * was (src/feeds/model.ts), so no reader sees them as new.
   */
  itemId?: string;
  /** Rights on the item, as sent (site-wide defaults are applied when it is read: rights.ts). */
  copyright?: string;
  usageTerms?: string;
  /** Absolute URL of the license. */
  license?: string;
  /** ISO 8601 UTC: after it the article leaves partner outputs. */
  expires?: string;
  /** Absolute URL of the original, for republishers' rel=canonical. */
  canonicalUrl?: string;
  /**
   * Never stored: set only in the view of a partner with embargo preview, on an article still under
   * embargo (its `publishedAt`), so every format can say until when it must not be published.
   */
  embargoed?: string;
  /** Raised by every change a partner must hear of (see VERSION_FIELDS); 1 at creation. */
  version: number;
  /** When readers could first see the article; never moves once it has come (an embargo moves it until then). */
  firstPublishedAt: string;
  /** Public correction notes, newest first, at most ARTICLE.corrections. */
  corrections?: Correction[];
  /** Note for partners; never in a public output. */
  ednote?: string;
}

/** One public correction: the note, when it was made, and the version it made. */
export interface Correction {
  note: string;
  at: string;
  version: number;
}

/**
 * An article as the newsroom sent it, ready to store: `publishedAt` only when the client gave one,
 * and `correction`, the note of this write (kept in `corrections` when it is new).
 */
export type Draft = Omit<
  Article,
  | "publishedAt"
  | "createdAt"
  | "updatedAt"
  | "publisher"
  | "itemId"
  | "version"
  | "firstPublishedAt"
  | "corrections"
> & {
  publishedAt?: string;
  correction?: string;
};

/** A record stored before versions: version 1, first published at its publication. */
export function withLife<T extends object>(r: T): T {
  if (!("headline" in r) || "version" in r) return r;
  const a = r as unknown as Article;
  return { ...r, version: 1, firstPublishedAt: a.publishedAt };
}

export type PrepareResult =
  | { ok: true; draft: Draft; notes: string[] }
  | { ok: false; path: string; message: string };

/** Id for an article sent without one: the headline's ASCII slug, or a hash for non-Latin headlines. */
export async function deriveId(headline: string): Promise<string> {
  const slug = asciiSlug(headline);
  return slug !== "" ? slug : `article-${(await sha256Hex(headline)).slice(0, 12)}`;
}

/**
 * `siteUrl` is what relative URLs in an HTML body resolve against when the article has no `url` of
 * its own (without either, they are removed and the notes say so).
 */
export async function prepare(
  input: ArticleInput,
  defaultLanguage: string,
  siteUrl?: string,
): Promise<PrepareResult> {
  const id = input.id ?? (await deriveId(input.headline));
  // Fragment links point into the article's own page: this service's (src/urls.ts paths.article)
  // when the newsroom gives none.
  const page = input.url ?? (siteUrl && `${siteUrl}/articles/${encodeURIComponent(id)}`);
  const sanitized =
    input.bodyFormat === "html"
      ? sanitizeHtml(input.body, input.url ?? (siteUrl && `${siteUrl}/`), page)
      : undefined;
  const body = sanitized ? sanitized.html : input.body.trim();
  const bodyHtml = sanitized ? body : textToHtml(body);
  if (input.bodyFormat === "html" && isEmptyHtml(bodyHtml)) {
    return { ok: false, path: "body", message: "has no text left after removing HTML that is not allowed" };
  }
  const { publishedAt, subheadline, url, image, language, correction, ednote, ...rest } = input;
  const draft: Draft = {
    ...rest,
    id,
    body,
    bodyHtml,
    categorySlug: slugify(input.category),
    language: language ?? defaultLanguage,
    ...(subheadline ? { subheadline } : {}),
    ...(url ? { url } : {}),
    ...(image ? { image } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(correction ? { correction } : {}),
    ...(ednote ? { ednote } : {}),
  };
  return { ok: true, draft, notes: sanitized?.notes ?? [] };
}

const CONTENT_FIELDS = [
  "id",
  "headline",
  "subheadline",
  "body",
  "bodyFormat",
  "keywords",
  "category",
  "authors",
  "publishedAt",
  "url",
  "image",
  "language",
  "copyright",
  "usageTerms",
  "license",
  "expires",
  "canonicalUrl",
] as const satisfies readonly (keyof Article)[];

/**
 * The version rule: a change to a content field (or a new correction, or a restore) raises `version`
 * and `updatedAt`; a change to one of these raises `version` only (partners hear of it, readers'
 * dates do not move). Issue 16's rights fields (`copyright`, `usageTerms`, `license`, `expires`,
 * `canonicalUrl`) join this list, one line each.
 */
const VERSION_FIELDS = ["ednote"] as const satisfies readonly (keyof Article)[];

/** Canonical JSON of what a reader sees; equal strings mean "nothing really changed". */
export function contentKey(a: Pick<Article, (typeof CONTENT_FIELDS)[number]>): string {
  return JSON.stringify(CONTENT_FIELDS.map((f) => a[f] ?? null));
}

const versionKey = (a: Partial<Pick<Article, (typeof VERSION_FIELDS)[number]>>) =>
  JSON.stringify(VERSION_FIELDS.map((f) => a[f] ?? null));

/**
 * The `updatedAt` a real change stores (ties with other articles are broken afterwards, by the
 * writer, with a few milliseconds of offset: see the category registry's `untie`). A new article, or
 * one still under embargo, was last changed, as readers see it, when it is first published: a
 * backdated import is dated by its publication, not by the import. Once public, a change is dated now.
 */
export function nextUpdatedAt(existing: Article | undefined, publishedAt: string, now: string): string {
  if (!existing || now < publishedAt) return publishedAt;
  return now;
}

/** What an earlier life of the id left (taken down, now published again): its feeds keep its id. */
export interface EarlierLife {
  createdAt?: string;
  itemId?: string;
  /** The tombstone's version: a restore raises it. */
  version?: number;
  firstPublishedAt?: string;
}

/**
 * The article that storing `draft` over `existing` produces (existing may be absent or taken down).
 * `idAuthority` (the configured host name) mints the item id (itemIdFor).
 */
export function settle(
  draft: Draft,
  existing: Article | undefined,
  now: string,
  publisher: string | undefined,
  earlier: EarlierLife = {},
  idAuthority?: string,
): Article {
  const { correction, ...fields } = draft;
  const nowMs = Date.parse(now);
  const publishedAt = fields.publishedAt ?? existing?.publishedAt ?? now;
  const itemId = itemIdFor(fields.id, publishedAt, existing, earlier, nowMs, idAuthority);
  const previous = existing?.corrections ?? [];
  const corrected = correction !== undefined && correction !== previous[0]?.note;
  const candidate: Article = {
    ...fields,
    publishedAt,
    createdAt: existing?.createdAt ?? earlier.createdAt ?? now,
    updatedAt: nextUpdatedAt(existing, publishedAt, now),
    ...(publisher ? { publisher } : {}),
    ...(itemId ? { itemId } : {}),
    version: (existing?.version ?? earlier.version ?? 0) + 1,
    // Fixed once readers could see it; until then it follows the embargo's time.
    firstPublishedAt:
      existing && isVisible(existing, nowMs)
        ? existing.firstPublishedAt
        : (earlier.firstPublishedAt ?? publishedAt),
  };
  if (existing) {
    const content = corrected || contentKey(existing) !== contentKey(candidate);
    if (!content && versionKey(existing) === versionKey(candidate)) return existing;
    // Only the version fields changed: readers' dates stay.
    if (!content) candidate.updatedAt = existing.updatedAt;
  } else if (earlier.version !== undefined && isVisible(candidate, nowMs)) {
    // A restore is a change readers must notice, whatever the article's publication date.
    candidate.updatedAt = now;
  }
  const kept = corrected
    ? [{ note: correction, at: now, version: candidate.version }, ...previous].slice(0, ARTICLE.corrections)
    : previous;
  if (kept.length > 0) candidate.corrections = kept;
  return candidate;
}

/**
 * The item id of a write: once readers may have seen it (the stored version's publication has
 * come), it never changes; until then it follows the embargo's time, so the id an article first
 * appears with carries its first publication date. An article stored before ids were minted keeps
 * its derived id (src/feeds/model.ts), also after a takedown (a tombstone without an item id).
 */
function itemIdFor(
  id: string,
  publishedAt: string,
  existing: Article | undefined,
  earlier: EarlierLife,
  nowMs: number,
  idAuthority: string | undefined,
): string | undefined {
  if (existing) {
    if (!existing.itemId) return undefined;
    if (Date.parse(existing.publishedAt) <= nowMs) return existing.itemId;
  } else if (earlier.createdAt !== undefined) return earlier.itemId;
  return idAuthority ? mintItemId(idAuthority, publishedAt, id) : undefined;
}

/** The embargo rule, in one place: an article is public from its `publishedAt` on. */
export function isVisible(a: Pick<Article, "publishedAt">, nowMs: number): boolean {
  return Date.parse(a.publishedAt) <= nowMs;
}

/**
 * When readers should consider the article last changed (Atom `updated`, JSON Feed `date_modified`,
 * Last-Modified): its last edit, or its publication when that is later. An embargoed article is
 * stored before it is published, and its appearance is the change readers must notice (RFC 4287
 * §4.2.15: the last significant change). Both dates are canonical ISO strings: they compare as strings.
 */
export const changedAt = (a: Pick<Article, "updatedAt" | "publishedAt" | "createdAt">): string => {
  // Stored before `updatedAt` meant the first publication: an import never edited since was dated
  // by its write; readers see its publication instead.
  if (a.createdAt === a.updatedAt && a.publishedAt < a.updatedAt) return a.publishedAt;
  return a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt;
};

/** True when the article changed after its publication (more than the milliseconds that untie dates). */
export const revisedAfterPublication = (a: Pick<Article, "updatedAt" | "publishedAt" | "createdAt">) =>
  Date.parse(changedAt(a)) - Date.parse(a.publishedAt) >= 1_000;

/** The newest change among `items`, or `fallback` (the scope's newest change) when there is none or it is later. */
export function newestChange(
  items: readonly Pick<Article, "updatedAt" | "publishedAt" | "createdAt">[],
  fallback?: string,
): string | undefined {
  return items.reduce<string | undefined>(
    (max, a) => (max === undefined || changedAt(a) > max ? changedAt(a) : max),
    fallback,
  );
}
