// The article as a request body, for the API description: what `articleInputSchema` (schema.ts)
// accepts, said in JSON Schema. That schema normalises as it validates (z.preprocess, transforms),
// which generators cannot see through: nulls, the author shorthand and every text rule were lost. This
// one only describes, from the same limits and with patterns (patterns.ts) for the text rules;
// test/article-input-schema.integration.test.ts proves on a corpus that both accept the same articles.
import { z } from "zod";
import {
  bodyPattern,
  DATE_TIME_PATTERN,
  emailPattern,
  httpUrlPattern,
  IMAGE_TYPE_PATTERN,
  keywordListPattern,
  keywordPattern,
  LANGUAGE_TAG_PATTERN,
  LETTER_OR_DIGIT,
  linePattern,
  markupPattern,
  pathExtensionPattern,
} from "./patterns.ts";
import { ID_PATTERN, IMAGE_TYPES, KEYWORD_SEPARATOR_CHARS, LIMITS } from "./schema.ts";

const PLAIN = "Plain text: tag-like markup such as `<b>` is refused (a literal `5 < 6` is fine).";

/** `null` means "not given" for optional fields, as many JSON producers write it. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** Unknown fields are refused by name, unless they are null (dropped, like any null). */
const NULL_OR_UNKNOWN = { additionalProperties: { type: "null" } };

/** No tag-like markup (`pattern` alone would also match a null, which `not` would then refuse). */
const noMarkup = (stop?: string) => ({ not: { type: "string", pattern: markupPattern(stop) } });
const plain = (pattern: string, description: string) =>
  z.string().meta({ description, pattern, ...noMarkup() });
const line = (max: number, min: 0 | 1, what: string) =>
  plain(
    linePattern(max, min),
    `${what}: one line, ${min === 0 ? "at most " : "1-"}${max.toLocaleString("en")} characters after trimming. ${PLAIN}`,
  );
const httpUrl = (what: string) =>
  z.string().meta({
    description: `Absolute http(s) URL of ${what}, at most ${LIMITS.url.toLocaleString("en")} characters.`,
    pattern: httpUrlPattern(LIMITS.url),
  });
const pixels = (what: string) =>
  z
    .int()
    .min(1)
    .max(LIMITS.pixels)
    .meta({ description: `${what} in pixels.` });

const authorObject = z
  .strictObject({
    name: line(LIMITS.authorName, 1, "The author's name"),
    url: optional(httpUrl("the author's page")),
    email: optional(
      z.string().meta({ description: "The author's e-mail address.", pattern: emailPattern(LIMITS.email) }),
    ),
  })
  .meta({ id: "AuthorInput", title: "Author input", ...NULL_OR_UNKNOWN });
const authorOrName = z.union([line(LIMITS.authorName, 1, "The author's name"), authorObject]);

const extensions = Object.keys(IMAGE_TYPES);
const imageObject = z
  .strictObject({
    url: httpUrl("the image"),
    alt: optional(line(LIMITS.alt, 0, "Text alternative")),
    mimeType: optional(
      z.string().meta({
        description: `The image's MIME type, such as \`image/jpeg\`. Required unless the URL's path ends in ${extensions.map((e) => `.${e}`).join(", ")}, from which it is taken.`,
        pattern: IMAGE_TYPE_PATTERN,
      }),
    ),
    width: optional(pixels("Width")),
    height: optional(pixels("Height")),
    length: optional(
      z
        .int()
        .min(0)
        .max(Number.MAX_SAFE_INTEGER)
        .meta({ description: "File size in bytes (the RSS enclosure length, given only when known)." }),
    ),
    caption: optional(line(LIMITS.caption, 0, "Caption shown with the image")),
    credit: optional(line(LIMITS.credit, 0, "Who made or owns the image")),
  })
  .meta({
    ...NULL_OR_UNKNOWN,
    anyOf: [
      { required: ["mimeType"], properties: { mimeType: { type: "string" } } },
      { properties: { url: { pattern: pathExtensionPattern(extensions) } } },
    ],
  });

const separators = KEYWORD_SEPARATOR_CHARS;
const keywords = z.union([
  z.string().meta({
    description: `One string of keywords separated by \`,\` \`;\` or line breaks (at most ${LIMITS.keywords}).`,
    pattern: keywordListPattern(LIMITS.keyword, LIMITS.keywords, separators),
    ...noMarkup(separators),
  }),
  z.array(z.string().meta({ pattern: keywordPattern(LIMITS.keyword), ...noMarkup() })).max(LIMITS.keywords),
]);

/** The request body of POST and PUT /api/articles, and each item of a batch. */
export const articleInputDescription = z
  .strictObject({
    id: optional(z.string().regex(ID_PATTERN)).meta({
      description:
        "Chosen by the client: lower-case letters, digits and dashes. Without it the server derives one from the headline at creation. Once given, an id never changes.",
    }),
    headline: line(LIMITS.headline, 1, "The headline"),
    subheadline: optional(line(LIMITS.subheadline, 0, "The subheadline")),
    body: z.string().meta({
      description: `1-${LIMITS.body.toLocaleString("en")} characters. Plain text with paragraphs separated by line breaks, or HTML with \`bodyFormat: "html"\` (sanitised to a safe allowlist before it is stored; HTML with no text left after that is refused).`,
      pattern: bodyPattern(LIMITS.body),
    }),
    bodyFormat: optional(z.enum(["text", "html"]).default("text")).meta({ description: "`text` or `html`." }),
    keywords: optional(keywords.default([])).meta({
      description: `An array of strings, or one string split on \`,\` \`;\` or line breaks. At most ${LIMITS.keywords} after de-duplication ignoring case, each at most ${LIMITS.keyword} characters of plain text (runs of whitespace count as one).`,
    }),
    category: plain(
      linePattern(LIMITS.category, 1, LETTER_OR_DIGIT),
      `Display name: one line, 1-${LIMITS.category} characters with at least one letter or digit; its slug names the category's feeds (\`World News\` → \`/category/world-news/feed.xml\`). ${PLAIN}`,
    ),
    authors: optional(z.array(authorOrName).max(LIMITS.authors)).meta({
      description: `Up to ${LIMITS.authors} authors; a string is shorthand for \`{"name": ...}\`. Give \`authors\` or \`author\`, not both.`,
    }),
    author: optional(authorOrName).meta({
      description: 'Shorthand for one author: `"author": "Jane Doe"` or `{"name": "Jane Doe"}`.',
    }),
    publishedAt: optional(
      z.string().meta({
        description:
          "RFC 3339 date-time with an offset, between 1970 and 2200. Default: the time of first publication. A future time is an embargo: the article stays out of every public output until then.",
        pattern: DATE_TIME_PATTERN,
      }),
    ),
    url: optional(
      httpUrl("the canonical page on the newsroom's site (default: this service's `/articles/{id}`)"),
    ),
    image: optional(imageObject).meta({ description: "The article's main image." }),
    language: optional(
      z.string().meta({
        description: "BCP 47 language tag such as `en` or `pt-BR`. Default: the site's language.",
        pattern: LANGUAGE_TAG_PATTERN,
      }),
    ),
    copyright: optional(line(LIMITS.copyright, 1, "Copyright notice (default: SITE_COPYRIGHT)")),
    usageTerms: optional(
      line(LIMITS.usageTerms, 1, "Usage terms for republishers (default: SITE_USAGE_TERMS)"),
    ),
    license: optional(httpUrl("the license (default: SITE_LICENSE)")),
    expires: optional(
      z.string().meta({
        description:
          "RFC 3339 date-time with an offset, between 1970 and 2200: from then on the article leaves partner outputs (the public keeps it). Default: first publication plus SITE_EXPIRES, if set.",
        pattern: DATE_TIME_PATTERN,
      }),
    ),
    canonicalUrl: optional(httpUrl("the original, which republishers name as rel=canonical")),
    correction: optional(
      line(
        LIMITS.correction,
        1,
        "A public correction note on this write, kept with the earlier ones (the last 20, newest first) and shown at the top of the article everywhere",
      ),
    ),
    ednote: optional(
      z.string().meta({
        description: `A note for partners, 1-${LIMITS.ednote.toLocaleString("en")} characters of plain text (line breaks allowed); never in a public output.`,
        pattern: bodyPattern(LIMITS.ednote),
        ...noMarkup(),
      }),
    ),
  })
  .meta({
    id: "ArticleInput",
    title: "Article input",
    description:
      'An article as newsroom scripts send it. Unknown fields are refused by name; `null` counts as "not given" for optional fields.',
    ...NULL_OR_UNKNOWN,
    // Both `author` and `authors`, neither of them null, is refused.
    not: {
      required: ["author", "authors"],
      properties: { author: { not: { type: "null" } }, authors: { not: { type: "null" } } },
    },
  });
