// The storage seam: what the rest of the service may ask of storage, whatever implements it. The KV
// implementation (kv.ts) is the only code that touches KV; a second one (D1, memory) or a test's
// fault-injecting wrapper implements this interface and touches nothing outside store/.
import type { Article } from "../articles/article.ts";
import type { Entitlements } from "../articles/audience.ts";
import type { ChangeEvent } from "../articles/change-event.ts";
import type { PageCursor } from "../articles/query.ts";
import type { IndexScope, Summary } from "./keys.ts";
import type { StoredRecord, Tombstone } from "./records.ts";

export interface Category {
  slug: string;
  name: string;
}

/** What the site-wide registry knows of a scope (one category, or the whole site) for its feeds. */
export interface ScopeInfo {
  /** It has had a visible article at some time (an unknown category's feed is a 404). */
  known: boolean;
  /** The category's display name, when known. */
  name?: string;
  /** Newest time (ms) an article appeared in or left the scope: an empty feed's date. */
  changedAt?: number;
  /** Newest time (ms) a visible article left the scope: a feed's date never goes back past it. */
  removedAt?: number;
}

export interface PageQuery {
  scope: IndexScope;
  /** Cheap test on list metadata before any body is read (category, say). */
  prefilter?: (s: Summary) => boolean;
  /** Exact test on the article itself (keywords, words, exclusions): it never needs the body. */
  accept: (a: ArticleHead) => boolean;
  limit: number;
  cursor?: PageCursor;
  /** Articles published after this instant are embargoed and skipped. */
  now: number;
}

export interface Page {
  items: Article[];
  next?: PageCursor;
}

/** An article as its fragments' header carries it: everything a filter, a date or a name needs. */
export type ArticleHead = Omit<Article, "body" | "bodyHtml">;

export interface FragmentQuery extends PageQuery {
  /** Whether stored fragments may be used (the renderer's version and site); if not, the record is read. */
  fresh(fragments: string): boolean;
}

/**
 * A page for assembling a feed: each item's stored fragments with its head, or, where they are
 * missing, stale or of another version, the whole record to render the item from.
 */
export interface FragmentPage {
  items: ({ article: ArticleHead; fragments: string } | { article: Article; fragments?: undefined })[];
  next?: PageCursor;
}

export interface Store {
  /** One page of one index, newest first, reconciled against the records. */
  list(q: PageQuery): Promise<Page>;
  /** The same page as stored item fragments (one list, one bulk get of fragments), records where they fail. */
  listFragments(q: FragmentQuery): Promise<FragmentPage>;
  /** One record: an article or its tombstone. */
  get(id: string): Promise<StoredRecord | undefined>;
  /** Categories with at least one visible article, in slug order. */
  categories(): Promise<Category[]>;
  /**
   * True when an article may use `slug`: it is in use, or one more stays within the cap. A new
   * category's slot is claimed unless `claim` is false (a dry run asks without claiming).
   */
  admits(slug: string, claim?: boolean): Promise<boolean>;
  /** Which of `ids` were taken down at or after `since` (ms); answers even while KV fails. */
  withdrawnSince(ids: string[], since: number): Promise<string[]>;
  /** When what readers see of category `slug` (or of the whole site) last changed (ms; 0: never). */
  changedAt(slug?: string): Promise<number>;
  /** Dates a change of category `slug` now that no write made (an article's `expires` passed). */
  touch(slug: string): Promise<void>;
  /** What is known of one category's scope, or of the whole site's (no slug). */
  scope(slug?: string): Promise<ScopeInfo>;
  /** `ms`, or the next instant after it that no other article's `updatedAt` holds, claimed for `id`. */
  untie(id: string, ms: number): Promise<number>;
  /**
   * Makes storage agree with one new state of an article (the writer's plan; idempotent), with the
   * item fragments rendered from that state when the plan writes them.
   */
  apply(plan: Plan, fragments?: string): Promise<void>;
  /** Up to `limit` events of the changes log after sequence number `after` (0: from the start). */
  changes(after: number, limit: number): Promise<LoggedEvent[]>;
  /** The newest `limit` events of the log, newest first. */
  latestChanges(limit: number): Promise<LoggedEvent[]>;
  /** Withdrawals and expiries since `since` (ms) not undone since, newest first (a feed's tombstones). */
  withdrawals(since: number, limit: number): Promise<LoggedEvent[]>;
  /** Records an event no write made (an `expires` passing); once, however often it is retried. */
  record(event: ChangeEvent): Promise<void>;
}

/** `restore`: a replace that may publish again under a taken-down id (PUT ?restore=true). */
export type WriteMode = "create" | "replace" | "restore";

/** One event of the changes log with its place in the one order. */
export interface LoggedEvent {
  seq: number;
  event: ChangeEvent;
}

/** Where the public sees the article: distribution needs it to name what a change touches. */
export interface Site {
  url: string;
  hub?: string;
  /** The tag: authority item ids are minted with (SITE_URL's host, or ID_AUTHORITY). */
  idAuthority?: string;
}

export type WriteOutcome =
  | { kind: "created" | "updated" | "unchanged" | "taken-down"; article: Article; previous?: Article }
  | { kind: "invalid"; errors: { path: string; message: string }[] }
  | { kind: "conflict"; article: Article }
  | { kind: "not-found" }
  /** The id was taken down: a write needs `restore`; `tombstone` says when and why. */
  | { kind: "gone"; tombstone?: Tombstone };

/** What one write changed, as the writer tells distribution (through its injected hooks). */
export interface Change {
  /** The article as readers could have seen it before, and after (either may be absent). */
  before?: Article;
  after?: Article;
  site: Site;
  /** When the change was made (ms). */
  at: number;
}

/** Durable key-value space the writer lends its hooks for work that must survive a restart. */
export interface TaskStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * What the writer tells the rest of the service, injected by the composition root (src/index.ts) so
 * that storage imports nothing above it. Each returns when it next wants to run (ms), if ever.
 */
export interface WriterHooks {
  /** A write changed what readers see: called before the writer answers. */
  changed(env: Env, change: Change, tasks: TaskStorage): Promise<number | undefined>;
  /** The writer's alarm: work the hooks queued earlier and that is now due. */
  due(env: Env, tasks: TaskStorage, now: number): Promise<number | undefined>;
  /** Bytes of the article's item in the largest representation (kept in index metadata for page budgets). */
  weigh(article: Article): number | undefined;
  /** The article's item fragments for `site`, stored with it (`undefined`: none are kept). */
  fragments(env: Env, article: Article, site: Site): string | undefined;
}

/** Where one article stands in the category registry: its category, and whether readers see it yet. */
export interface Placement {
  slug: string;
  name: string;
  visible: boolean;
}

export interface Plan {
  /** The record to write; `null` deletes it (the undo of a create that never became visible). */
  record: { key: string; value: string | null };
  index: { key: string; metadata: unknown }[];
  deletes: string[];
  /**
   * The item fragments' key: written (rendered for `site` from the record when the plan is applied,
   * never held in Durable Object storage) or deleted, before the record, so that no reader can pair
   * a record with fragments of another version (index metadata carries the record's digest).
   */
  fragments?: { key: string; site: Site } | { key: string; delete: true };
  /** Where the article now stands in the category registry (`null`: gone); absent: unchanged. */
  placement?: { id: string; at: Placement | null };
  /** The event consumers of the changes feed get, recorded last (idempotent: a replay records it once). */
  event?: ChangeEvent;
  attempts: number;
  /**
   * Set when the writer answered before the plan completed (the record was written, index keys were
   * not): once it completes, distribution is told again, so copies built meanwhile are rebuilt.
   */
  announce?: Site;
}

/** A partner key as stored: entitlements, and only the SHA-256 hashes of its key and URL token. */
export interface PartnerRecord extends Entitlements {
  id: string;
  name: string;
  /** Moves on every change: the partner's cached copies are named by it. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** The key's first characters, so people can tell keys apart (never enough to use one). */
  keyPrefix: string;
  keyHash: string;
  urlTokenHash: string;
  /** Set by a revocation: its hashes are gone, the record stays for the statistics. */
  revokedAt?: string;
}

/** The partner keys, in one strongly consistent place (store/partners.ts). */
export interface PartnerDirectory {
  create(record: PartnerRecord): Promise<void>;
  list(): Promise<PartnerRecord[]>;
  /** The live partner whose key or URL token hashes to `hash`: one request. */
  lookup(hash: string): Promise<PartnerRecord | null>;
  /** Changes entitlements and, when given, replaces the key's or URL token's hash; undefined if unknown or revoked. */
  update(
    id: string,
    change: Partial<Entitlements & { name: string }> & { unset?: ("categories" | "expiresAt")[] },
    hashes?: { keyHash?: string; keyPrefix?: string; urlTokenHash?: string },
  ): Promise<PartnerRecord | undefined>;
  /** False when there is no live partner of that id. */
  revoke(id: string): Promise<boolean>;
}

/** What readers did, counted in isolates and flushed in batches (store/usage.ts). */
export interface UsageBatch {
  /** Per partner id, per canonical feed path: requests, 304s and the last pull (ms). */
  partners: Record<string, Record<string, { requests: number; notModified: number; last: number }>>;
  /** Per public feed path, per fetcher: the subscribers it last reported, and when (ms). */
  subscribers: Record<string, Record<string, { count: number; at: number }>>;
  /** Events worth counting (abandoned hub notifications, say), by name. */
  events?: Record<string, number>;
}

/** Where usage batches are added up (store/usage.ts). */
export interface UsageStore {
  add(batch: UsageBatch): Promise<void>;
  report(): Promise<UsageReport>;
}

export interface UsageReport {
  partners: Record<
    string,
    { feeds: Record<string, { requests: number; notModified: number; last: string }> }
  >;
  subscribers: Record<string, { total: number; fetchers: Record<string, { count: number; at: string }> }>;
  events: Record<string, number>;
  /** Since when counting runs (the first flush). */
  since?: string;
}
