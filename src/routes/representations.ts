// Everything in the registry of representations, served at its routes: the feeds (every format,
// whole-site and per category, with the listing's parameters, RFC 5005 paging and validators), the
// OPML list, the news sitemap and the HTML listing pages. Parse the request, ask distribution.
import { type Context, Hono } from "hono";
import { slugify } from "../articles/text.ts";
import { REPRESENTATIONS, type Representation, serve } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { htmlSecurity } from "../pages/http.ts";

export const representations = new Hono<AppEnv>();

function answer(rep: Representation) {
  return (c: Context<AppEnv>) => {
    const url = new URL(c.req.url);
    const raw = c.req.param("slug");
    // "World News" or "World-News" in a hand-typed URL names the same category as "world-news".
    const slug = raw === undefined ? undefined : slugify(raw);
    return serve(c, rep, rep.target(url.searchParams, slug));
  };
}

for (const rep of REPRESENTATIONS)
  for (const route of rep.routes) {
    if (rep.html) representations.get(route, htmlSecurity, answer(rep));
    else representations.get(route, answer(rep));
  }
