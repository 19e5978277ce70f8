// One article's page (404 unknown or embargoed, 410 taken down). The listing pages (front page,
// categories) are representations like the feeds: src/routes/representations.ts serves them.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { changedAt, isVisible } from "../articles/article.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import * as clock from "../clock.ts";
import { feedsOf, messageHtml, navOf } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { problemResponse } from "../http/problem.ts";
import { ArticlePage } from "../pages/article.tsx";
import { documentHtml, htmlResponse, htmlSecurity, wantsJson } from "../pages/http.ts";
import { articles, type Category, goneNotice, isTombstone } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { html, htmlOrProblem, ID, notModified, problem } from "./describe.ts";

export const pages = new OpenAPIHono<AppEnv>();

const articlePage = createRoute({
  method: "get",
  path: "/articles/{id}",
  operationId: "articlePage",
  tags: ["Pages"],
  summary: "One article's page",
  description:
    'The item link of an article that has no `url` of its own; `rel="canonical"` names the article\'s `url` when it has one. A client whose `Accept` prefers JSON gets 404 and 410 as problem+json.',
  middleware: [htmlSecurity],
  request: { params: ID },
  responses: {
    200: html("The article.", true),
    304: notModified,
    404: htmlOrProblem("No such article, or one under embargo."),
    410: htmlOrProblem("The article was taken down."),
    503: problem(503),
  },
});

pages.openapi(articlePage, async (c) => {
  const id = c.req.param("id");
  const site = c.get("site");
  // One KV read per article page: no category registry (a list call) just for the navigation.
  const record = ID_PATTERN.test(id) ? await articles(c.env).get(id) : undefined;
  const cats: Category[] =
    record && !isTombstone(record) ? [{ slug: record.categorySlug, name: record.category }] : [];
  const refuse = (status: 404 | 410, heading: string, text: string) =>
    wantsJson(c)
      ? problemResponse({ status, detail: text })
      : htmlResponse(c, messageHtml(site, cats, heading, text), { status });
  const gone = record && isTombstone(record) ? goneNotice(record, clock.now()) : undefined;
  if (gone?.status === 410) return refuse(410, "This article was taken down", gone.detail);
  // Embargoed articles do not exist for the public until their time, as in the API and the feeds.
  if (!record || isTombstone(record) || !isVisible(record, clock.now()))
    return refuse(404, "Article not found", `No article has the id “${id}”.`);
  const html = documentHtml(
    <ArticlePage
      site={site}
      article={record}
      feeds={[
        ...feedsOf(site, `${site.title}: ${record.category}`, record.categorySlug),
        ...feedsOf(site, site.title),
      ]}
      nav={navOf(site, cats, record.categorySlug)}
      canonical={record.url ?? absolute(site.url, paths.article(record.id))}
    />,
  );
  return htmlResponse(c, html, { lastModified: new Date(changedAt(record)) });
});
