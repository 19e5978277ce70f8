// The store's front door: reads through the storage seam (types.ts), writes through the article's
// ArticleWriter. Every call is bounded in time; a failure surfaces as `StorageUnavailable`, which the
// HTTP layer answers 503 (retry), never as a 500.
import type { Draft } from "../articles/article.ts";
import { type Filter, matches } from "../articles/match.ts";
import type { ListQuery } from "../articles/query.ts";
import * as clock from "../clock.ts";
import { type IndexScope, type Summary, termKey } from "./keys.ts";
import { kvStore } from "./kv.ts";
import type {
  FragmentPage,
  Page,
  PageQuery,
  PartnerDirectory,
  Site,
  Store,
  UsageStore,
  WriteMode,
  WriteOutcome,
} from "./types.ts";

export { goneNotice, isTombstone, type StoredRecord, type Tombstone } from "./records.ts";
export type * from "./types.ts";

/** Storage did not answer, or failed; `detail` says for the client exactly what became of its request. */
export class StorageUnavailable extends Error {
  override readonly name = "StorageUnavailable";
  readonly detail: string | undefined;
  constructor(message: string, options?: ErrorOptions & { detail?: string }) {
    super(message, options);
    this.detail = options?.detail;
  }
}

/**
 * A programming error rather than a storage failure: these never come from KV or Durable Object
 * storage, which reject with plain `Error`s. A bug is a logged 500, never a 503 that invites retries.
 */
export const isBug = (err: unknown) =>
  err instanceof TypeError ||
  err instanceof RangeError ||
  err instanceof ReferenceError ||
  err instanceof SyntaxError;

/** The storage seam's settings: which implementation, and how long a caller waits for it. */
interface Seam {
  factory: (env: Env) => Store;
  /** The partner keys' storage (tests break it here). */
  partners: (env: Env) => PartnerDirectory;
  /** Where usage is added up (tests count its calls here). */
  usage: (env: Env) => UsageStore;
  /**
   * How long a request waits for storage before it answers 503 (reads take milliseconds; a write's
   * Durable Object may queue behind others of the same id). A retry serves a client better than a
   * connection that hangs.
   */
  timeoutMs: number;
}
/** The partner registry Durable Object: one for the site. */
const partnerObject = (env: Env): PartnerDirectory => env.PARTNERS.get(env.PARTNERS.idFromName("partners"));
const DEFAULT_SEAM: Seam = {
  factory: (env) => kvStore(env.ARTICLES, env.CATEGORIES, env.CHANGES),
  partners: partnerObject,
  usage: (env) => env.USAGE.get(env.USAGE.idFromName("usage")),
  timeoutMs: 10_000,
};
let seam: Seam = DEFAULT_SEAM;

/**
 * Replaces the storage implementation or the timeout (tests inject faults and short timeouts here;
 * a D1 or in-memory store would be chosen here). Called with nothing, restores the defaults.
 */
export function configureStorage(next: Partial<Seam> = {}): void {
  seam = { ...DEFAULT_SEAM, ...next };
}

export const storageTimeoutMs = () => seam.timeoutMs;

/** The raw store for code that runs inside the writer (its own retries and alarms bound it). */
export const rawStore = (env: Env): Store => seam.factory(env);

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailable("storage timed out")), seam.timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    if (err instanceof StorageUnavailable || isBug(err)) throw err;
    throw new StorageUnavailable(err instanceof Error ? err.message : String(err), { cause: err });
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

/** The page walk a listing query asks for. */
function pageQuery(q: ListQuery, now: number): PageQuery {
  const categories = new Set(q.filter.categories.map(termKey));
  return {
    // Embargoed articles have one key each, under "s:", soonest first; nothing public lists them.
    scope: q.scheduled ? { kind: "scheduled" } : scopeFor(q.filter),
    ...(categories.size > 1 ? { prefilter: (s: Summary) => categories.has(s.c) } : {}),
    accept: (a) => matches(a, q.filter),
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
    now,
  };
}

/** Reads and writes of articles, each bounded by the storage timeout. */
export interface Articles {
  /** One page of the articles a query matches, visible at `now` (or embargoed then, when `scheduled`). */
  list(q: ListQuery, now?: number): Promise<Page>;
  /** The same page as stored item fragments (where `fresh` accepts them), for assembling a feed. */
  fragments(q: ListQuery, fresh: (fragments: string) => boolean, now?: number): Promise<FragmentPage>;
  get: Store["get"];
  categories: Store["categories"];
  withdrawnSince: Store["withdrawnSince"];
  changedAt: Store["changedAt"];
  scope: Store["scope"];
  /** With `dryRun`, the outcome the write would have, and nothing stored. */
  save(
    draft: Draft,
    mode: WriteMode,
    site: Site,
    publisher?: string,
    dryRun?: boolean,
  ): Promise<WriteOutcome>;
  /** `reason`: plain text the 410 page and the withdrawal event carry. */
  takeDown(id: string, site: Site, dryRun?: boolean, reason?: string): Promise<WriteOutcome>;
  changes: Store["changes"];
  latestChanges: Store["latestChanges"];
  withdrawals: Store["withdrawals"];
}

/** What the writer's RPC answers: an outcome, or the message of a storage failure. */
export type WriterReply = WriteOutcome | { kind: "unavailable"; message: string; detail?: string };

export function articles(env: Env): Articles {
  const store = seam.factory(env);
  const writer = (id: string) => env.WRITER.get(env.WRITER.idFromName(id));
  const settle = async (reply: Promise<WriterReply>) => {
    const outcome = await guarded(() => reply);
    if (outcome.kind === "unavailable")
      throw new StorageUnavailable(outcome.message, outcome.detail ? { detail: outcome.detail } : {});
    return outcome;
  };
  return {
    list: (q, now = clock.now()) => guarded(() => store.list(pageQuery(q, now))),
    fragments: (q, fresh, now = clock.now()) =>
      guarded(() => store.listFragments({ ...pageQuery(q, now), fresh })),
    get: (id) => guarded(() => store.get(id)),
    categories: () => guarded(() => store.categories()),
    withdrawnSince: (ids, since) => guarded(() => store.withdrawnSince(ids, since)),
    changedAt: (slug) => guarded(() => store.changedAt(slug)),
    scope: (slug) => guarded(() => store.scope(slug)),
    save: (draft, mode, site, publisher, dryRun = false) =>
      settle(writer(draft.id).save(draft, mode, site, publisher, dryRun) as Promise<WriterReply>),
    takeDown: (id, site, dryRun = false, reason) =>
      settle(writer(id).takeDown(id, site, dryRun, reason) as Promise<WriterReply>),
    changes: (after, limit) => guarded(() => store.changes(after, limit)),
    latestChanges: (limit) => guarded(() => store.latestChanges(limit)),
    withdrawals: (since, limit) => guarded(() => store.withdrawals(since, limit)),
  };
}

/** The partner keys (one Durable Object for the site), each call bounded like every storage call. */
export function partnerDirectory(env: Env): PartnerDirectory {
  const stub = () => seam.partners(env);
  return {
    create: (r) => guarded(() => stub().create(r)),
    list: () => guarded(() => stub().list()),
    lookup: (hash) => guarded(() => stub().lookup(hash)),
    update: (id, change, hashes) => guarded(() => stub().update(id, change, hashes)),
    revoke: (id) => guarded(() => stub().revoke(id)),
  };
}

/** The usage ledger (one Durable Object for the site): batches in, the report out. */
export function usageLedger(env: Env): UsageStore {
  const stub = () => seam.usage(env);
  return {
    add: (batch) => guarded(() => stub().add(batch)),
    report: () => guarded(() => stub().report()),
  };
}
