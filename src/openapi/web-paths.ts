// OpenAPI paths of what is not the JSON API: the feeds (src/routes/feeds.ts), the OPML list, the
// HTML pages (src/routes/pages.tsx) and the description itself (src/routes/openapi.ts).
import { DEFAULT_LIMIT } from "../articles/query.ts";
import { hdr, html, htmlOrProblem, listParams, notModified, problem, ref } from "./components.ts";

const FEED_TYPES = {
  xml: ["RSS 2.0", "application/rss+xml"],
  atom: ["Atom 1.0", "application/atom+xml"],
  json: ["JSON Feed 1.1", "application/feed+json"],
} as const;

function feedOperation(format: keyof typeof FEED_TYPES, category: boolean) {
  const [name, type] = FEED_TYPES[format];
  return {
    get: {
      operationId: `${category ? "categoryFeed" : "feed"}${format[0]?.toUpperCase()}${format.slice(1)}`,
      tags: ["Feeds"],
      summary: category ? `One category as ${name}` : `All articles as ${name}`,
      description: `Newest first, ${DEFAULT_LIMIT} items by default. Paged (RFC 5005 \`rel="next"\`${format === "json" ? ", `next_url`" : ""}); conditional GET with \`If-None-Match\` / \`If-Modified-Since\`. CORS open.`,
      parameters: [...(category ? [ref("parameters", "slug")] : []), ...listParams],
      responses: {
        "200": {
          description: `The ${name} feed.`,
          headers: hdr("ETag", "Last-Modified", "Cache-Control", "Link"),
          content: { [type]: { schema: { type: "string" } } },
        },
        "304": notModified,
        "400": problem(400),
      },
    },
  };
}

/** Feeds, the OPML list, the HTML pages and this description. */
export function webPaths() {
  return {
    "/feed.xml": feedOperation("xml", false),
    "/feed.atom": feedOperation("atom", false),
    "/feed.json": feedOperation("json", false),
    "/category/{slug}/feed.xml": feedOperation("xml", true),
    "/category/{slug}/feed.atom": feedOperation("atom", true),
    "/category/{slug}/feed.json": feedOperation("json", true),
    "/feeds.opml": {
      get: {
        operationId: "opml",
        tags: ["Feeds"],
        summary: "Every feed as OPML 2.0",
        responses: {
          "200": {
            description:
              "The OPML list: one folder per format, each with the all-articles feed and every category's.",
            headers: hdr("ETag", "Cache-Control"),
            content: { "text/x-opml": { schema: { type: "string" } } },
          },
          "304": notModified,
        },
      },
    },
    "/": {
      get: {
        operationId: "frontPage",
        tags: ["Pages"],
        summary: "Front page",
        description:
          'The latest articles and every feed, with `<link rel="alternate">` autodiscovery. With `keyword`, the articles with that keyword.',
        parameters: [
          {
            name: "keyword",
            in: "query",
            description: "Show only articles with this keyword.",
            schema: { type: "string" },
          },
          ref("parameters", "cursor"),
        ],
        responses: {
          "200": html("The page.", true),
          "304": notModified,
          "400": html("The keyword or cursor is not valid."),
          "503": problem(503),
        },
      },
    },
    "/category/{slug}": {
      get: {
        operationId: "categoryPage",
        tags: ["Pages"],
        summary: "One category's page",
        parameters: [ref("parameters", "slug"), ref("parameters", "cursor")],
        responses: {
          "200": html("The page.", true),
          "304": notModified,
          "400": html("The cursor is not valid."),
          "404": html("No such category."),
          "503": problem(503),
        },
      },
    },
    "/articles/{id}": {
      get: {
        operationId: "articlePage",
        tags: ["Pages"],
        summary: "One article's page",
        description:
          "The item link of an article that has no `url` of its own. A client whose `Accept` prefers JSON gets 404 and 410 as problem+json.",
        parameters: [ref("parameters", "id")],
        responses: {
          "200": html("The article.", true),
          "304": notModified,
          "404": htmlOrProblem("No such article, or one under embargo."),
          "410": htmlOrProblem("The article was taken down."),
          "503": problem(503),
        },
      },
    },
    "/openapi.json": {
      get: {
        operationId: "openapi",
        tags: ["Description"],
        summary: "This description",
        responses: {
          "200": {
            description: "OpenAPI 3.1.",
            headers: hdr("ETag", "Cache-Control"),
            content: { "application/json": { schema: { type: "object" } } },
          },
          "304": notModified,
        },
      },
    },
    "/docs": {
      get: {
        operationId: "reference",
        tags: ["Description"],
        summary: "Reference page",
        description: "This description as a readable page, served by the Worker itself.",
        responses: { "200": html("The page.", true), "304": notModified },
      },
    },
  };
}
