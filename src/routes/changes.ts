// `GET /api/changes`: every create, update and withdrawal in one order, with the feeds' filters and
// an opaque cursor (30 days of replay). Read live from the changes log (a Durable Object, no KV),
// so a poll costs one Durable Object request and no KV operation at all. Parse, call, shape.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { LIST_PARAMETERS } from "../articles/query.ts";
import * as clock from "../clock.ts";
import { API_FORMATS, changesPage, changesReader } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { CHANGES_REPLAY_DAYS } from "../limits.ts";
import { articles } from "../store/index.ts";
import { headers, notModified, partnerReads, problem, problems } from "./describe.ts";
import { changeList } from "./schemas.ts";

export const changesApi = new OpenAPIHono<AppEnv>();

const FORMAT = z.object({
  format: z.enum(API_FORMATS).optional().meta({
    description: "`json` (default): the changes as below; `ninjs`: each change as an IPTC ninjs 2.1 object.",
  }),
});

/** A partner's own stream, read live, narrowed to its categories. */
const partner = partnerReads({ categories: true, own: true, cached: false });

const changes = createRoute({
  method: "get",
  path: "/",
  operationId: "listChanges",
  tags: ["Articles"],
  summary: "Every change, in order",
  description: `Every create, update and withdrawal in one order, oldest first, from the start (without \`cursor\`: first the newest event of every live article, then every change of the last ${CHANGES_REPLAY_DAYS} days) or from the \`cursor\` of a \`next_url\`. The feeds' filters apply; an update that moves an article out of a filtered stream is a withdrawal there. \`next_url\` is always given: poll it. Read live. With a partner key or URL token: the partner's stream (its categories; embargoed articles with embargo preview; an \`expire\` when an article's rights end for partners), \`Cache-Control: private\`, links that keep the URL token. With \`format=ninjs\`: each change as an IPTC ninjs 2.1 object without the body (\`pubstatus\` \`usable\`, \`withheld\` under embargo, \`canceled\` for a withdrawal or an expiry; the whole object at the altid with role \`api\`).`,
  security: partner.security,
  request: { query: partner.query(LIST_PARAMETERS.extend(FORMAT.shape)) },
  responses: {
    200: partner.ok({
      description: "A page of changes.",
      headers: headers("ETag", "Cache-Control", "Link"),
      content: { "application/json": { schema: changeList } },
    }),
    304: notModified,
    ...problems(400, 503),
    ...partner.responses,
    410: problem(
      410,
      `The cursor is older than the ${CHANGES_REPLAY_DAYS} days the feed replays: start again without one.`,
    ),
  },
});

changesApi.openapi(changes, async (c) => {
  const url = new URL(c.req.url);
  const site = c.get("site");
  const access = c.get("partner");
  const reader = changesReader(site, access);
  const page = await changesPage(articles(c.env), site.url, url.searchParams, clock.now(), reader);
  return conditionalResponse(c.req.raw, {
    body: page.body,
    contentType: "application/json; charset=utf-8",
    maxAge: 0,
    headers: {
      link: `<${page.nextUrl}>; rel="next"`,
      // A partner's stream is that partner's alone.
      ...(access ? { "cache-control": "private, max-age=0" } : {}),
    },
  });
});
