// The store's face to routes: read pages and articles from KV, send writes to the article's
// ArticleWriter. KV failures surface as 503 problems (retry), never as 500s.
import type { Article, Draft } from "../articles/article.ts";
import { type Filter, matches } from "../articles/match.ts";
import type { ListQuery } from "../articles/query.ts";
import { storageUnavailable } from "../http/problem.ts";
import type { IndexScope } from "./keys.ts";
import { getRecord, listCategories, listPage, type Page } from "./read.ts";
import type { StoredRecord } from "./records.ts";
import type { Site, WriteMode, WriteOutcome } from "./writer.ts";

export { isTombstone } from "./records.ts";
export type { Page, Site, StoredRecord, WriteOutcome };

/**
 * How long a request waits for storage before it answers 503 (reads take milliseconds; a write's
 * Durable Object may queue behind others of the same id). A client is better served by a retry
 * than by a connection that hangs.
 */
export const STORAGE_TIMEOUT_MS = 10_000;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("storage timed out")), STORAGE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    throw storageUnavailable(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}

/** The index that holds every article a filter can match, walked instead of the whole archive. */
export function scopeFor(f: Filter): IndexScope {
  if (f.categories.length === 1) return { kind: "category", slug: f.categories[0] as string };
  const first = f.keywords[0];
  if (first && first.length > 0) return { kind: "keyword", word: first[0] as string };
  return { kind: "all" };
}

export function listArticles(env: Env, q: ListQuery, now = Date.now()): Promise<Page> {
  const categories = new Set(q.filter.categories);
  return guarded(() =>
    listPage(env.ARTICLES, {
      scope: scopeFor(q.filter),
      ...(categories.size > 1 ? { prefilter: (s) => categories.has(s.c) } : {}),
      accept: (a) => matches(a, q.filter),
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      now,
    }),
  );
}

export function categories(env: Env): Promise<{ slug: string; name: string }[]> {
  return guarded(() => listCategories(env.ARTICLES));
}

export function readArticle(env: Env, id: string): Promise<StoredRecord | undefined> {
  return guarded(() => getRecord(env.ARTICLES, id));
}

function writer(env: Env, id: string) {
  return env.WRITER.get(env.WRITER.idFromName(id));
}

export async function saveArticle(
  env: Env,
  draft: Draft,
  mode: WriteMode,
  site: Site,
  publisher?: string,
): Promise<WriteOutcome> {
  const outcome = await guarded(
    () => writer(env, draft.id).save(draft, mode, site, publisher) as Promise<WriteOutcome>,
  );
  if (outcome.kind === "unavailable") throw storageUnavailable(outcome.message);
  return outcome;
}

export async function takeDownArticle(env: Env, id: string, site: Site): Promise<WriteOutcome> {
  const outcome = await guarded(() => writer(env, id).takeDown(id, site) as Promise<WriteOutcome>);
  if (outcome.kind === "unavailable") throw storageUnavailable(outcome.message);
  return outcome;
}

export type { Article };
