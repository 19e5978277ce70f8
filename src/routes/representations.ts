// Everything in the registry of representations, served and described at its routes: the feeds (every
// format, whole-site and per category, with the listing's parameters, RFC 5005 paging and validators),
// the OPML list, the news sitemap and the HTML listing pages. Parse the request, ask distribution.
// Every representation has one URL: another spelling of it answers 301 with that URL.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { URL_TOKEN_PARAM } from "../articles/audience.ts";
import { withoutTracking } from "../articles/query.ts";
import { slugify } from "../articles/text.ts";
import {
  partnerTarget,
  REPRESENTATIONS,
  type Representation,
  type RepresentationRoute,
  serve,
} from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { ProblemError } from "../http/problem.ts";
import { htmlSecurity } from "../pages/http.ts";
import { absolute } from "../urls.ts";
import { headers, html, htmlOrProblem, notModified, partnerReads, problem, SLUG } from "./describe.ts";

export const representations = new OpenAPIHono<AppEnv>();

function answer(rep: Representation, route: RepresentationRoute) {
  return (c: Context<AppEnv>) => {
    const url = new URL(c.req.url);
    const raw = c.req.param("slug");
    // "World News", "WORLD-NEWS" or "World-News" in a hand-typed URL names the category "world-news".
    const slug = raw === undefined ? undefined : slugify(raw);
    if (slug === "")
      throw new ProblemError({ status: 404, detail: "A category name needs a letter or a digit." });
    const canonical = slug === undefined ? route.path : route.path.replace(":slug", encodeURIComponent(slug));
    // One URL per feed, so one feed id, self link, cached copy and ETag: other spellings (and a
    // trailing slash) are moved permanently, to our own site only, with tracking parameters dropped.
    if (url.pathname !== canonical) {
      const location = absolute(c.get("site").url, canonical, withoutTracking(url.searchParams));
      return new Response(null, {
        status: 301,
        headers: { location, "cache-control": "public, max-age=3600" },
      });
    }
    const access = c.get("partner");
    // The URL token says who asks, not what: it names no copy and no parameter of the feed.
    const params = new URLSearchParams(url.searchParams);
    params.delete(URL_TOKEN_PARAM);
    const t = rep.target(params, slug);
    return serve(c, rep, access ? partnerTarget(t, access) : t);
  };
}

/** One route of a representation, as the description shows it: its parameters and every answer. */
function describe(rep: Representation, route: RepresentationRoute) {
  const path = route.path.replace(/:(\w+)/g, "{$1}");
  const mediaType = rep.contentType.split(";")[0] ?? rep.contentType;
  // Every copy here is served to a partner as its own (answer() above, serve.ts), narrowed where the
  // URL or a `category` parameter names a category.
  const partner = partnerReads({
    categories: path.includes("{slug}") || (route.query !== undefined && "category" in route.query.shape),
    own: true,
    cached: true,
  });
  const ok = {
    description: route.summary,
    headers: rep.html
      ? headers("Content-Security-Policy", "ETag", "Last-Modified", "Cache-Control")
      : headers("ETag", "Last-Modified", "Cache-Control", "Link"),
    content: { [mediaType]: { schema: z.string() } },
  };
  return createRoute({
    method: "get",
    path,
    operationId: route.id,
    tags: [rep.html ? "Pages" : "Feeds"],
    summary: route.summary,
    description: rep.description,
    middleware: rep.html ? [htmlSecurity] : [],
    security: partner.security,
    request: {
      ...(path.includes("{slug}") ? { params: SLUG } : {}),
      query: partner.query(route.query),
    },
    responses: {
      200: partner.ok(ok),
      304: notModified,
      400: rep.html
        ? html("A cursor that is not valid.")
        : problem(400, "An unknown or malformed parameter, each in `errors`."),
      ...(path === "/"
        ? {}
        : {
            301: {
              description: path.includes("{slug}")
                ? "Another spelling of the category (`World News`, `WORLD-NEWS`) or a trailing slash: `Location` is the one URL."
                : "A trailing slash: `Location` is the one URL.",
            },
          }),
      ...(route.notFound
        ? { 404: rep.html ? htmlOrProblem(route.notFound) : problem(404, route.notFound) }
        : {}),
      ...partner.responses,
      503: problem(503),
    },
  });
}

for (const rep of REPRESENTATIONS)
  for (const route of rep.routes) representations.openapi(describe(rep, route), answer(rep, route));
