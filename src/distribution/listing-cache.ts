// The JSON listing as a cached representation: partners poll it like a feed, so it is served from
// the same copies (isolate memory, the Cache API), with validators, and expired by the writes that
// change it. Newsroom scripts bypass it (routes/articles.ts): a token holder reads its own write.
import { type ListQuery, parseListQuery, withoutTracking } from "../articles/query.ts";
import { invalidQuery } from "../http/problem.ts";
import { paths } from "../urls.ts";
import { repKey } from "./key.ts";
import { listingOf, nextLink } from "./listing.ts";
import { type Representation, slugsOf, type Target } from "./types.ts";

/** The target of a public listing request (`status=scheduled` is never cached: it is refused here). */
function listingTarget(raw: URLSearchParams): Target {
  const params = withoutTracking(raw);
  const parsed = parseListQuery(params);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  return { key: repKey(paths.apiArticles(), params), query: parsed.query };
}

export const apiListing: Representation = {
  name: "listing",
  contentType: "application/json; charset=utf-8",
  description: "The JSON listing (served and described by routes/articles.ts).",
  // Served by the articles API's own route, which decides who bypasses the cache.
  routes: [],
  target: listingTarget,
  async build(ctx, t) {
    const query = t.query as ListQuery;
    const page = await ctx.list(query);
    const { nextUrl, ...built } = await listingOf(
      ctx.site,
      t.key.path,
      new URLSearchParams(t.key.params),
      query,
      page,
      ctx.scope,
    );
    return { ...built, ...(nextUrl ? { link: nextLink(nextUrl) } : {}), ids: page.items.map((a) => a.id) };
  },
  // The unfiltered listing is expired by every write, and the listing of each category the article
  // was or is in (what a partner polls, as it polls category feeds); other filtered ones revalidate
  // against the site's last change once their freshness is spent, as feed variants do.
  touched: (c) => [
    { key: repKey(paths.apiArticles()) },
    ...slugsOf(c).map((slug) => listingTarget(new URLSearchParams({ category: slug }))),
  ],
  // Built by its next reader: building it ahead would cost every publish one more KV list.
  prebuild: false,
  revalidate: "site",
  hub: false,
  // Shared caches downstream keep nothing (as before): the freshness bound is ours alone.
  maxAge: () => 0,
};
