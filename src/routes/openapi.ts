// The API's description: /openapi.json (OpenAPI 3.1, generated from the zod schemas) and /docs, a
// reference page rendered from the same object by the Worker itself.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { openApiDocument } from "../openapi/document.ts";
import { documentHtml, htmlResponse, htmlSecurity, PAGE_MAX_AGE } from "../pages/http.ts";
import { ReferencePage } from "../pages/reference.tsx";

export const openapi = new Hono<AppEnv>();

openapi.get("/openapi.json", (c) => {
  const site = c.get("site");
  return conditionalResponse(c.req.raw, {
    body: JSON.stringify(openApiDocument(site.url), null, 2),
    contentType: "application/json; charset=utf-8",
    maxAge: PAGE_MAX_AGE,
  });
});

openapi.get("/docs", htmlSecurity, (c) => {
  const site = c.get("site");
  return htmlResponse(c, documentHtml(ReferencePage({ doc: openApiDocument(site.url), site })));
});
