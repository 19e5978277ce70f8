// The stored article: what the API returns and every feed and page renders. `prepare` turns a valid
// input into a draft (sanitised body, derived id, slug); `settle` applies the defaults that depend on
// what is already stored (first publication time, creation time) and decides whether anything changed.
import { isEmptyHtml, sanitizeHtml, textToHtml } from "./sanitize.ts";
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
  /** Moves only when the content really changes. */
  updatedAt: string;
}

/** An article as the newsroom sent it, ready to store: `publishedAt` only when the client gave one. */
export type Draft = Omit<Article, "publishedAt" | "createdAt" | "updatedAt" | "publisher"> & {
  publishedAt?: string;
};

export type PrepareResult = { ok: true; draft: Draft } | { ok: false; path: string; message: string };

/** Id for an article sent without one: the headline's ASCII slug, or a hash for non-Latin headlines. */
export async function deriveId(headline: string): Promise<string> {
  const slug = asciiSlug(headline);
  return slug !== "" ? slug : `article-${(await sha256Hex(headline)).slice(0, 12)}`;
}

export async function prepare(input: ArticleInput, defaultLanguage: string): Promise<PrepareResult> {
  const body = input.bodyFormat === "html" ? sanitizeHtml(input.body) : input.body.trim();
  const bodyHtml = input.bodyFormat === "html" ? body : textToHtml(body);
  if (input.bodyFormat === "html" && isEmptyHtml(bodyHtml)) {
    return { ok: false, path: "body", message: "has no text left after removing HTML that is not allowed" };
  }
  const { publishedAt, subheadline, url, image, language, ...rest } = input;
  const draft: Draft = {
    ...rest,
    id: input.id ?? (await deriveId(input.headline)),
    body,
    bodyHtml,
    categorySlug: slugify(input.category),
    language: language ?? defaultLanguage,
    ...(subheadline ? { subheadline } : {}),
    ...(url ? { url } : {}),
    ...(image ? { image } : {}),
    ...(publishedAt ? { publishedAt } : {}),
  };
  return { ok: true, draft };
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
] as const satisfies readonly (keyof Article)[];

/** Canonical JSON of what a reader sees; equal strings mean "nothing really changed". */
export function contentKey(a: Pick<Article, (typeof CONTENT_FIELDS)[number]>): string {
  return JSON.stringify(CONTENT_FIELDS.map((f) => a[f] ?? null));
}

/** The article that storing `draft` over `existing` produces (existing may be absent or taken down). */
export function settle(
  draft: Draft,
  existing: Article | undefined,
  now: string,
  publisher: string | undefined,
  /** Creation time of an earlier life of the id (taken down, now published again). */
  createdBefore?: string,
): Article {
  const publishedAt = draft.publishedAt ?? existing?.publishedAt ?? now;
  const candidate: Article = {
    ...draft,
    publishedAt,
    createdAt: existing?.createdAt ?? createdBefore ?? now,
    updatedAt: now,
    ...(publisher ? { publisher } : {}),
  };
  if (existing && contentKey(existing) === contentKey(candidate)) return existing;
  return candidate;
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
export const changedAt = (a: Pick<Article, "updatedAt" | "publishedAt">): string =>
  a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt;

/** Before any article exists a feed still needs a stable date: the Unix epoch, never "now". */
export const EPOCH = "1970-01-01T00:00:00.000Z";

/** The newest change among `items` (EPOCH for none). */
export function newestChange(items: readonly Pick<Article, "updatedAt" | "publishedAt">[]): string {
  return items.reduce((max, a) => (changedAt(a) > max ? changedAt(a) : max), EPOCH);
}
