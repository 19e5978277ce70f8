// Bulk takedown: up to BULK_TAKEDOWN_MAX ids a call with a `takedown` token, one result per id in
// order, each what a single DELETE of it would have answered. What thousands of embargoes or a
// leaked token's output need to be cleaned up in tens of calls rather than thousands.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { formatPath } from "../articles/problems.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { problemBody, storageUnavailable } from "../http/problem.ts";
import { BULK_TAKEDOWN_MAX } from "../limits.ts";
import { type Articles, articles, type Site, StorageUnavailable } from "../store/index.ts";
import { problem } from "./describe.ts";
import { body, needs } from "./newsroom.ts";
import { takedownResponse, type takedownResult } from "./schemas.ts";
import { invalid, siteOf } from "./writes.ts";

/** 100 ids of at most 100 characters, as JSON, with room to spare. */
const BODY_MAX_BYTES = 64 * 1024;
/** Writers asked at once: each takedown is its own Durable Object, so they run side by side. */
const CONCURRENCY = 8;

export const TAKEDOWN_REQUEST = z
  .strictObject({
    ids: z
      .array(z.string().meta({ pattern: ID_PATTERN.source }))
      .min(1)
      .max(BULK_TAKEDOWN_MAX)
      .meta({ description: `1-${BULK_TAKEDOWN_MAX} article ids; a repeated id is taken down once.` }),
  })
  .meta({ description: "The articles to take down." });

export const takedownsApi = new OpenAPIHono<AppEnv>();
takedownsApi.openAPIRegistry.register("TakedownRequest", TAKEDOWN_REQUEST);

const takedown = needs("takedown");
const request = body(
  'A JSON object {"ids": [...]}',
  { $ref: "#/components/schemas/TakedownRequest" },
  BODY_MAX_BYTES,
);

const route = createRoute({
  method: "post",
  path: "/takedown",
  operationId: "takeDownArticles",
  tags: ["Newsroom"],
  summary: `Take down up to ${BULK_TAKEDOWN_MAX} articles`,
  description:
    'Each id is taken down as by `DELETE /api/articles/{id}` (embargoed ones too); one result per id, in order. With `?dry_run=true`, the results the call would have, and nothing taken down. 422 when the body is not `{"ids": [...]}` with 1-100 strings.',
  security: takedown.security,
  middleware: [...takedown.middleware, request.limit],
  request: request.request,
  responses: {
    200: {
      description: "One result per id.",
      content: { "application/json": { schema: takedownResponse } },
    },
    ...takedown.refusals,
    ...request.refusals,
    422: problem(422),
  },
});

type Result = Omit<z.output<typeof takedownResult>, "index" | "id">;

/** The ids of a request, or a 422 listing what is wrong with it. */
function idsOf(raw: unknown): string[] {
  const parsed = TAKEDOWN_REQUEST.safeParse(raw);
  if (parsed.success) return parsed.data.ids;
  throw invalid(
    parsed.error.issues.map((i) => ({
      path: formatPath(i.path),
      message:
        i.code === "too_big"
          ? `must hold at most ${BULK_TAKEDOWN_MAX} ids`
          : i.code === "unrecognized_keys"
            ? `unknown field ${i.keys.map((k) => `"${k.slice(0, 100)}"`).join(", ")}: send {"ids": [...]}`
            : i.message,
    })),
  );
}

async function takeOne(store: Articles, id: string, site: Site, dry: boolean): Promise<Result> {
  const missing: Result = {
    status: 404,
    result: "not-found",
    problem: problemBody({ status: 404, detail: `No article has the id "${id}".` }),
  };
  if (!ID_PATTERN.test(id)) return missing;
  try {
    const outcome = await store.takeDown(id, site, dry);
    if (outcome.kind === "taken-down") return { status: 204, result: "taken-down" };
    if (outcome.kind === "gone") return { status: 204, result: "already-taken-down" };
    return missing;
  } catch (err) {
    if (!(err instanceof StorageUnavailable)) throw err;
    return { status: 503, result: "failed", problem: problemBody(storageUnavailable(err.detail).problem) };
  }
}

takedownsApi.openapi(route, async (c) => {
  const ids = idsOf(await readJson(c, BODY_MAX_BYTES));
  const store = articles(c.env);
  const site = siteOf(c.get("site"));
  const dry = c.get("dryRun") ?? false;
  const unique = [...new Set(ids)];
  const done = new Map<string, Result>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < unique.length; i = next++) {
      const id = unique[i] as string;
      done.set(id, await takeOne(store, id, site, dry));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return c.json({ results: ids.map((id, index) => ({ index, id, ...(done.get(id) as Result) })) }, 200);
});
