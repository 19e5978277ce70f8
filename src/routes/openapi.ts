// The API's description, generated from the routes themselves: /openapi.json (OpenAPI 3.1, from every
// route's createRoute declaration and zod schemas) and /docs, a reference page the Worker renders
// from the same document. Mounted last, so the document it serves holds every route, itself included.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { documentHtml, htmlResponse, htmlSecurity, PAGE_MAX_AGE } from "../pages/http.ts";
import { type OpenApiDocument, ReferencePage } from "../pages/reference.tsx";
import { paths } from "../urls.ts";
import { headers, html, notModified, PARTNER_SCHEMES } from "./describe.ts";

const ABOUT = {
  openapi: "3.1.1",
  info: {
    title: "Edgewire",
    version: "1.4.0",
    summary: "Articles in, RSS 2.0, Atom 1.0 and JSON Feed 1.1 out.",
    description:
      "Newsroom scripts publish articles over an authenticated JSON API; readers and partner sites take them as feeds or JSON, whole or filtered by category or keyword. Errors are `application/problem+json` (RFC 9457).",
    license: { name: "Proprietary" },
  },
  jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
  tags: [
    { name: "Articles", description: "Public reads, CORS open." },
    {
      name: "Newsroom",
      description: "Writes, with `Authorization: Bearer <token>` of the scope each names.",
    },
    {
      name: "Feeds",
      description:
        "RSS, Atom and JSON Feed, whole or per category, the OPML list of them all, the news sitemap and robots.txt.",
    },
    {
      name: "Partners",
      description:
        "Partner keys and usage, for an `admin`-scoped newsroom token. Partners read every feed, the OPML list, the listing, one article and the changes feeds with their key (`Authorization: Bearer ewp_…`) or URL token (`?access_token=ewt_…`): each such operation lists the `partnerKey` and `partnerUrlToken` security alternatives and what it answers a partner.",
    },
    { name: "Pages", description: "HTML for people." },
    { name: "Description", description: "This description and its reference page." },
  ],
};

const json = createRoute({
  method: "get",
  path: paths.openapi(),
  operationId: "openapi",
  tags: ["Description"],
  summary: "This description",
  responses: {
    200: {
      description: "OpenAPI 3.1.",
      headers: headers("ETag", "Cache-Control"),
      content: { "application/json": { schema: z.looseObject({}) } },
    },
    304: notModified,
  },
});

const reference = createRoute({
  method: "get",
  path: paths.docs(),
  operationId: "reference",
  tags: ["Description"],
  summary: "Reference page",
  description: "This description as a readable page, served by the Worker itself.",
  middleware: [htmlSecurity],
  responses: { 200: html("The page.", true), 304: notModified },
});

/** The description of `app` and its reference page, to mount on `app` after every other route. */
export function description(app: OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  // Generated once per isolate, on first use: by then every route is mounted. The server is per site.
  let generated: OpenApiDocument | undefined;
  const documentFor = (siteUrl: string): OpenApiDocument => {
    generated ??= app.getOpenAPI31Document(ABOUT);
    const { openapi, info, ...rest } = generated;
    return { openapi, info, servers: [{ url: siteUrl }], ...rest };
  };
  const docs = new OpenAPIHono<AppEnv>();
  for (const [name, scheme] of Object.entries(PARTNER_SCHEMES))
    docs.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  docs.openapi(json, (c) =>
    conditionalResponse(c.req.raw, {
      body: JSON.stringify(documentFor(c.get("site").url), null, 2),
      contentType: "application/json; charset=utf-8",
      maxAge: PAGE_MAX_AGE,
    }),
  );
  docs.openapi(reference, (c) => {
    const site = c.get("site");
    return htmlResponse(c, documentHtml(ReferencePage({ doc: documentFor(site.url), site })));
  });
  return docs;
}
