// The articles API's public reads, declared with what they answer: the listing (the feeds' filters
// and paging, read live, with validators) and one article. Parse, call, shape.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { isVisible } from "../articles/article.ts";
import { LIST_PARAMETERS, parseListQuery, STATUS_PARAMETER } from "../articles/query.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import * as clock from "../clock.ts";
import { apiArticle, apiListing, listing, nextLink, serve } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { carriesNewsroomToken, newsroomAuthWhen } from "../http/auth.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { invalidQuery, ProblemError } from "../http/problem.ts";
import { articles, goneNotice, isTombstone } from "../store/index.ts";
import { describedOnly, headers, ID, notModified, problem, problems } from "./describe.ts";
import { articleList, articleOutput } from "./schemas.ts";

export const articlesApi = new OpenAPIHono<AppEnv>();

const list = createRoute({
  method: "get",
  path: "/",
  operationId: "listArticles",
  tags: ["Articles"],
  summary: "List articles",
  description:
    "Newest first, with the feeds' filters and paging. Cached like the feeds (fresh for 30 s, expired by writes in this location), with validators; a request with a newsroom token reads live, so a script sees its own writes. With `status=scheduled` and a newsroom token: embargoed articles, soonest first, never cached.",
  // Public; a token only for `status=scheduled`.
  security: [{}, { bearer: [] }],
  middleware: [
    newsroomAuthWhen(
      (c) => c.req.query("status") !== undefined,
      "status=scheduled lists embargoed articles, which only the newsroom may see.",
    ),
  ],
  request: { query: describedOnly(LIST_PARAMETERS.extend({ status: STATUS_PARAMETER })) },
  responses: {
    200: {
      description: "A page of articles.",
      headers: headers("ETag", "Last-Modified", "Cache-Control", "Link"),
      content: { "application/json": { schema: articleList } },
    },
    304: notModified,
    ...problems(400, 401, 429, 503),
  },
});

articlesApi.openapi(list, async (c) => {
  const url = new URL(c.req.url);
  const parsed = parseListQuery(url.searchParams, undefined, true);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  // Everyone but the newsroom is served the cached copy; a script holding a token reads live.
  if (!parsed.query.scheduled && !(await carriesNewsroomToken(c)))
    return serve(c, apiListing, apiListing.target(url.searchParams));
  const page = await listing(articles(c.env), c.get("site"), url.pathname, url.searchParams, parsed.query);
  return conditionalResponse(c.req.raw, {
    body: page.body,
    contentType: "application/json; charset=utf-8",
    ...(page.lastModified ? { lastModified: new Date(page.lastModified) } : {}),
    maxAge: 0,
    headers: {
      ...(page.nextUrl ? { link: nextLink(page.nextUrl) } : {}),
      // What is under embargo must stay in the newsroom: no shared cache may keep it.
      ...(parsed.query.scheduled ? { "cache-control": "private, no-store" } : {}),
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
    "Public. With a newsroom token (then checked: a wrong one is a 401) the answer also carries the partners' `ednote`.",
  security: [{}, { bearer: [] }],
  middleware: [
    newsroomAuthWhen(
      (c) => c.req.header("authorization") !== undefined,
      "A token here shows the article's ednote; send a valid one, or none.",
    ),
  ],
  request: { params: ID },
  responses: {
    200: { description: "The article.", content: { "application/json": { schema: articleOutput } } },
    401: problem(401),
    404: problem(404),
    410: problem(410),
    503: problem(503),
  },
});

articlesApi.openapi(one, async (c) => {
  const id = c.req.param("id") ?? "";
  const record = ID_PATTERN.test(id) ? await articles(c.env).get(id) : undefined;
  const gone = record && isTombstone(record) ? goneNotice(record, clock.now()) : undefined;
  if (gone?.status === 410) throw new ProblemError({ status: 410, detail: gone.detail });
  // Embargoed articles (and those taken down before anyone saw them) do not exist for the public.
  if (!record || isTombstone(record) || !isVisible(record, clock.now()))
    throw new ProblemError({ status: 404, detail: `No article has the id "${id}".` });
  return c.json(apiArticle(record, c.get("site").url, c.get("scopes") ? "newsroom" : "public"), 200);
});
