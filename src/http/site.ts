// Configuration once per request: the site (title, URL, hub, cache lifetime) from the Worker's vars,
// resolved here and handed to every route and builder through the context.
import type { MiddlewareHandler } from "hono";
import { siteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";

export const withSite = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set("site", siteConfig(c.env, c.req.url));
  await next();
};
