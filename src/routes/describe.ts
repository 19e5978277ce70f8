// What routes say about themselves in /openapi.json, declared once here: the problem response of each
// status (problem+json and the headers it carries), validators and 304, HTML pages, path parameters,
// and query parameters described without being validated twice (the route's own parser answers 400);
// what a route answers a partner key or URL token (src/partners/access.ts), once for every such route.
import { z } from "@hono/zod-openapi";
import { URL_TOKEN_PARAM } from "../articles/audience.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import { PROBLEM_TYPES, type ProblemStatus } from "../http/problem.ts";
import { BUILDS_AT_ONCE } from "../limits.ts";
import { problemOutput } from "./schemas.ts";

const header = (description: string) => z.string().meta({ description });

/** Response headers, by the name they are sent under. */
export const HEADERS = {
  ETag: header("Strong validator: changes exactly when the bytes change."),
  "Last-Modified": header("Newest change of what the body shows, when it shows any article.").optional(),
  "Cache-Control": header("How long caches may keep it (`public, max-age=…, stale-while-revalidate=…`)."),
  Link: header(
    '`rel="self"`, and `rel="next"` (RFC 5005) and `rel="hub"` (WebSub) where they apply.',
  ).optional(),
  Location: header("Path of the created article, `/api/articles/{id}`."),
  "Edgewire-Result": z
    .enum(["created", "updated", "unchanged", "taken-down"])
    .meta({ description: "What the write did." }),
  "Edgewire-Dry-Run": z.literal("true").optional().meta({
    description: "Sent on the answer to `?dry_run=true`: this is what the write would do; nothing changed.",
  }),
  "Edgewire-Notes": header(
    'What the sanitiser changed in an HTML body, as an RFC 9651 list of strings, e.g. `"resolved relative URLs against https://news.example.org/a (3 times)", "turned <iframe> into a link to YouTube video"`. Absent when it changed nothing; the stored article never holds these notes.',
  ).optional(),
  "Retry-After": header("Seconds to wait before retrying."),
  "WWW-Authenticate": header('`Bearer realm="edgewire"` and the error, as RFC 6750 says.'),
  "Content-Security-Policy": header("Pages load nothing but their inline stylesheet and article images."),
};
type HeaderName = keyof typeof HEADERS;

export const headers = (...names: HeaderName[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, HEADERS[n]])));

/** What each problem status means, wherever it is answered. */
const PROBLEM_TEXT: Partial<Record<ProblemStatus, string>> = {
  400: "Malformed JSON (with `line` and `column`) or a body that is not UTF-8; on reads, an unknown or malformed query parameter (every one in `errors`).",
  401: "Missing, malformed or wrong bearer token.",
  403: "The token lacks the scope this request needs: `scope` names it.",
  404: "No such article, or one under embargo.",
  409: "The id is taken by a different article: `detail` says to send `PUT /api/articles/{id}`.",
  410: "The article was taken down.",
  413: "The body is too large (refused from Content-Length, or while streaming).",
  415: "The body is not `application/json`.",
  422: "The article is invalid: every problem with its path in `errors`.",
  429: "Too many requests with a wrong token from this address; retry after `Retry-After` seconds.",
  503: "Storage did not answer. Nothing was changed; retry after `Retry-After` seconds.",
};
const PROBLEM_HEADERS: Partial<Record<ProblemStatus, HeaderName>> = {
  401: "WWW-Authenticate",
  429: "Retry-After",
  503: "Retry-After",
};

export const PROBLEM_CONTENT = { "application/problem+json": { schema: problemOutput } };

/** The problem+json response of `status`; `text` says what it means on this route. */
export function problem(status: ProblemStatus, text = PROBLEM_TEXT[status] ?? "") {
  const name = PROBLEM_HEADERS[status];
  return {
    description: `${PROBLEM_TYPES[status][1]}. ${text}`,
    ...(name ? { headers: headers(name) } : {}),
    content: PROBLEM_CONTENT,
  };
}

export const problems = (...statuses: ProblemStatus[]) =>
  Object.fromEntries(statuses.map((s) => [s, problem(s)]));

export const notModified = {
  description: "Not modified: the `If-None-Match` or `If-Modified-Since` validator still holds.",
};

const HTML_CONTENT = { "text/html": { schema: z.string() } };
/** An HTML page; a 200 carries validators (304 on a conditional GET). */
export const html = (description: string, validators = false) => ({
  description,
  headers: validators
    ? headers("Content-Security-Policy", "ETag", "Last-Modified", "Cache-Control")
    : headers("Content-Security-Policy"),
  content: HTML_CONTENT,
});
/** An HTML page for browsers, problem+json for a client whose Accept prefers JSON. */
export const htmlOrProblem = (description: string) => ({
  ...html(description),
  content: { ...HTML_CONTENT, ...PROBLEM_CONTENT },
});

/** The `{id}` of every article URL: any string reaches the handler, which answers 404 for a bad one. */
export const ID = z.object({
  id: z.string().meta({ description: "The article's id.", pattern: ID_PATTERN.source }),
});

/** `?dry_run=true` on a write, described only: src/http/dry-run.ts reads it and answers 400 for a bad one. */
export const DRY_RUN = describedOnly(
  z.object({
    dry_run: z.enum(["true", "false"]).meta({
      description:
        "`true`: validate and repair, decide as the write would, and answer with its status (201, 200, 409, 422, …) and the article that would be stored, with `Edgewire-Dry-Run: true`. Nothing is stored or announced.",
    }),
  }),
);

/** The `{slug}` of a category URL. */
export const SLUG = z.object({
  slug: z
    .string()
    .meta({ description: "A category slug, such as `world-news` (another spelling works too)." }),
});

/**
 * Parameters for the description only: at run time every value passes here untouched, because the
 * route's own parser reads them and answers 400 naming each one (a second validator would answer
 * differently). zod-to-openapi documents the schema inside the preprocess; a null is kept so that
 * it does not document the parameter as nullable (a query string never holds one).
 */
export function describedOnly(params: z.ZodObject) {
  const passed = (v: unknown) => (v === null ? v : undefined);
  return z.object(
    Object.fromEntries(
      Object.entries(params.shape).map(([k, s]) => [k, z.preprocess(passed, z.optional(s))]),
    ),
  );
}

/** The security schemes of partner reads, registered once with the description (routes/openapi.ts). */
export const PARTNER_SCHEMES = {
  partnerKey: {
    type: "http",
    scheme: "bearer",
    description:
      "A partner key (`ewp_…`), for a partner's servers: what the answer holds follows its entitlements (categories, full text or excerpt, embargo preview, rate tier, expiry).",
  },
  partnerUrlToken: {
    type: "apiKey",
    in: "query",
    name: URL_TOKEN_PARAM,
    description:
      "A partner's URL token (`ewt_…`, RFC 6750 §2.3), for readers that cannot send headers: the same entitlements as its key, and it can be rotated alone.",
  },
} as const;

/** How a route reads as a partner, as its code does it. */
export interface PartnerReads {
  /** Narrowed to the partner's categories (distribution/audience.ts): naming only others is a 403. */
  categories: boolean;
  /** The answer is the partner's own copy, `Cache-Control: private`; false: the public answer. */
  own: boolean;
  /** Served from distribution's cached copies (serve.ts), whose cold builds are bounded. */
  cached: boolean;
  /** The route takes a newsroom token too: its 401 and 429 say so first. */
  newsroom?: boolean;
}

const PARTNER_QUERY = describedOnly(
  z.object({
    [URL_TOKEN_PARAM]: z.string().meta({
      description:
        "A partner's URL token (`ewt_…`) instead of `Authorization: Bearer ewp_…`. It names no copy and filters nothing; the links of a partner's own answer (self, `next`, OPML outlines) keep it.",
    }),
  }),
);

/** `Cache-Control` where a partner's answer is its own: kept by no shared cache (its copies too). */
const PARTNER_PRIVATE = {
  always: header(
    "`public, max-age=…, stale-while-revalidate=…`; `private, max-age=…` on a partner's answer.",
  ),
  partnerOnly: header("`private, max-age=0` on a partner's answer; absent on the public one.").optional(),
};

const PARTNER_401 =
  "a partner key or URL token that is not valid: never issued, revoked, rotated (a URL token) or past its `expiresAt`. The answer never repeats what was sent.";
const PARTNER_403 =
  "`/problems/not-entitled`: the partner may not read the category this URL names, nor any of the `category` values asked for (asking for some it may narrows to those).";
const coldBuilds = `; or this copy is not cached and no stale copy may stand in, while ${BUILDS_AT_ONCE} others are being built in this isolate or after too many cache misses from this address`;

/**
 * What a route read by partners declares besides its own answers: the security alternatives (none,
 * a partner key, a URL token), the `access_token` parameter, and the refusals the partner middleware
 * and audience.ts give (401, 403 where a category can be named, 429). `ok` marks a 200 as private to
 * the partner where it is.
 */
export function partnerReads(r: PartnerReads) {
  const wrong = r.newsroom ? "a wrong token, partner key or URL token" : "a wrong partner key or URL token";
  return {
    security: [
      {},
      ...(r.newsroom ? [{ bearer: [] }] : []),
      { partnerKey: [] },
      { partnerUrlToken: [] },
    ] as Record<string, string[]>[],
    /** The route's own query parameters (described only), and the URL token's. */
    query: (own?: z.ZodObject) => (own ? describedOnly(own).extend(PARTNER_QUERY.shape) : PARTNER_QUERY),
    /** The 200 answer, with the partner's `Cache-Control` where the answer is its own. */
    ok: <T extends { description: string; headers?: z.ZodObject }>(response: T): T =>
      r.own
        ? {
            ...response,
            headers: (response.headers ?? z.object({})).extend({
              "Cache-Control": response.headers?.shape["Cache-Control"]
                ? PARTNER_PRIVATE.always
                : PARTNER_PRIVATE.partnerOnly,
            }),
          }
        : response,
    responses: {
      401: problem(401, r.newsroom ? `${PROBLEM_TEXT[401]} Or ${PARTNER_401}` : `A${PARTNER_401.slice(1)}`),
      ...(r.categories ? { 403: problem(403, PARTNER_403) } : {}),
      429: problem(
        429,
        `Too many requests with ${wrong} from this address; or the partner key is past its rate tier${r.cached ? coldBuilds : ""}. Retry after \`Retry-After\` seconds.`,
      ),
    },
  };
}
