// Everything in the registry of representations, served and described at its routes: the feeds (every
// format, whole-site and per category, with the listing's parameters, RFC 5005 paging and validators),
// the OPML list, the news sitemap and the HTML listing pages. Parse the request, ask distribution.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { slugify } from "../articles/text.ts";
import {
  REPRESENTATIONS,
  type Representation,
  type RepresentationRoute,
  serve,
} from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { htmlSecurity } from "../pages/http.ts";
import { describedOnly, headers, html, htmlOrProblem, notModified, problem, SLUG } from "./describe.ts";

export const representations = new OpenAPIHono<AppEnv>();

function answer(rep: Representation) {
  return (c: Context<AppEnv>) => {
    const url = new URL(c.req.url);
    const raw = c.req.param("slug");
    // "World News" or "World-News" in a hand-typed URL names the same category as "world-news".
    const slug = raw === undefined ? undefined : slugify(raw);
    return serve(c, rep, rep.target(url.searchParams, slug));
  };
}

/** One route of a representation, as the description shows it: its parameters and every answer. */
function describe(rep: Representation, route: RepresentationRoute) {
  const path = route.path.replace(/:(\w+)/g, "{$1}");
  const mediaType = rep.contentType.split(";")[0] ?? rep.contentType;
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
    request: {
      ...(path.includes("{slug}") ? { params: SLUG } : {}),
      ...(route.query ? { query: describedOnly(route.query) } : {}),
    },
    responses: {
      200: ok,
      304: notModified,
      400: rep.html
        ? html("A cursor that is not valid.")
        : problem(400, "An unknown or malformed parameter, each in `errors`."),
      ...(route.notFound ? { 404: htmlOrProblem(route.notFound) } : {}),
      503: problem(503),
    },
  });
}

for (const rep of REPRESENTATIONS)
  for (const route of rep.routes) representations.openapi(describe(rep, route), answer(rep));
