// The articles API's public reads, declared with what they answer: the listing (the feeds' filters
// and paging, read live, with validators) and one article. Parse, call, shape.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { isVisible } from "../articles/article.ts";
import { URL_TOKEN_PARAM } from "../articles/audience.ts";
import { LIST_PARAMETERS, parseListQuery, STATUS_PARAMETER } from "../articles/query.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import * as clock from "../clock.ts";
import {
  API_FORMATS,
  type ApiFormat,
  apiArticle,
  apiListing,
  forAudience,
  listing,
  NINJS_TYPE,
  nextLink,
  ninjsContext,
  renderNinjs,
  restrictQuery,
  serve,
  shapeFor,
  takeFormat,
  visibleTo,
} from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { carriesNewsroomToken, newsroomAuthWhen } from "../http/auth.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { invalidQuery, ProblemError } from "../http/problem.ts";
import { articles, goneNotice, isTombstone } from "../store/index.ts";
import { headers, ID, notModified, partnerReads, problem, problems } from "./describe.ts";
import { articleList, articleOutput } from "./schemas.ts";

export const articlesApi = new OpenAPIHono<AppEnv>();

const FORMAT = z.object({
  format: z.enum(API_FORMATS).optional().meta({
    description: "`json` (default): the article as stored; `ninjs`: IPTC ninjs 2.1.",
  }),
});

/** `?format=json|ninjs` (and a partner's URL token); anything else is a 400 naming it. */
function articleFormat(params: URLSearchParams): ApiFormat {
  const errors = [...params.keys()]
    .filter((k) => k !== "format" && k !== URL_TOKEN_PARAM)
    .map((path) => ({ path, message: "unknown parameter; this URL takes only format" }));
  const format = params.get("format") ?? "json";
  if (!(API_FORMATS as readonly string[]).includes(format))
    errors.push({ path: "format", message: "must be json or ninjs" });
  if (errors.length > 0) throw invalidQuery(errors);
  return format as ApiFormat;
}

/** The listing to a partner: its own, read live, narrowed to its categories. */
const listPartner = partnerReads({ categories: true, own: true, cached: true, newsroom: true });
/** One article to a partner: outside its categories it is a 404, as an embargoed one is. */
const onePartner = partnerReads({ categories: false, own: true, cached: false, newsroom: true });

const list = createRoute({
  method: "get",
  path: "/",
  operationId: "listArticles",
  tags: ["Articles"],
  summary: "List articles",
  description:
    "Newest first, with the feeds' filters and paging. Cached like the feeds (fresh for 30 s, expired by writes in this location), with validators; a request with a newsroom token reads live, so a script sees its own writes. With `status=scheduled` and a newsroom token: embargoed articles, soonest first, never cached. With `format=ninjs`, each item as IPTC ninjs 2.1. With a partner key or URL token: what its entitlements allow (`Cache-Control: private`, read live).",
  // Public; a newsroom token only for `status=scheduled`; a partner's key or URL token.
  security: listPartner.security,
  middleware: [
    newsroomAuthWhen(
      (c) => c.req.query("status") !== undefined,
      "status=scheduled lists embargoed articles, which only the newsroom may see.",
    ),
  ],
  request: {
    query: listPartner.query(LIST_PARAMETERS.extend({ status: STATUS_PARAMETER, ...FORMAT.shape })),
  },
  responses: {
    200: listPartner.ok({
      description: "A page of articles.",
      headers: headers("ETag", "Last-Modified", "Cache-Control", "Link"),
      content: { "application/json": { schema: articleList } },
    }),
    304: notModified,
    ...problems(400, 503),
    ...listPartner.responses,
  },
});

articlesApi.openapi(list, async (c) => {
  const url = new URL(c.req.url);
  const access = c.get("partner");
  const params = new URLSearchParams(url.searchParams);
  params.delete(URL_TOKEN_PARAM);
  const format = takeFormat(params);
  const parsed = parseListQuery(params, undefined, true);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  const site = c.get("site");
  // The public JSON listing is served from the cached copy; a script holding a newsroom token, a
  // partner (its own entitlements) and ninjs read live.
  if (!parsed.query.scheduled && !access && format === "json" && !(await carriesNewsroomToken(c)))
    return serve(c, apiListing, apiListing.target(params));
  const query = access ? restrictQuery(parsed.query, access.partner) : parsed.query;
  // The next link keeps a partner's URL token, so paging works for readers that cannot send headers.
  const store = forAudience(articles(c.env), site, access);
  const ninjs = format === "ninjs" ? ninjsContext(site, access) : undefined;
  const page = await listing(store, site, url.pathname, url.searchParams, query, ninjs);
  return conditionalResponse(c.req.raw, {
    body: page.body,
    contentType: "application/json; charset=utf-8",
    ...(page.lastModified ? { lastModified: new Date(page.lastModified) } : {}),
    maxAge: 0,
    headers: {
      ...(page.nextUrl ? { link: nextLink(page.nextUrl) } : {}),
      // What is under embargo must stay in the newsroom: no shared cache may keep it.
      ...(parsed.query.scheduled ? { "cache-control": "private, no-store" } : {}),
      // A partner's listing is that partner's alone.
      ...(access ? { "cache-control": "private, max-age=0" } : {}),
    },
  });
});

const one = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getArticle",
  tags: ["Articles"],
  summary: "One article",
  description:
    "Public. With a newsroom token (then checked: a wrong one is a 401) the answer also carries the partners' `ednote`. With `?format=ninjs`, an IPTC ninjs 2.1 object. With a partner key: as its entitlements allow, with the `ednote` (`Cache-Control: private`).",
  security: onePartner.security,
  middleware: [
    newsroomAuthWhen(
      // A partner key (recognised by src/partners/access.ts) is not a newsroom token.
      (c) => c.req.header("authorization") !== undefined && c.get("partner") === undefined,
      "A token here shows the article's ednote; send a valid one, or none.",
    ),
  ],
  request: { params: ID, query: onePartner.query(FORMAT) },
  responses: {
    200: onePartner.ok({
      description: "The article.",
      content: { "application/json": { schema: articleOutput } },
    }),
    400: problem(400, "A parameter other than `format`, or a format other than `json` or `ninjs`."),
    ...onePartner.responses,
    404: problem(
      404,
      "No such article, or one under embargo; to a partner, also one outside its categories or past its `expires` (an embargo-preview key sees embargoed ones).",
    ),
    410: problem(410),
    503: problem(503),
  },
});

articlesApi.openapi(one, async (c) => {
  const id = c.req.param("id") ?? "";
  const format = articleFormat(new URL(c.req.url).searchParams);
  const record = ID_PATTERN.test(id) ? await articles(c.env).get(id) : undefined;
  const gone = record && isTombstone(record) ? goneNotice(record, clock.now()) : undefined;
  if (gone?.status === 410) throw new ProblemError({ status: 410, detail: gone.detail });
  const access = c.get("partner");
  const now = clock.now();
  const site = c.get("site");
  // Embargoed articles (and those taken down before anyone saw them) do not exist for the public;
  // for a partner, nor do articles outside its categories or past their `expires` (unless it
  // previews embargoes).
  const shaped = record && !isTombstone(record) ? shapeFor(record, site, access, now) : undefined;
  if (!shaped || (access ? !visibleTo(shaped, access, now) : !isVisible(shaped, now)))
    throw new ProblemError({ status: 404, detail: `No article has the id "${id}".` });
  const headers = access ? { "cache-control": "private, max-age=0" } : undefined;
  // The ednote is for partners and the newsroom, never the public.
  const audience = access || c.get("scopes") ? "newsroom" : "public";
  if (format === "ninjs") {
    const n = renderNinjs(
      audience === "public" ? { ...shaped, ednote: undefined } : shaped,
      ninjsContext(site, access),
    );
    // The description's 200 is the stored shape; ninjs is the same status in another vocabulary.
    return new Response(JSON.stringify(n), { headers: { "content-type": NINJS_TYPE, ...headers } }) as never;
  }
  return c.json(apiArticle(shaped, site.url, audience), 200, headers);
});
