// The newsroom's writes to the articles API (create, create-or-replace, take down, batch), each
// declared with its token scope, body limit and every answer. `validateArticle` is the one validator
// of article bodies; the described body schema (ArticleInput) is never run in front of it.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { fieldProblems, ID_PATTERN, LIMITS } from "../articles/schema.ts";
import type { AppEnv, Scope } from "../env.ts";
import { newsroomAuth, requireScope } from "../http/auth.ts";
import { ARTICLE_MAX_BYTES, BATCH_MAX, BATCH_MAX_BYTES, limitBody, readJson } from "../http/body.ts";
import { dryRun } from "../http/dry-run.ts";
import { invalidQuery, ProblemError } from "../http/problem.ts";
import { CHANGES_REPLAY_DAYS } from "../limits.ts";
import { articles } from "../store/index.ts";
import { DRY_RUN, describedOnly, headers, ID, problem, problems } from "./describe.ts";
import { articleOutput, batchResponse } from "./schemas.ts";
import {
  ARTICLE_BATCH,
  ARTICLE_INPUT,
  BODY_SCHEMAS,
  invalid,
  saveBatch,
  siteOf,
  validate,
  written,
} from "./writes.ts";

export const newsroomApi = new OpenAPIHono<AppEnv>();

for (const [name, schema] of Object.entries(BODY_SCHEMAS)) newsroomApi.openAPIRegistry.register(name, schema);
newsroomApi.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  description:
    "A token from the `PUBLISH_TOKENS` secret: `token`, `name:token` or `name:token:publish+takedown+admin` (the name is recorded as `publisher`; without scopes a token may publish and take down).",
});

/** A write: a token with `scope`, `?dry_run`, and the refusals that come with them. */
export function needs(scope: Scope) {
  return {
    security: [{ bearer: [] }],
    middleware: [newsroomAuth(), requireScope(scope), dryRun()],
    refusals: {
      ...problems(401, 429),
      403: problem(403, `The token lacks the \`${scope}\` scope (\`scope\` names it).`),
    },
  };
}

/** A JSON body of at most `maxBytes`, described by `schema`, and the refusals of reading it. */
export function body(what: string, schema: { $ref: string }, maxBytes: number) {
  return {
    limit: limitBody(maxBytes, what),
    request: {
      query: DRY_RUN,
      body: {
        required: true,
        description: `${what}, at most ${maxBytes / (1024 * 1024)} MB (${maxBytes.toLocaleString("en")} bytes).`,
        content: { "application/json": { schema } },
      },
    },
    refusals: problems(400, 413, 415),
  };
}

const stored = (description: string, ...names: Parameters<typeof headers>) => ({
  description,
  headers: headers(...names, "Edgewire-Dry-Run"),
  content: { "application/json": { schema: articleOutput } },
});

const publish = needs("publish");
const oneArticle = body("An article", ARTICLE_INPUT, ARTICLE_MAX_BYTES);

const create = createRoute({
  method: "post",
  path: "/",
  operationId: "createArticle",
  tags: ["Newsroom"],
  summary: "Publish an article",
  description:
    "Creates the article. The same article sent again, even concurrently, is a no-op answered 200 with the same article; a different article whose id is taken gets 409.",
  security: publish.security,
  middleware: [...publish.middleware, oneArticle.limit],
  request: oneArticle.request,
  responses: {
    201: stored("Created: the stored article.", "Location", "Edgewire-Result", "Edgewire-Notes"),
    200: stored(
      "Already stored exactly so (a safe retry): the stored article.",
      "Edgewire-Result",
      "Edgewire-Notes",
    ),
    ...publish.refusals,
    ...oneArticle.refusals,
    ...problems(409, 422, 503),
  },
});

newsroomApi.openapi(create, async (c) => {
  const site = c.get("site");
  const v = await validate(await readJson(c, ARTICLE_MAX_BYTES), site.language, site.url);
  if (!v.ok) throw invalid(v.errors);
  const dry = c.get("dryRun");
  const outcome = await articles(c.env).save(v.draft, "create", siteOf(site), c.get("publisher"), dry);
  return written(c, outcome, v.notes);
});

const batch = body("A JSON array of articles", ARTICLE_BATCH, BATCH_MAX_BYTES);
const createMany = createRoute({
  method: "post",
  path: "/batch",
  operationId: "createArticles",
  tags: ["Newsroom"],
  summary: `Publish up to ${BATCH_MAX} articles`,
  description: `Each article is validated and created as by \`POST /api/articles\`; one result per article, in order, each with its status and the article or its problem. 422 when the body is not an array of 1-${BATCH_MAX}.`,
  security: publish.security,
  middleware: [...publish.middleware, batch.limit],
  request: batch.request,
  responses: {
    200: {
      description: "One result per article.",
      headers: headers("Edgewire-Dry-Run"),
      content: { "application/json": { schema: batchResponse } },
    },
    ...publish.refusals,
    ...batch.refusals,
    422: problem(422),
  },
});

newsroomApi.openapi(createMany, async (c) =>
  c.json(await saveBatch(c, await readJson(c, BATCH_MAX_BYTES)), 200),
);

const RESTORE = describedOnly(
  z.object({
    restore: z.enum(["true", "false"]).meta({
      description:
        "`true`: publish again under an id that was taken down (needs the `takedown` scope too); without it such a write answers 410.",
    }),
  }),
);

const replace = createRoute({
  method: "put",
  path: "/{id}",
  operationId: "putArticle",
  tags: ["Newsroom"],
  summary: "Create or replace an article",
  description:
    "Idempotent. The id is the one in the path: an `id` in the body must equal it. `createdAt` and (unless given) `publishedAt` are kept; `updatedAt` moves only when the content really changes. A taken-down id answers 410 unless `?restore=true`.",
  security: publish.security,
  middleware: [...publish.middleware, oneArticle.limit],
  request: { params: ID, ...oneArticle.request, query: DRY_RUN.extend(RESTORE.shape) },
  responses: {
    200: stored("Replaced, or unchanged: the stored article.", "Edgewire-Result", "Edgewire-Notes"),
    201: stored("Created: the stored article.", "Location", "Edgewire-Result", "Edgewire-Notes"),
    ...publish.refusals,
    ...oneArticle.refusals,
    ...problems(410, 422, 503),
  },
});

/** `?restore=`: once, "true" or "false"; `true` needs the takedown scope as well. */
async function restoring(c: Context<AppEnv>): Promise<boolean> {
  const values = c.req.queries("restore") ?? [];
  if (values.length > 1 || (values[0] !== undefined && values[0] !== "true" && values[0] !== "false"))
    throw invalidQuery([{ path: "restore", message: 'must be given once, as "true" or "false"' }]);
  if (values[0] !== "true") return false;
  await requireScope("takedown")(c, async () => undefined);
  return true;
}

newsroomApi.openapi(replace, async (c) => {
  const id = c.req.param("id");
  const site = c.get("site");
  const raw = await readJson(c, ARTICLE_MAX_BYTES);
  if (!ID_PATTERN.test(id))
    throw invalid([{ path: "id", message: `the id in the URL must match ${ID_PATTERN.source}` }]);
  const given = raw && typeof raw === "object" && !Array.isArray(raw) ? Object.entries(raw) : undefined;
  const bodyId = given?.find(([k]) => k === "id")?.[1];
  if (bodyId !== undefined && bodyId !== null && bodyId !== id)
    throw invalid([
      { path: "id", message: `must equal the id in the URL ("${id}") or be left out: an id never changes` },
    ]);
  const mode = (await restoring(c)) ? "restore" : "replace";
  const v = await validate(given ? { ...Object.fromEntries(given), id } : raw, site.language, site.url);
  if (!v.ok) throw invalid(v.errors);
  const dry = c.get("dryRun");
  const outcome = await articles(c.env).save(v.draft, mode, siteOf(site), c.get("publisher"), dry);
  return written(c, outcome, v.notes);
});

const takedown = needs("takedown");
const REASON = describedOnly(
  z.object({
    reason: z.string().meta({
      description: `Why, in plain text (one line, at most ${LIMITS.correction} characters): the 410 page and the withdrawal event carry it for ${CHANGES_REPLAY_DAYS} days.`,
    }),
  }),
);

/** `?reason=`: at most once, one line of plain text within the correction note's limit. */
function takedownReason(values: string[] | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  const problems = values.length > 1 ? ["may be given only once"] : fieldProblems("correction", values[0]);
  if (problems.length > 0) throw invalidQuery(problems.map((message) => ({ path: "reason", message })));
  const reason = values[0]?.trim();
  return reason ? reason : undefined;
}
const takeDown = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "takeDownArticle",
  tags: ["Newsroom"],
  summary: "Take an article down",
  description: `The article leaves every listing and feed; its page and \`GET\` answer 410 from then on (with the reason for ${CHANGES_REPLAY_DAYS} days), Atom feeds carry an RFC 6721 tombstone and the changes feed a withdrawal for as long. An article no reader ever saw (embargoed) leaves no public trace: 404, no tombstone, no event. The id stays blocked: a later POST or PUT answers 410 unless it restores (\`PUT …?restore=true\`).`,
  security: takedown.security,
  middleware: takedown.middleware,
  request: { params: ID, query: DRY_RUN.extend(REASON.shape) },
  responses: {
    204: { description: "Taken down.", headers: headers("Edgewire-Result", "Edgewire-Dry-Run") },
    ...takedown.refusals,
    ...problems(400, 404, 503),
  },
});

newsroomApi.openapi(takeDown, async (c) => {
  const id = c.req.param("id");
  const reason = takedownReason(c.req.queries("reason"));
  const outcome = ID_PATTERN.test(id)
    ? await articles(c.env).takeDown(id, siteOf(c.get("site")), c.get("dryRun"), reason)
    : ({ kind: "not-found" } as const);
  if (outcome.kind === "not-found")
    throw new ProblemError({ status: 404, detail: `No article has the id "${id}".` });
  return c.body(null, 204, { "edgewire-result": "taken-down" });
});
