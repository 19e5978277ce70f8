// The articles API: public reads (listing with the feed filters, one article) and the newsroom's
// authenticated writes (create, create-or-replace, take down, batch). Parse, call, shape.
import { Hono } from "hono";
import { isVisible } from "../articles/article.ts";
import type { Problem } from "../articles/problems.ts";
import { parseListQuery } from "../articles/query.ts";
import { ID_PATTERN } from "../articles/schema.ts";
import { type Validated, validateArticle } from "../articles/validate.ts";
import type { SiteConfig } from "../config.ts";
import { apiArticle, listing, weightProblems } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { newsroomAuth, requireScope } from "../http/auth.ts";
import { ARTICLE_MAX_BYTES, BATCH_MAX, BATCH_MAX_BYTES, limitBody, readJson } from "../http/body.ts";
import { conditionalResponse } from "../http/conditional.ts";
import {
  invalidQuery,
  ProblemError,
  type ProblemInit,
  problemBody,
  problemResponse,
  storageUnavailable,
} from "../http/problem.ts";
import { articles, isTombstone, StorageUnavailable, type WriteOutcome } from "../store/index.ts";
import { paths } from "../urls.ts";

/** What the writer needs of the site: where its feeds live, and the hub to tell. */
const siteOf = (s: SiteConfig) => ({ url: s.url, ...(s.hub ? { hub: s.hub } : {}) });
const BATCH_CONCURRENCY = 6;

export const articlesApi = new Hono<AppEnv>();

/** The article's rules, then the cost model's byte limits on what it would weigh once rendered. */
async function validate(raw: unknown, language: string): Promise<Validated> {
  const v = await validateArticle(raw, language);
  if (!v.ok) return v;
  const heavy = weightProblems(v.draft);
  return heavy.length > 0 ? { ok: false, errors: heavy } : v;
}

const invalid = (errors: Problem[]) =>
  new ProblemError({
    status: 422,
    detail: `The article is not valid: ${errors.length} problem${errors.length === 1 ? "" : "s"}, listed in "errors".`,
    errors,
  });

type Described =
  | { status: 200 | 201; result: string; article: ReturnType<typeof apiArticle> }
  | { status: 409 | 422; result: string; problem: ProblemInit };

/** Status, result word and body for one write outcome; problems for conflicts. */
function describe(outcome: WriteOutcome, siteUrl: string): Described {
  switch (outcome.kind) {
    case "created":
      return { status: 201 as const, result: "created", article: apiArticle(outcome.article, siteUrl) };
    case "updated":
    case "unchanged":
      return { status: 200 as const, result: outcome.kind, article: apiArticle(outcome.article, siteUrl) };
    case "conflict": {
      const id = outcome.article.id;
      return {
        status: 409 as const,
        result: "conflict",
        problem: {
          status: 409,
          type: "id-taken",
          detail: `An article with id "${id}" already exists with different content. To replace it, send PUT /api/articles/${id}; to publish a separate article, give it its own "id".`,
          extra: { id, location: paths.apiArticle(id) },
        },
      };
    }
    case "invalid":
      return {
        status: 422 as const,
        result: "invalid",
        problem: {
          status: 422,
          detail: `The article is not valid: ${outcome.errors.length} problem${outcome.errors.length === 1 ? "" : "s"}, listed in "errors".`,
          errors: outcome.errors,
        },
      };
    default:
      throw new Error(`unexpected write outcome ${outcome.kind}`);
  }
}

function writeResponse(outcome: WriteOutcome, siteUrl: string): Response {
  const d = describe(outcome, siteUrl);
  if ("problem" in d) return problemResponse(d.problem);
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "edgewire-result": d.result,
  };
  if (d.status === 201) headers.location = paths.apiArticle(d.article.id);
  return new Response(JSON.stringify(d.article), { status: d.status, headers });
}

/**
 * The listing, always read live (scripts and partners read their own writes here), with validators
 * so that a partner's conditional GET gets a 304 and no body.
 */
/** The listing, always read live, with validators so a partner's conditional GET gets a 304. */
articlesApi.get("/", async (c) => {
  const url = new URL(c.req.url);
  const parsed = parseListQuery(url.searchParams);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  const page = await listing(articles(c.env), c.get("site"), url.pathname, url.searchParams, parsed.query);
  return conditionalResponse(c.req.raw, {
    body: page.body,
    contentType: "application/json; charset=utf-8",
    lastModified: new Date(page.lastModified),
    maxAge: 0,
    ...(page.nextUrl ? { headers: { link: `<${page.nextUrl}>; rel="next"` } } : {}),
  });
});

articlesApi.get("/:id", async (c) => {
  const id = c.req.param("id");
  const record = ID_PATTERN.test(id) ? await articles(c.env).get(id) : undefined;
  if (record && isTombstone(record))
    throw new ProblemError({ status: 410, detail: `The article "${id}" was taken down.` });
  // Embargoed articles do not exist for the public until their time.
  if (!record || !isVisible(record, Date.now()))
    throw new ProblemError({ status: 404, detail: `No article has the id "${id}".` });
  return c.json(apiArticle(record, c.get("site").url));
});

articlesApi.post(
  "/batch",
  newsroomAuth(),
  requireScope("publish"),
  limitBody(BATCH_MAX_BYTES, "A batch"),
  async (c) => {
    const raw = await readJson(c, BATCH_MAX_BYTES);
    if (!Array.isArray(raw)) throw invalid([{ path: "", message: "must be a JSON array of articles" }]);
    if (raw.length === 0 || raw.length > BATCH_MAX)
      throw invalid([{ path: "", message: `must hold 1 to ${BATCH_MAX} articles (got ${raw.length})` }]);
    const site = c.get("site");
    const publisher = c.get("publisher");
    const results: unknown[] = new Array(raw.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < raw.length; i = next++) {
        const v = await validate(raw[i], site.language);
        if (!v.ok) {
          results[i] = {
            index: i,
            status: 422,
            result: "invalid",
            problem: problemBody({ status: 422, detail: "The article is not valid.", errors: v.errors }),
          };
          continue;
        }
        try {
          const d = describe(
            await articles(c.env).save(v.draft, "create", siteOf(site), publisher),
            site.url,
          );
          results[i] =
            "problem" in d
              ? {
                  index: i,
                  status: d.status,
                  result: d.result,
                  id: v.draft.id,
                  problem: problemBody(d.problem),
                }
              : { index: i, status: d.status, result: d.result, id: v.draft.id, article: d.article };
        } catch (err) {
          if (!(err instanceof StorageUnavailable)) throw err;
          const problem = storageUnavailable(err.detail).problem;
          results[i] = {
            index: i,
            status: 503,
            result: "failed",
            id: v.draft.id,
            problem: problemBody(problem),
          };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, raw.length) }, worker));
    return c.json({ results });
  },
);

articlesApi.post(
  "/",
  newsroomAuth(),
  requireScope("publish"),
  limitBody(ARTICLE_MAX_BYTES, "An article"),
  async (c) => {
    const site = c.get("site");
    const v = await validate(await readJson(c, ARTICLE_MAX_BYTES), site.language);
    if (!v.ok) throw invalid(v.errors);
    return writeResponse(
      await articles(c.env).save(v.draft, "create", siteOf(site), c.get("publisher")),
      site.url,
    );
  },
);

articlesApi.put(
  "/:id",
  newsroomAuth(),
  requireScope("publish"),
  limitBody(ARTICLE_MAX_BYTES, "An article"),
  async (c) => {
    const id = c.req.param("id");
    const site = c.get("site");
    const raw = await readJson(c, ARTICLE_MAX_BYTES);
    if (!ID_PATTERN.test(id))
      throw invalid([{ path: "id", message: "the id in the URL must match ^[a-z0-9][a-z0-9-]{0,99}$" }]);
    const body =
      raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    if (body && body.id !== undefined && body.id !== null && body.id !== id)
      throw invalid([
        { path: "id", message: `must equal the id in the URL ("${id}") or be left out: an id never changes` },
      ]);
    const v = await validate(body ? { ...body, id } : raw, site.language);
    if (!v.ok) throw invalid(v.errors);
    return writeResponse(
      await articles(c.env).save(v.draft, "replace", siteOf(site), c.get("publisher")),
      site.url,
    );
  },
);

articlesApi.delete("/:id", newsroomAuth(), requireScope("takedown"), async (c) => {
  const id = c.req.param("id");
  const site = c.get("site");
  const outcome = ID_PATTERN.test(id)
    ? await articles(c.env).takeDown(id, siteOf(site))
    : ({ kind: "not-found" } as const);
  if (outcome.kind === "not-found")
    throw new ProblemError({ status: 404, detail: `No article has the id "${id}".` });
  return c.body(null, 204, { "edgewire-result": "taken-down" });
});
