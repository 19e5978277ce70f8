// The article as newsroom scripts send it: one zod schema, the single source of truth for the
// Worker, the command-line tool and the OpenAPI description. Parsing also normalises (trims, splits
// keyword strings, expands the `author` shorthand, canonicalises dates and language tags).
import { z } from "zod";
import { ARTICLE, TERM_KEY_BYTES } from "../limits.ts";
import { charCount, cleanText, hasMarkup, slugify, utf8Bytes, words } from "./text.ts";

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** The article's limits, from the cost model (src/limits.ts). */
export const LIMITS = ARTICLE;

/** Every string is cleaned of what XML cannot carry before any other rule looks at it. */
const required = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? "is required" : `must be ${what}`;
const cleaned = () => z.string({ error: required("a string") }).overwrite(cleanText);

const chars = (min: number, max: number) => (s: string, ctx: z.core.$RefinementCtx<string>) => {
  const n = charCount(s);
  if (n < min)
    ctx.addIssue({
      code: "custom",
      message: min === 1 ? "must not be empty" : `must be at least ${min} characters`,
    });
  else if (n > max)
    ctx.addIssue({
      code: "custom",
      message: `must be at most ${max.toLocaleString("en")} characters (got ${n.toLocaleString("en")})`,
    });
};

const noMarkup = (s: string, ctx: z.core.$RefinementCtx<string>) => {
  if (hasMarkup(s))
    ctx.addIssue({
      code: "custom",
      message: 'must be plain text: tag-like markup such as <b> is not allowed (a literal "5 < 6" is fine)',
    });
};

/** One line of plain text, trimmed, `min`-`max` characters. */
const plainLine = (max: number, min = 1) =>
  cleaned()
    .trim()
    .check(z.superRefine(chars(min, max)))
    .check(
      z.superRefine((s, ctx) => {
        if (/[\r\n\u2028\u2029]/.test(s))
          ctx.addIssue({ code: "custom", message: "must be one line: line breaks are not allowed" });
      }),
    )
    .check(z.superRefine(noMarkup));

const httpUrl = (what: string) =>
  cleaned()
    .trim()
    .check(z.superRefine(chars(1, LIMITS.url)))
    .check(
      z.superRefine((s, ctx) => {
        let u: URL | undefined;
        try {
          u = new URL(s);
        } catch {}
        if (!u || (u.protocol !== "http:" && u.protocol !== "https:") || !u.hostname)
          ctx.addIssue({ code: "custom", message: `must be an absolute http(s) URL of ${what}` });
      }),
    )
    // Stored as the URL parser serialises it: characters a URI cannot hold (spaces, quotes,
    // non-ASCII) percent-encoded, so every output carries the same valid URI (RFC 3986).
    .overwrite((s) => (URL.canParse(s) ? new URL(s).href : s)); // an invalid URL was reported above

/** `null` means "not given" for optional fields, as many JSON producers write it. */
const withoutNulls = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null))
    : v;

const authorShape = {
  name: plainLine(LIMITS.authorName),
  url: httpUrl("the author's page").optional(),
  email: z
    .string({ error: "must be an e-mail address" })
    .trim()
    .pipe(z.email({ error: "must be an e-mail address" }).max(LIMITS.email))
    .optional(),
};
const author = z.preprocess(withoutNulls, z.strictObject(authorShape));
export type Author = z.output<typeof author>;

/** `"Jane Doe"` is shorthand for `{ "name": "Jane Doe" }`, in `author` and inside `authors`. */
const authorOrName = z.preprocess((v) => (typeof v === "string" ? { name: v } : v), author);

/** What splits the one-string form of `keywords`, as the inside of a regular expression class. */
export const KEYWORD_SEPARATOR_CHARS = ",;\\r\\n";
const KEYWORD_SEPARATORS = new RegExp(`[${KEYWORD_SEPARATOR_CHARS}]+`);
const keywords = z
  .union([cleaned(), z.array(cleaned(), { error: "must be an array of strings or one string" })], {
    error: "must be an array of strings or one string separated by , ; or line breaks",
  })
  .transform((v) =>
    (typeof v === "string" ? v.split(KEYWORD_SEPARATORS) : v).map((k) => k.trim().replace(/\s+/g, " ")),
  )
  .transform((list) => {
    // De-duplicated ignoring case; the first spelling wins; blank entries are dropped.
    const seen = new Set<string>();
    return list.filter((k) => {
      const key = k.toLowerCase();
      if (k === "" || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  })
  .check(
    z.superRefine((list, ctx) => {
      if (list.length > LIMITS.keywords)
        ctx.addIssue({
          code: "custom",
          message: `must hold at most ${LIMITS.keywords} keywords (got ${list.length})`,
        });
      list.forEach((k, i) => {
        const n = charCount(k);
        if (n > LIMITS.keyword)
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `must be at most ${LIMITS.keyword} characters (got ${n})`,
          });
        if (hasMarkup(k))
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: 'must be plain text: "<" followed by a letter, "/", "!" or "?" is not allowed',
          });
      });
      // Each distinct word has its own index key: the cost model caps them (src/limits.ts).
      const distinct = new Set(list.flatMap((k) => words(k))).size;
      if (distinct > LIMITS.keywordWords)
        ctx.addIssue({
          code: "custom",
          message: `must hold at most ${LIMITS.keywordWords} distinct words across all keywords (got ${distinct}): each word is indexed`,
        });
    }),
  );

/** The media type an image URL's extension names (the RSS enclosure needs one). */
export const IMAGE_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

const imageShape = {
  url: httpUrl("the image"),
  alt: plainLine(LIMITS.alt, 0).optional(),
  mimeType: z
    .string({ error: 'must be an image MIME type such as "image/jpeg"' })
    .trim()
    .toLowerCase()
    .regex(/^image\/[a-z0-9][a-z0-9.+-]{0,60}$/, { error: 'must be an image MIME type such as "image/jpeg"' })
    .optional(),
  width: z.int({ error: "must be a whole number of pixels" }).min(1).max(LIMITS.pixels).optional(),
  height: z.int({ error: "must be a whole number of pixels" }).min(1).max(LIMITS.pixels).optional(),
  length: z.int({ error: "must be the file size in bytes" }).min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  caption: plainLine(LIMITS.caption, 0).optional(),
  credit: plainLine(LIMITS.credit, 0).optional(),
};

const image = z.preprocess(withoutNulls, z.strictObject(imageShape)).transform((img, ctx) => {
  // Feeds must carry the real MIME type (RSS enclosure `type`): take it from the client or from an
  // unambiguous file extension, never guess `image/jpg`.
  const ext = new URL(img.url).pathname.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const mimeType = img.mimeType ?? (ext ? IMAGE_TYPES[ext] : undefined);
  if (!mimeType) {
    ctx.addIssue({
      code: "custom",
      path: ["mimeType"],
      message: "is required when the image URL does not end in .jpg, .jpeg, .png, .gif, .webp, .avif or .svg",
    });
    return z.NEVER;
  }
  return { ...img, mimeType };
});
export type ArticleImage = z.output<typeof image>;

const language = z
  .string({ error: 'must be a BCP 47 language tag such as "en" or "pt-BR"' })
  .trim()
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(canonical)) return canonical;
    } catch {}
    ctx.addIssue({ code: "custom", message: 'must be a BCP 47 language tag such as "en" or "pt-BR"' });
    return z.NEVER;
  });

const publishedAt = z
  .string({ error: "must be an RFC 3339 date-time string" })
  .trim()
  .pipe(
    z.iso.datetime({
      offset: true,
      error: 'must be an RFC 3339 date-time with an offset, such as "2026-11-23T09:30:00Z"',
    }),
  )
  .transform((s, ctx) => {
    // Index keys invert the time in 13 digits (src/store/keys.ts): 1970 to 2200 keeps them ordered.
    const ms = Date.parse(s);
    if (ms < 0 || ms > Date.UTC(2200, 0, 1)) {
      ctx.addIssue({ code: "custom", message: "must be between 1970 and 2200" });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const category = plainLine(LIMITS.category).check(
  z.superRefine((s, ctx) => {
    const slug = slugify(s);
    if (slug === "")
      ctx.addIssue({
        code: "custom",
        message: "must contain a letter or a digit (it names the category's feeds)",
      });
    // Some characters grow under Unicode normalisation ("㌖" folds to six letters): the slug names
    // the category's URLs and keys, so it is bounded after folding.
    else if (utf8Bytes(slug) > TERM_KEY_BYTES)
      ctx.addIssue({
        code: "custom",
        message: `its URL name "${slug.slice(0, 40)}…" takes ${utf8Bytes(slug)} bytes once folded; at most ${TERM_KEY_BYTES}: use a shorter name`,
      });
  }),
);

const articleShape = {
  id: z
    .string({ error: required("a string") })
    .regex(ID_PATTERN, {
      error: "must match ^[a-z0-9][a-z0-9-]{0,99}$ (lower-case letters, digits and dashes)",
    })
    .optional(),
  headline: plainLine(LIMITS.headline),
  subheadline: plainLine(LIMITS.subheadline, 0).optional(),
  body: cleaned().check(
    z.superRefine((s, ctx) => {
      if (s.trim() === "") ctx.addIssue({ code: "custom", message: "must not be empty" });
      const n = charCount(s);
      if (n > LIMITS.body)
        ctx.addIssue({
          code: "custom",
          message: `must be at most ${LIMITS.body.toLocaleString("en")} characters (got ${n.toLocaleString("en")})`,
        });
    }),
  ),
  bodyFormat: z.enum(["text", "html"], { error: 'must be "text" or "html"' }).default("text"),
  keywords: keywords.default([]),
  category,
  authors: z
    .array(authorOrName, { error: "must be an array of {name, url?, email?}" })
    .max(LIMITS.authors, { error: `must hold at most ${LIMITS.authors} authors` })
    .optional(),
  author: authorOrName.optional(),
  publishedAt: publishedAt.optional(),
  url: httpUrl("the article's canonical page").optional(),
  image: image.optional(),
  language: language.optional(),
  // Rights on the item (rendered in every format; site-wide defaults fill what is not given).
  copyright: plainLine(LIMITS.copyright).optional(),
  usageTerms: plainLine(LIMITS.usageTerms).optional(),
  license: httpUrl("the license").optional(),
  /** After this, the article leaves partner outputs (the public keeps it). */
  expires: publishedAt.optional(),
  canonicalUrl: httpUrl("the original, for partners' rel=canonical").optional(),
  /** A public note on this write; kept with the article's earlier ones (src/articles/article.ts settle). */
  correction: plainLine(LIMITS.correction).optional(),
  /** For partners only: never in a public output. Plain text, line breaks allowed. */
  ednote: cleaned()
    .trim()
    .check(z.superRefine(chars(1, LIMITS.ednote)))
    .check(z.superRefine(noMarkup))
    .optional(),
};

const articleObject = z
  .strictObject(articleShape)
  .check(
    z.superRefine((a, ctx) => {
      if (a.author && a.authors)
        ctx.addIssue({
          code: "custom",
          path: ["author"],
          message: 'give either "author" or "authors", not both',
        });
    }),
  )
  .transform(({ author, authors, ...rest }) => ({ ...rest, authors: authors ?? (author ? [author] : []) }));

export const articleInputSchema = z.preprocess(withoutNulls, articleObject);

/** Field names at a problem's path, for "did you mean" hints on unknown fields. */
export function knownFields(path: string): readonly string[] {
  if (path === "") return Object.keys(articleShape);
  if (path === "image") return Object.keys(imageShape);
  if (path === "author" || /^authors\[\d+\]$/.test(path)) return Object.keys(authorShape);
  return [];
}

/**
 * What one top-level field's own rules say of a value, as messages (none: it passes). The newsroom
 * tool asks this when it must tell which field a value whose name was lost can belong to.
 */
export function fieldProblems(field: string, value: unknown): string[] {
  const schema = (articleShape as Record<string, z.ZodType | undefined>)[field];
  if (!schema) return [`"${field}" is not a field of the article`];
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

/** A valid article as sent, after normalisation; the server adds ids, slugs and timestamps. */
export type ArticleInput = z.output<typeof articleInputSchema>;
