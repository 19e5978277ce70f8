// /robots.txt: every page may be crawled, and the news sitemap is named for search engines
// (robots exclusion protocol, RFC 9309; the Sitemap line is the sitemaps.org extension).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { absolute, paths } from "../urls.ts";

export const robots = new Hono<AppEnv>();

robots.get(paths.robots(), (c) =>
  c.text(`User-agent: *\nAllow: /\n\nSitemap: ${absolute(c.get("site").url, paths.sitemap())}\n`, 200, {
    "cache-control": "public, max-age=3600",
  }),
);
