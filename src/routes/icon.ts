// The default feed icon and logo, a small PNG the Worker serves itself (no asset binding to
// configure): feeds name it in RSS <image>, Atom icon and logo and JSON Feed icon and favicon unless
// SITE_ICON and SITE_LOGO name the newsroom's own. A small route, not a registry entry: it is the
// same bytes for ever, built from no article, so no write touches it and nothing needs purging.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ICON_PNG_BASE64, ICON_SIZE } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { conditionalResponse, strongEtag } from "../http/conditional.ts";
import { paths } from "../urls.ts";
import { headers, notModified } from "./describe.ts";

export const icon = new OpenAPIHono<AppEnv>();

const BYTES = Uint8Array.from(atob(ICON_PNG_BASE64), (c) => c.charCodeAt(0));
let etag: Promise<string> | undefined;

const route = createRoute({
  method: "get",
  path: paths.icon(),
  operationId: "icon",
  tags: ["Feeds"],
  summary: "Feed icon",
  description: `The default icon and logo of every feed: a ${ICON_SIZE} by ${ICON_SIZE} PNG.`,
  responses: {
    200: {
      description: "The PNG.",
      headers: headers("ETag", "Cache-Control"),
      content: { "image/png": { schema: z.string().meta({ format: "binary" }) } },
    },
    304: notModified,
  },
});

icon.openapi(route, async (c) => {
  etag ??= strongEtag(ICON_PNG_BASE64);
  return conditionalResponse(c.req.raw, {
    body: BYTES,
    etag: await etag,
    contentType: "image/png",
    maxAge: 86_400,
  });
});
