// What the API answers, as zod schemas: the article as stored and shown (src/articles/article.ts,
// with `url` always filled in by `apiArticle`), the listing, batch results and problem details. The
// OpenAPI description is generated from these, and test/openapi.integration.test.ts parses every
// real response with them, which is how the description is held to the API's actual behaviour.

import { z } from "zod";
import { RATE_TIERS } from "../articles/audience.ts";
import { LIMITS } from "../articles/schema.ts";

const ARTICLE_CORRECTIONS = LIMITS.corrections;

const instant = (what: string) =>
  z.iso.datetime({ offset: false }).meta({ description: `${what}, RFC 3339 in UTC (ISO 8601 with \`Z\`).` });

export const authorOutput = z
  .strictObject({
    name: z.string().meta({ description: "The author's name." }),
    url: z.url().optional().meta({ description: "The author's page." }),
    email: z.email().optional().meta({ description: "The author's e-mail address." }),
  })
  .meta({ id: "Author", title: "Author" });

export const imageOutput = z
  .strictObject({
    url: z.url().meta({ description: "Absolute http(s) URL of the image." }),
    alt: z.string().optional().meta({ description: "Text alternative for people who cannot see the image." }),
    mimeType: z
      .string()
      .meta({ description: "The image's MIME type, from the client or its file extension." }),
    width: z.int().optional().meta({ description: "Width in pixels." }),
    height: z.int().optional().meta({ description: "Height in pixels." }),
    length: z.int().optional().meta({ description: "File size in bytes." }),
    caption: z.string().optional().meta({ description: "Caption shown with the image (plain text)." }),
    credit: z.string().optional().meta({ description: "Who made or owns the image (plain text)." }),
  })
  .meta({ id: "Image", title: "Image" });

export const articleOutput = z
  .strictObject({
    id: z
      .string()
      .meta({ description: "Stable id: chosen by the client or derived at creation; never changes." }),
    headline: z.string().meta({ description: `One line of plain text, 1-${LIMITS.headline} characters.` }),
    subheadline: z.string().optional().meta({ description: "Plain text; absent when not given." }),
    body: z
      .string()
      .meta({ description: "The body as stored: plain text, or HTML sanitised to the allowlist." }),
    bodyFormat: z.enum(["text", "html"]).meta({ description: "How `body` is written." }),
    bodyHtml: z.string().meta({
      description: "The body as safe HTML: escaped `<p>` paragraphs for text, the sanitised HTML otherwise.",
    }),
    keywords: z.array(z.string()).meta({ description: "Keywords, de-duplicated ignoring case." }),
    category: z.string().meta({ description: "Display name of the category." }),
    categorySlug: z
      .string()
      .meta({ description: "The category's slug: `/category/{categorySlug}/feed.xml`." }),
    authors: z.array(authorOutput).meta({ description: "Authors, possibly none." }),
    publishedAt: instant("First publication, or the embargo's end"),
    url: z.url().meta({
      description:
        "Canonical page: the newsroom's own, or this service's `/articles/{id}` when none was given.",
    }),
    image: imageOutput.optional(),
    language: z.string().meta({ description: "BCP 47 language tag." }),
    publisher: z
      .string()
      .optional()
      .meta({ description: "Name of the token that last changed the article, when it has one." }),
    createdAt: instant("When this service first stored the article"),
    updatedAt: instant(
      "The last change readers see: the first publication until the content really changes after it; unique across the site (ties are a few milliseconds apart)",
    ),
    version: z.int().min(1).meta({
      description:
        "Raised by every change: content, a new correction or a restore (which also move `updatedAt`), and `ednote` (which does not).",
    }),
    firstPublishedAt: instant("When readers could first see the article; never moves"),
    corrections: z
      .array(
        z.strictObject({
          note: z.string().meta({ description: "The public note, plain text." }),
          at: instant("When the correction was made"),
          version: z.int().min(1).meta({ description: "The version it made." }),
        }),
      )
      .max(ARTICLE_CORRECTIONS)
      .optional()
      .meta({ description: "Public corrections, newest first (the last 20); absent when there are none." }),
    ednote: z.string().optional().meta({
      description:
        "The note for partners: only in the answer to the newsroom's own write, never in a public one.",
    }),
    itemId: z.string().optional().meta({
      description:
        "The id every feed gives the article (`tag:` URI), minted from the configured id authority and the first publication date when it first became visible; never changes. Absent while under embargo.",
    }),
  })
  .meta({ id: "Article", title: "Article", description: "An article as stored and served." });

export const problemItem = z
  .strictObject({
    path: z
      .string()
      .meta({ description: "Where: a field path such as `authors[0].email`, or a query parameter." }),
    message: z.string().meta({ description: "What is wrong, for a person." }),
  })
  .meta({ id: "ProblemItem", title: "Problem item" });

export const problemOutput = z
  .looseObject({
    type: z
      .string()
      .meta({ description: "URI reference naming the kind of problem, e.g. `/problems/invalid-article`." }),
    title: z.string().meta({ description: "Short summary of the kind of problem." }),
    status: z.int().min(400).max(599).meta({ description: "The HTTP status code." }),
    detail: z.string().meta({ description: "What happened and what to do, for a person." }),
    errors: z
      .array(problemItem)
      .optional()
      .meta({ description: "Every validation problem, one per field or parameter." }),
  })
  .meta({
    id: "Problem",
    title: "Problem details (RFC 9457)",
    description:
      "Extension members may follow: `id` and `location` of a conflicting article (409), `maxBytes` (413), `line` and `column` of malformed JSON (400).",
  });

export const articleList = z
  .strictObject({
    items: z.array(articleOutput).meta({ description: "At most `limit` articles, newest first." }),
    next_url: z
      .url()
      .nullable()
      .meta({ description: "The next page (same filters, with a `cursor`), or null on the last page." }),
  })
  .meta({ id: "ArticleList", title: "Article list" });

export const changeOutput = z
  .strictObject({
    id: z.string().meta({ description: "The article's id." }),
    kind: z.enum(["create", "update", "withdraw", "expire"]).meta({
      description:
        "What this stream saw: `create` (published, an embargo lifted, restored, or moved into a filtered stream), `update`, `withdraw` (taken down, or moved out of a filtered stream), or, for partners only, `expire` (the article's `expires` passed: take it down; the public keeps it). A partner with embargo preview hears of an embargoed article when it is written (with `embargoed`), and an `update` when the embargo ends.",
    }),
    version: z.int().min(1).meta({ description: "The article's version after the change." }),
    at: instant("When the change was made"),
    url: z.url().meta({ description: "The article in the API (410 after a withdrawal)." }),
    reason: z.string().optional().meta({ description: "A withdrawal's reason, when the newsroom gave one." }),
    embargoed: instant(
      "Partners with embargo preview: the article is under embargo until then (never in a public output)",
    ).optional(),
    expires: instant("An `expire`: when the article's rights ended for partners").optional(),
  })
  .meta({ id: "Change", title: "Change" });

export const changeList = z
  .strictObject({
    items: z.array(changeOutput).meta({ description: "At most `limit` changes, in the log's one order." }),
    next_url: z.url().meta({
      description: "Where to continue: always given; poll it for changes after these (30 days of replay).",
    }),
  })
  .meta({ id: "ChangeList", title: "Change list" });

const resultWord = z.enum(["created", "updated", "unchanged", "conflict", "gone", "invalid", "failed"]);

export const batchResult = z
  .strictObject({
    index: z.int().min(0).meta({ description: "Position of the article in the request." }),
    status: z.int().meta({ description: "The status a single POST of this article would have had." }),
    result: resultWord.meta({ description: "What happened to this article." }),
    id: z
      .string()
      .optional()
      .meta({ description: "The article's id (absent when the article was invalid)." }),
    article: articleOutput.optional().meta({ description: "The stored article, on success." }),
    problem: problemOutput.optional().meta({ description: "Why it failed, on failure." }),
    notes: z.array(z.string()).optional().meta({
      description:
        "What the sanitiser changed in an HTML body (as the `Edgewire-Notes` header of a single write); absent when nothing.",
    }),
  })
  .meta({ id: "BatchResult", title: "Batch result" });

export const batchResponse = z
  .strictObject({
    results: z.array(batchResult).meta({ description: "One result per article, in request order." }),
  })
  .meta({ id: "BatchResponse", title: "Batch response" });

export const takedownResult = z
  .strictObject({
    index: z.int().min(0).meta({ description: "Position of the id in the request." }),
    id: z.string().meta({ description: "The id, as sent." }),
    status: z.int().meta({ description: "The status a single `DELETE` of this id would have had." }),
    result: z.enum(["taken-down", "already-taken-down", "not-found", "failed"]).meta({
      description: "What happened to this id: `failed` is a storage failure, retried automatically.",
    }),
    problem: problemOutput.optional().meta({ description: "Why it was not taken down, when it was not." }),
  })
  .meta({ id: "TakedownResult", title: "Takedown result" });

export const takedownResponse = z
  .strictObject({
    results: z.array(takedownResult).meta({ description: "One result per id, in request order." }),
  })
  .meta({ id: "TakedownResponse", title: "Takedown response" });

/** Every response schema by the component name the description gives it. */
export const partnerOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    categories: z.array(z.string()).optional(),
    content: z.enum(["full", "excerpt"]),
    embargoPreview: z.boolean(),
    tier: z.enum(RATE_TIERS),
    expiresAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    keyPrefix: z.string().meta({ description: "The key's first characters, to tell keys apart." }),
    revokedAt: z.string().optional(),
    key: z.string().optional().meta({ description: "The key, in the answer that issued it only." }),
    urlToken: z
      .string()
      .optional()
      .meta({ description: "The URL token, in the answer that issued it only." }),
    opml: z
      .string()
      .optional()
      .meta({ description: "Its OPML list, with its URL token (issued answers only)." }),
  })
  .meta({ id: "Partner" });

export const partnerList = z.object({ items: z.array(partnerOutput) }).meta({ id: "PartnerList" });

const pulls = z.object({ requests: z.number(), notModified: z.number(), last: z.string() });
export const statsOutput = z
  .object({
    since: z.string().optional().meta({ description: "When counting began (the first flush)." }),
    partners: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        revoked: z.boolean(),
        requests: z.number(),
        notModified: z.number(),
        lastPull: z.string().optional(),
        feeds: z
          .record(z.string(), pulls)
          .meta({ description: 'Per canonical feed path; past 50 a key, "other".' }),
      }),
    ),
    subscribers: z
      .record(
        z.string(),
        z.object({
          total: z.number(),
          fetchers: z.record(z.string(), z.object({ count: z.number(), at: z.string() })),
        }),
      )
      .meta({ description: "Per public feed path: what readers' fetchers last reported, summed." }),
    events: z
      .record(z.string(), z.number())
      .meta({ description: "Counted events, such as abandoned hub notifications." }),
  })
  .meta({ id: "Stats" });

export const RESPONSE_SCHEMAS = {
  Partner: partnerOutput,
  PartnerList: partnerList,
  Stats: statsOutput,
  Article: articleOutput,
  ArticleList: articleList,
  ChangeList: changeList,
  BatchResponse: batchResponse,
  TakedownResponse: takedownResponse,
  Problem: problemOutput,
} as const;
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
