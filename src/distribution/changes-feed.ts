// `/changes.atom`: the changes feed as a representation like the feeds (cached, revalidated against
// the site's last change, announced to the WebSub hub on every write), newest first, with the feeds'
// filters. The complete, replayable stream with a cursor is `/api/changes` (routes/changes.ts).
import { LIST_PARAMETERS, type ListQuery, parseListQuery, withoutTracking } from "../articles/query.ts";
import { renderChangesAtom } from "../feeds/changes-atom.ts";
import { channelFor, FEED_FORMATS, feedTitle, linkHeader } from "../feeds/formats.ts";
import { invalidQuery } from "../http/problem.ts";
import { absolute, paths } from "../urls.ts";
import { latestStream } from "./change-stream.ts";
import { announced, filterTitle } from "./feed-channel.ts";
import { repKey } from "./key.ts";
import type { Representation, Target } from "./types.ts";

const CHANGES_FEED_PARAMETERS = LIST_PARAMETERS.omit({ cursor: true });

function target(raw: URLSearchParams): Target {
  const params = withoutTracking(raw);
  if (params.has("cursor"))
    throw invalidQuery([
      { path: "cursor", message: "this feed shows the newest changes only; page through /api/changes" },
    ]);
  const parsed = parseListQuery(params);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  return { key: repKey(paths.changesFeed(), params), query: parsed.query };
}

export const changesFeed: Representation = {
  name: "changes.atom",
  contentType: FEED_FORMATS.atom.type,
  description:
    "Every create, update and withdrawal, newest first (`limit` of them, 20 by default), one Atom entry per event, with the feeds' filters: an update that moves an article out of a filtered stream is a withdrawal there. Announced to the WebSub hub on every change. To replay, page through `/api/changes`.",
  routes: [
    {
      path: paths.changesFeed(),
      id: "changesFeed",
      summary: "Every change as Atom 1.0",
      query: CHANGES_FEED_PARAMETERS,
    },
  ],
  target,
  async build(ctx, t) {
    const query = t.query as ListQuery;
    // A partner's copy is its own stream (embargo preview, expiries), as /api/changes gives it.
    const entries = await latestStream(ctx.articles, query.filter, query.limit, ctx.viewer);
    const filter = await filterTitle(ctx, new URLSearchParams(t.key.params));
    // Never "now" and never 1970: the newest change shown, else the site's last change.
    const newest = entries[0]?.event.at ?? (await ctx.scope()).changedAt ?? 0;
    const updated = new Date(newest).toISOString();
    const channel = {
      ...channelFor({
        site: announced(ctx.site, t),
        selfUrl: absolute(ctx.site.url, t.key.path, new URLSearchParams(t.key.params)),
        updated,
      }),
      title: feedTitle(ctx.site, ["changes", filter].filter(Boolean).join(", ")),
      description: `Every create, update and withdrawal${filter ? ` of ${filter}` : ""} at ${ctx.site.title}`,
    };
    return { body: renderChangesAtom(entries, channel), lastModified: updated, link: linkHeader(channel) };
  },
  touched: () => [{ key: repKey(paths.changesFeed()) }],
  // Built by its next reader: building it ahead would cost every write one more Durable Object request.
  prebuild: false,
  revalidate: "site",
  hub: true,
  maxAge: (site) => site.maxAge,
};
