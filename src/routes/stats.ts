// What the newsroom can see of its readers, for an `admin` token: per partner key, requests, 304s and
// the last pull of each feed; per public feed, the subscribers readers' fetchers report; and the
// events counted beside them (abandoned hub notifications and write plans). Parse, call, shape.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { flushUsage } from "../partners/usage.ts";
import { partnerDirectory, usageLedger } from "../store/index.ts";
import { problem } from "./describe.ts";
import { needs } from "./newsroom.ts";
import { statsOutput } from "./schemas.ts";

export const statsApi = new OpenAPIHono<AppEnv>();

const admin = needs("admin");

statsApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "stats",
    tags: ["Partners"],
    summary: "Usage: partner pulls, public subscribers, abandoned work",
    description:
      "Counted in each isolate and flushed at most every 30 s, so the last half minute of other isolates may be missing; this isolate's counts are flushed first.",
    security: admin.security,
    middleware: admin.middleware,
    responses: {
      200: {
        description: "The counts so far.",
        content: { "application/json": { schema: statsOutput } },
      },
      ...admin.refusals,
      503: problem(503),
    },
  }),
  async (c) => {
    await flushUsage(c.env);
    const [report, partners] = await Promise.all([
      usageLedger(c.env).report(),
      partnerDirectory(c.env).list(),
    ]);
    return c.json(
      {
        ...(report.since ? { since: report.since } : {}),
        partners: partners.map((p) => {
          const feeds = report.partners[p.id]?.feeds ?? {};
          const all = Object.values(feeds);
          const last = all.reduce<string | undefined>(
            (m, f) => (m === undefined || f.last > m ? f.last : m),
            undefined,
          );
          return {
            id: p.id,
            name: p.name,
            revoked: p.revokedAt !== undefined,
            requests: all.reduce((n, f) => n + f.requests, 0),
            notModified: all.reduce((n, f) => n + f.notModified, 0),
            ...(last ? { lastPull: last } : {}),
            feeds,
          };
        }),
        subscribers: report.subscribers,
        events: report.events,
      },
      200,
      { "cache-control": "no-store" },
    );
  },
);
