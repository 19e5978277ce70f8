// Building blocks of the OpenAPI description: references, the problem responses (one per status),
// response headers, the shared query and path parameters, and small helpers for bodies and pages.
import { DEFAULT_LIMIT, MAX_LIMIT } from "../articles/query.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import { PROBLEM_TYPES, type ProblemStatus } from "../http/problem.ts";
import type { JsonSchema } from "./json-schema.ts";

export { BATCH_MAX } from "../http/body.ts";
export const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
export const schemaRef = (name: string) => ref("schemas", name);

const PROBLEM_CONTENT = { "application/problem+json": { schema: schemaRef("Problem") } };
export const PROBLEM_TEXT: Partial<Record<ProblemStatus, string>> = {
  400: "Malformed JSON (with `line` and `column`) or a body that is not UTF-8; on reads, an unknown or malformed query parameter (every one in `errors`).",
  401: "Missing, malformed or wrong bearer token.",
  404: "No such article, or one under embargo.",
  409: "The id is taken by a different article: `detail` says to send `PUT /api/articles/{id}`.",
  410: "The article was taken down.",
  413: "The body is too large (refused from Content-Length, or while streaming).",
  415: "The body is not `application/json`.",
  422: "The article is invalid: every problem with its path in `errors`.",
  503: "Storage did not answer. Nothing was changed; retry after `Retry-After` seconds.",
};

/** `components.responses` names: one problem response per status. */
const problemName = (status: ProblemStatus) => `Problem${status}`;
export const problem = (status: ProblemStatus) => ref("responses", problemName(status));
export const problems = (...statuses: ProblemStatus[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), problem(s)]));

export function problemResponses() {
  const out: Record<string, unknown> = {};
  for (const [status, text] of Object.entries(PROBLEM_TEXT) as [string, string][]) {
    const s = Number(status) as ProblemStatus;
    out[problemName(s)] = {
      description: `${PROBLEM_TYPES[s][1]}. ${text}`,
      ...(s === 401 ? { headers: { "WWW-Authenticate": ref("headers", "WWW-Authenticate") } } : {}),
      ...(s === 503 ? { headers: { "Retry-After": ref("headers", "Retry-After") } } : {}),
      content: PROBLEM_CONTENT,
    };
  }
  return out;
}

/** A response header; `required` where the response always carries it. */
const str = (description: string, extra: JsonSchema = {}, required = true) => ({
  description,
  ...(required ? { required: true } : {}),
  schema: { type: "string", ...extra },
});

export const HEADERS = {
  ETag: str("Strong validator: changes exactly when the bytes change."),
  "Last-Modified": str("Newest change of what the body shows, when it shows any article.", {}, false),
  "Cache-Control": str("How long caches may keep it (`public, max-age=…, stale-while-revalidate=…`)."),
  Link: str('`rel="self"`, and `rel="next"` (RFC 5005) and `rel="hub"` (WebSub) where they apply.'),
  Location: str("Path of the created article, `/api/articles/{id}`."),
  "Edgewire-Result": str("What the write did.", { enum: ["created", "updated", "unchanged", "taken-down"] }),
  "Retry-After": str("Seconds to wait before retrying.", { pattern: "^\\d+$" }),
  "WWW-Authenticate": str('`Bearer realm="edgewire"` and the error, as RFC 6750 says.'),
  "Content-Security-Policy": str("Pages load nothing but their inline stylesheet and article images."),
};

export const listParams = ["category", "keyword", "q", "exclude", "limit", "cursor"].map((n) =>
  ref("parameters", n),
);

export const PARAMETERS = {
  category: {
    name: "category",
    in: "query",
    description: "A category slug or name; repeat for any of several.",
    schema: { type: "array", items: { type: "string", minLength: 1, maxLength: 200 }, maxItems: 10 },
    style: "form",
    explode: true,
  },
  keyword: {
    name: "keyword",
    in: "query",
    description:
      "A keyword, matched ignoring case and accents, whole or as one word of a keyword phrase (`taliban` matches `Russia Taliban Relations`); repeat for all of several.",
    schema: { type: "array", items: { type: "string", minLength: 1, maxLength: 200 }, maxItems: 10 },
    style: "form",
    explode: true,
  },
  q: {
    name: "q",
    in: "query",
    description: "Words that must all appear in the headline, subheadline or keywords.",
    schema: { type: "string", minLength: 1, maxLength: 200 },
  },
  exclude: {
    name: "exclude",
    in: "query",
    description: "A keyword or word that removes an item; repeat for several.",
    schema: { type: "array", items: { type: "string", minLength: 1, maxLength: 200 }, maxItems: 10 },
    style: "form",
    explode: true,
  },
  limit: {
    name: "limit",
    in: "query",
    description: `Items per page, 1-${MAX_LIMIT}.`,
    schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  },
  cursor: {
    name: "cursor",
    in: "query",
    description: "Opaque: take it from a `next` link or `next_url`, with the same filters.",
    schema: { type: "string" },
  },
  id: {
    name: "id",
    in: "path",
    required: true,
    description: "The article's id.",
    schema: { type: "string", pattern: ID_PATTERN.source },
  },
  slug: {
    name: "slug",
    in: "path",
    required: true,
    description: "A category slug, such as `world-news`.",
    schema: { type: "string" },
  },
};

export const json = (name: string) => ({ "application/json": { schema: schemaRef(name) } });
export const hdr = (...names: (keyof typeof HEADERS)[]) =>
  Object.fromEntries(names.map((n) => [n, ref("headers", n)]));
export const BEARER = [{ bearer: [] }];

export function writeBody(what: string, schema: unknown, maxBytes: number) {
  return {
    required: true,
    description: `${what} At most ${maxBytes / (1024 * 1024)} MB (${maxBytes.toLocaleString("en")} bytes).`,
    content: { "application/json": { schema } },
  };
}

const HTML_CONTENT = { "text/html": { schema: { type: "string" } } };
/** An HTML page; a 200 carries validators (304 on a conditional GET). */
export const html = (description: string, validators = false) => ({
  description,
  headers: validators
    ? hdr("Content-Security-Policy", "ETag", "Last-Modified", "Cache-Control")
    : hdr("Content-Security-Policy"),
  content: HTML_CONTENT,
});
/** An HTML page for browsers, problem+json for a client whose Accept prefers JSON. */
export const htmlOrProblem = (description: string) => ({
  ...html(description),
  content: { ...HTML_CONTENT, ...PROBLEM_CONTENT },
});
export const notModified = {
  description: "Not modified: the `If-None-Match` or `If-Modified-Since` validator still holds.",
};
