// What the newsroom's writes share: the described request bodies, the 422 of an invalid article, a
// write's outcome as status, `Edgewire-Result` and body (or a problem), and the batch loop.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { articleInputDescription } from "../articles/input-schema.ts";
import type { Problem } from "../articles/problems.ts";
import { type Validated, validateArticle } from "../articles/validate.ts";
import type { SiteConfig } from "../config.ts";
import { apiArticle, weightProblems } from "../distribution/index.ts";
import type { AppEnv } from "../env.ts";
import { BATCH_MAX } from "../http/body.ts";
import { ProblemError, type ProblemInit, problemBody, storageUnavailable } from "../http/problem.ts";
import { articles, StorageUnavailable, type Tombstone, type WriteOutcome } from "../store/index.ts";
import { paths } from "../urls.ts";
import type { batchResult } from "./schemas.ts";

/**
 * The bodies, by reference: a zod schema in a route's request would be run as a second validator in
 * front of `validateArticle` (with other answers), so the routes point at these components instead.
 */
export const ARTICLE_INPUT = { $ref: "#/components/schemas/ArticleInput" };
export const ARTICLE_BATCH = { $ref: "#/components/schemas/ArticleBatch" };
export const BODY_SCHEMAS = {
  ArticleInput: articleInputDescription,
  ArticleBatch: z
    .array(articleInputDescription)
    .min(1)
    .max(BATCH_MAX)
    .meta({ description: `1-${BATCH_MAX} articles; each is validated and stored on its own.` }),
};

/** What the writer needs of the site: where its feeds live, the hub to tell, and the id authority. */
export const siteOf = (s: SiteConfig) => ({
  url: s.url,
  idAuthority: s.idAuthority,
  ...(s.hub ? { hub: s.hub } : {}),
});
const BATCH_CONCURRENCY = 6;

/** The article's rules, then the cost model's byte limits on what it would weigh once rendered. */
export async function validate(raw: unknown, language: string, siteUrl?: string): Promise<Validated> {
  const v = await validateArticle(raw, language, siteUrl);
  if (!v.ok) return v;
  const heavy = weightProblems(v.draft);
  return heavy.length > 0 ? { ok: false, errors: heavy } : v;
}

export const invalid = (errors: Problem[]) =>
  new ProblemError({
    status: 422,
    detail: `The article is not valid: ${errors.length} problem${errors.length === 1 ? "" : "s"}, listed in "errors".`,
    errors,
  });

type Stored = {
  status: 200 | 201;
  result: "created" | "updated" | "unchanged";
  article: ReturnType<typeof apiArticle>;
};

/** Status, result word and body for one write outcome; a conflict is a problem. */
function describe(outcome: WriteOutcome, siteUrl: string): Stored | ProblemInit {
  switch (outcome.kind) {
    case "created":
      return { status: 201, result: "created", article: apiArticle(outcome.article, siteUrl, "newsroom") };
    case "updated":
    case "unchanged":
      return { status: 200, result: outcome.kind, article: apiArticle(outcome.article, siteUrl, "newsroom") };
    case "conflict": {
      const id = outcome.article.id;
      return {
        status: 409,
        type: "id-taken",
        detail: `An article with id "${id}" already exists with different content. To replace it, send PUT /api/articles/${id}; to publish a separate article, give it its own "id".`,
        extra: { id, location: paths.apiArticle(id) },
      };
    }
    case "invalid":
      return {
        status: 422,
        detail: `The article is not valid: ${outcome.errors.length} problem${outcome.errors.length === 1 ? "" : "s"}, listed in "errors".`,
        errors: outcome.errors,
      };
    case "gone":
      return goneProblem(outcome.tombstone);
    default:
      throw new Error(`unexpected write outcome ${outcome.kind}`);
  }
}

/** 410 to a write of a taken-down id: when it was taken down, and how to restore it. */
function goneProblem(t: Tombstone | undefined): ProblemInit {
  const id = t?.id ?? "";
  return {
    status: 410,
    type: "taken-down",
    detail: `The article "${id}" was taken down${t ? ` on ${t.takenDownAt.slice(0, 10)}` : ""}: its id stays blocked, so a re-run script cannot bring it back. To publish it again, send PUT ${paths.apiArticle(id)}?restore=true with a token that has the "takedown" scope.`,
    extra: { id, takenDownAt: t?.takenDownAt, restore: `${paths.apiArticle(id)}?restore=true` },
  };
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/**
 * `Edgewire-Notes`: what the sanitiser changed in the body, as an RFC 9651 list of strings (notes
 * are ASCII, src/articles/sanitize-notes.ts); absent when it changed nothing.
 */
export function notesHeader(notes: readonly string[]): Record<string, string> {
  if (notes.length === 0) return {};
  return { "edgewire-notes": notes.map((n) => `"${n.replace(/[\\"]/g, "\\$&")}"`).join(", ") };
}

/** The stored article with its status and `Edgewire-Result` (and `Location` when created). */
export function written(c: Context<AppEnv>, outcome: WriteOutcome, notes: readonly string[] = []) {
  const d = describe(outcome, c.get("site").url);
  if (!("article" in d)) throw new ProblemError(d);
  const result = { ...JSON_TYPE, "edgewire-result": d.result, ...notesHeader(notes) };
  return d.status === 201
    ? c.json(d.article, 201, { ...result, location: paths.apiArticle(d.article.id) })
    : c.json(d.article, 200, result);
}

type BatchResult = z.output<typeof batchResult>;

/** Validates and saves each article of a batch on its own, a few at a time; one result each, in order. */
export async function saveBatch(c: Context<AppEnv>, raw: unknown): Promise<{ results: BatchResult[] }> {
  if (!Array.isArray(raw)) throw invalid([{ path: "", message: "must be a JSON array of articles" }]);
  if (raw.length === 0 || raw.length > BATCH_MAX)
    throw invalid([{ path: "", message: `must hold 1 to ${BATCH_MAX} articles (got ${raw.length})` }]);
  const site = c.get("site");
  const publisher = c.get("publisher");
  const results: BatchResult[] = new Array(raw.length);
  let next = 0;
  const saveOne = async (index: number, input: unknown): Promise<BatchResult> => {
    const v = await validate(input, site.language, site.url);
    if (!v.ok) {
      const problem = problemBody({ status: 422, detail: "The article is not valid.", errors: v.errors });
      return { index, status: 422, result: "invalid", problem };
    }
    const id = v.draft.id;
    try {
      const saved = await articles(c.env).save(v.draft, "create", siteOf(site), publisher, c.get("dryRun"));
      const d = describe(saved, site.url);
      if ("article" in d)
        return {
          index,
          status: d.status,
          result: d.result,
          id,
          article: d.article,
          ...(v.notes.length > 0 ? { notes: v.notes } : {}),
        };
      return {
        index,
        status: d.status,
        result: d.status === 409 ? "conflict" : d.status === 410 ? "gone" : "invalid",
        id,
        problem: problemBody(d),
      };
    } catch (err) {
      if (!(err instanceof StorageUnavailable)) throw err;
      return {
        index,
        status: 503,
        result: "failed",
        id,
        problem: problemBody(storageUnavailable(err.detail).problem),
      };
    }
  };
  const worker = async () => {
    for (let i = next++; i < raw.length; i = next++) results[i] = await saveOne(i, raw[i]);
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, raw.length) }, worker));
  return { results };
}
