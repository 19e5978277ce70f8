// OpenAPI paths of the articles API (src/routes/articles.ts): listing and one article for everyone,
// create, create-or-replace, take down and batch for the newsroom, with every problem they answer.
import { ARTICLE_MAX_BYTES, BATCH_MAX_BYTES } from "../http/body.ts";
import { BEARER, hdr, json, listParams, problems, ref, schemaRef, writeBody } from "./components.ts";

/** The articles API: public reads and the newsroom's authenticated writes. */
export function apiPaths() {
  const listResponse = { description: "A page of articles.", content: json("ArticleList") };
  return {
    "/api/articles": {
      get: {
        operationId: "listArticles",
        tags: ["Articles"],
        summary: "List articles",
        description: "Newest first, with the feeds' filters and paging.",
        parameters: listParams,
        responses: { "200": listResponse, ...problems(400, 503) },
      },
      post: {
        operationId: "createArticle",
        tags: ["Newsroom"],
        summary: "Publish an article",
        description:
          "Creates the article. The same article sent again, even concurrently, is a no-op answered 200 with the same article; a different article whose id is taken gets 409.",
        security: BEARER,
        requestBody: writeBody("The article.", schemaRef("ArticleInput"), ARTICLE_MAX_BYTES),
        responses: {
          "201": {
            description: "Created: the stored article.",
            headers: hdr("Location", "Edgewire-Result"),
            content: json("Article"),
          },
          "200": {
            description: "Already stored exactly so (a safe retry): the stored article.",
            headers: hdr("Edgewire-Result"),
            content: json("Article"),
          },
          ...problems(400, 401, 409, 413, 415, 422, 503),
        },
      },
    },
    "/api/articles/batch": {
      post: {
        operationId: "createArticles",
        tags: ["Newsroom"],
        summary: "Publish up to 100 articles",
        description:
          "Each article is validated and created as by `POST /api/articles`; one result per article, in order, each with its status and the article or its problem. 422 when the body is not an array of 1-100.",
        security: BEARER,
        requestBody: writeBody("A JSON array of articles.", schemaRef("ArticleBatch"), BATCH_MAX_BYTES),
        responses: {
          "200": { description: "One result per article.", content: json("BatchResponse") },
          ...problems(400, 401, 413, 415, 422),
        },
      },
    },
    "/api/articles/{id}": {
      parameters: [ref("parameters", "id")],
      get: {
        operationId: "getArticle",
        tags: ["Articles"],
        summary: "One article",
        responses: {
          "200": { description: "The article.", content: json("Article") },
          ...problems(404, 410, 503),
        },
      },
      put: {
        operationId: "putArticle",
        tags: ["Newsroom"],
        summary: "Create or replace an article",
        description:
          "Idempotent. The id is the one in the path: an `id` in the body must equal it. `createdAt` and (unless given) `publishedAt` are kept; `updatedAt` moves only when the content really changes.",
        security: BEARER,
        requestBody: writeBody("The article.", schemaRef("ArticleInput"), ARTICLE_MAX_BYTES),
        responses: {
          "200": {
            description: "Replaced, or unchanged: the stored article.",
            headers: hdr("Edgewire-Result"),
            content: json("Article"),
          },
          "201": {
            description: "Created: the stored article.",
            headers: hdr("Location", "Edgewire-Result"),
            content: json("Article"),
          },
          ...problems(400, 401, 413, 415, 422, 503),
        },
      },
      delete: {
        operationId: "takeDownArticle",
        tags: ["Newsroom"],
        summary: "Take an article down",
        description: "The article leaves every listing and feed; its page and `GET` answer 410 from then on.",
        security: BEARER,
        responses: {
          "204": { description: "Taken down.", headers: hdr("Edgewire-Result") },
          ...problems(401, 404, 503),
        },
      },
    },
  };
}
