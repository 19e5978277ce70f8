// /robots.txt: every page may be crawled, and the news sitemap is named for search engines
// (robots exclusion protocol, RFC 9309; the Sitemap line is the sitemaps.org extension).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { absolute, paths } from "../urls.ts";

export const robots = new OpenAPIHono<AppEnv>();

const route = createRoute({
  method: "get",
  path: paths.robots(),
  operationId: "robots",
  tags: ["Feeds"],
  summary: "Robots file",
  description: `Allows everything and names the news sitemap (\`${paths.sitemap()}\`).`,
  responses: {
    200: { description: "The robots file (RFC 9309).", content: { "text/plain": { schema: z.string() } } },
  },
});

robots.openapi(route, (c) =>
  c.text(`User-agent: *\nAllow: /\n\nSitemap: ${absolute(c.get("site").url, paths.sitemap())}\n`, 200, {
    "cache-control": "public, max-age=3600",
  }),
);
