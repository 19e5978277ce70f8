// The cost model: every limit the service relies on, beside the platform limit it protects, and the
// figures derived from them. Validation, the key scheme, the page builder and the README's cost table
// all read this one module (test/limits.unit.test.ts checks the README against it), so a limit is
// changed here or nowhere. Sizes are UTF-8 bytes unless a name says otherwise. The bounds that need
// thousands of articles to reach are read through `bounds()`, which tests shrink (`configureLimits`).

const KiB = 1024;
const MiB = 1024 * KiB;

/** Cloudflare's own limits (developers.cloudflare.com: KV, Durable Objects and Workers limits and pricing). */
export const PLATFORM = {
  kvKeyBytes: 512,
  kvMetadataBytes: 1_024,
  kvValueBytes: 25 * MiB,
  kvBulkGetKeys: 100,
  kvBulkGetBytes: 25 * MiB,
  kvListKeys: 1_000,
  /** Operations to external services per invocation; a KV bulk get counts as one. */
  kvOpsPerInvocation: 1_000,
  /** One write per second to the same key; later writes in that second fail. */
  kvWritesPerKeyPerSecond: 1,
  /** Between locations a write may take this long to be seen (eventual consistency). */
  kvPropagationSeconds: 60,
  /** Durable Object storage (SQLite backend): key and value combined "cannot exceed 2 MB", read as 2,000,000. */
  doValueBytes: 2_000_000,
  /** Keys one Durable Object storage `get` or `put` takes at once. */
  doKeysPerCall: 128,
  isolateMemoryBytes: 128 * MiB,
  /** CPU per request: the free plan's bound (the paid plan allows 30 s by default). */
  cpuMsPerRequestFree: 10,
  /** Free plan, per day (KV bills a bulk get per key read; a list like a write). */
  freeDaily: {
    kvReads: 100_000,
    kvWrites: 1_000,
    kvDeletes: 1_000,
    kvLists: 1_000,
    doRequests: 100_000,
    requests: 100_000,
    /** Durable Objects with SQLite storage (the changes log): rows read and written, and storage per account. */
    doRowsRead: 5_000_000,
    doRowsWritten: 100_000,
  },
  /** SQLite-backed Durable Object storage: per object (any plan), and per account on the free plan. */
  doSqlBytesPerObject: 10 * 1024 * MiB,
  doSqlBytesFree: 5 * 1024 * MiB,
  /** Paid plan ($5 a month): included per month, and US$ per million beyond. */
  paidMonthly: {
    base: 5,
    included: {
      kvReads: 10_000_000,
      kvWrites: 1_000_000,
      kvDeletes: 1_000_000,
      kvLists: 1_000_000,
      doRequests: 1_000_000,
      requests: 10_000_000,
    },
    perMillion: { kvReads: 0.5, kvWrites: 5, kvDeletes: 5, kvLists: 5, doRequests: 0.15, requests: 0.3 },
  },
} as const;

/** The article's own limits (the contract's article table), in characters (code points). */
export const ARTICLE = {
  headline: 300,
  subheadline: 600,
  body: 200_000,
  keywords: 25,
  keyword: 100,
  /**
   * Distinct folded words across all keywords: each has its own index key, so this caps the KV writes
   * of one publish (record + all + category + words) and of an update (as many deletes).
   */
  keywordWords: 40,
  category: 100,
  authors: 10,
  authorName: 200,
  alt: 1_000,
  caption: 1_000,
  credit: 300,
  url: 2_048,
  /** RFC 5321's longest forward path. */
  email: 254,
  /** Width and height of an image. */
  pixels: 100_000,
  correction: 600,
  /** Rights on the item (copyright notice, usage terms): plain text, shown in every format. */
  copyright: 300,
  usageTerms: 1_000,
  /** The note for partners (never public): a few paragraphs. */
  ednote: 2_000,
  /**
   * Corrections an article keeps, newest first (each at most `correction` characters): 20 of 600
   * astral characters add under 50 KB to the record, inside RECORD_MAX_BYTES' margin.
   */
  corrections: 20,
} as const;

/**
 * The excerpt every feed item carries when the article has no subheadline: what Apple News, mail
 * digests and rss-parser's snippet show, short enough for a list (WordPress cuts at 55 words).
 */
export const EXCERPT = { words: 50, chars: 300 } as const;

/**
 * Bytes of one article's item in the largest feed format, after every expansion (HTML escaping of a
 * text body, XML escaping of that HTML, JSON escaping): the page budget below, so that the largest
 * valid article always fits one page alone and nothing is ever shortened.
 */
export const ITEM_MAX_BYTES = 1 * MiB;
/** A page of any feed or listing stops adding items past this many item bytes (it always holds one). */
export const PAGE_MAX_BYTES = 1 * MiB;
/**
 * The stored record (JSON with the body and its HTML) never exceeds this: the article's writer keeps
 * it as UTF-8 bytes in one Durable Object value (2 MB with its key), and a bulk get stays far under
 * KV's 25 MiB. The largest valid text article (200,000 astral characters) takes about 1.65 MB.
 */
export const RECORD_MAX_BYTES = PLATFORM.doValueBytes - 64 * KiB;

/**
 * Index keys: `i:k:{term}:{13-digit time}:{id}`. A term (keyword word or category slug) longer than
 * TERM_KEY_BYTES is stored as its first bytes plus a digest and matched exactly the same way, so
 * no valid input can make a key longer than KEY_MAX_BYTES.
 */
export const TERM_KEY_BYTES = 200;
export const ID_MAX_BYTES = 100;
export const KEY_MAX_BYTES = "i:k:".length + TERM_KEY_BYTES + 1 + 13 + 1 + ID_MAX_BYTES;

/** Categories ever in use: navigation, OPML and autodiscovery list them all, so their number is capped. */
export const MAX_CATEGORIES = 200;

/** Query parameters: repeats of one name, and characters of one value. */
export const QUERY = { terms: 10, termChars: 100, cursorChars: 4_096, limit: 100, defaultLimit: 20 } as const;

/** A page walks at most this many KV lists and bulk gets, then answers short with a `next` link. */
export const PAGE_MAX_LISTS = 4;
export const PAGE_MAX_BULK_GETS = 6;

/**
 * Ids one bulk takedown takes: each is a request to that article's Durable Object, well inside the
 * 1,000 subrequests of one invocation, and the request body stays a few kilobytes.
 */
export const BULK_TAKEDOWN_MAX = 100;

/**
 * Cold builds of distinct cached copies one isolate runs at once (a miss past them gets a stale
 * copy or 429): a burst of cache misses shares the isolate's one thread (10 ms of CPU per request
 * on the free plan) with the requests it does not concern, and holds at most this many pages of
 * records in its 128 MB.
 */
export const BUILDS_AT_ONCE = 2;

/**
 * Bytes of article ids a cached copy keeps beside it (a header of its cached response), so that a
 * stale copy can be checked against takedowns: Workers allow 16 KB per header (128 KB in all). 100
 * ids of 100 characters fit; the news sitemap's 1,000 do not, and its stale copy is served only
 * within the unchecked window.
 */
export const CACHED_IDS_MAX_BYTES = 16 * KiB;

/**
 * The changes feed (src/store/changelog.ts): every event of the last 30 days replays, and the
 * newest event of each live article for ever; a withdrawal is public (410 page with its reason, Atom
 * tombstone) for as long. A poll reads at most CHANGES_SCAN_MAX rows of the log (SQLite rows read:
 * 5 million a day on the free plan, 25,000 full polls) and returns at most CHANGES_PAGE_MAX events;
 * a filter that matches few of them answers a short page whose cursor still moves on.
 */
export const CHANGES_REPLAY_DAYS = 30;
export const CHANGES_REPLAY_MS = CHANGES_REPLAY_DAYS * 86_400_000;
export const WITHDRAWAL_PUBLIC_MS = CHANGES_REPLAY_MS;
export const CHANGES_PAGE_MAX = 100;
export const CHANGES_SCAN_MAX = 500;
/**
 * How long a position among the events older than the window (what compaction kept) stays good: a
 * consumer replaying them from the start has this long for each next page.
 */
export const CHANGES_KEPT_PAGE_MS = 86_400_000;
/** How often the log drops what the replay window no longer needs (one pass reads the old rows once). */
export const CHANGES_COMPACT_EVERY_MS = 60 * 60_000;
/** RFC 6721 tombstones one Atom page carries, at most (withdrawals newer than its oldest entry). */
export const TOMBSTONES_PER_PAGE = 20;
/**
 * One event row: facets of both sides (headline, subheadline, category and 25 keywords of 100
 * characters, in 4-byte characters at worst, the article's URL, its dates) and a reason are under
 * 40 KiB (test/limits.unit.test.ts builds the widest), far inside SQLite's 2 MB per row; a site of
 * 100,000 live articles keeps them in about 100 MB at a typical 1 KB (4 GB at the very worst) of
 * the free plan's 5 GB.
 */
export const CHANGE_EVENT_MAX_BYTES = 40 * KiB;

/**
 * Copies held in isolate memory in front of the Cache API (distribution/cache.ts), so a warm poll
 * costs what serving bytes from memory costs: at most this many (each coding of a copy counts
 * once) and this many bytes in all, the oldest dropped first. A copy is at most a page (1 MiB of
 * items plus its channel), so the bytes bind first for large pages; 24 MiB leaves the isolate's
 * 128 MB to two cold builds' pages of records and fragments.
 */
export const HOT_COPIES = 64;
export const HOT_MAX_BYTES = 24 * MiB;

/** Unknown fields reported per request, and the longest name a "did you mean" is computed for. */
export const UNKNOWN_FIELDS_REPORTED = 20;
export const SUGGEST_MAX_NAME = 40;
export const SUGGESTIONS_PER_REQUEST = 5;

/** Bytes one bulk get may return: KV's 25 MiB less a margin for its own framing. */
export const BULK_GET_MAX_BYTES = PLATFORM.kvBulkGetBytes - 1 * MiB;

/** KV writes one publish can cost, at most: item fragments + record + all + category + one per keyword word. */
export const PUBLISH_MAX_KV_WRITES = 1 + 1 + 1 + 1 + ARTICLE.keywordWords;
/**
 * An article's stored item fragments (store/fragments.ts): its item in each of the three feed
 * formats (each at most ITEM_MAX_BYTES) and a header with the article without its body (less than
 * the record). Far under KV's 25 MiB per value; never held in Durable Object storage (its 2 MB per
 * value): the writer renders them from its state when it applies a plan. A page's bulk get counts
 * them (index metadata carries their bytes) within BULK_GET_MAX_BYTES.
 */
export const FRAGMENTS_MAX_BYTES = 3 * ITEM_MAX_BYTES + RECORD_MAX_BYTES;
/** An update also deletes every index key that moved: at most the previous version's index keys. */
export const UPDATE_MAX_KV_OPS = PUBLISH_MAX_KV_WRITES + (2 + ARTICLE.keywordWords);
/** A cold read of one page: lists and bulk gets within the page budget (categories come from a Durable Object). */
export const READ_MAX_KV_OPS = PAGE_MAX_LISTS + PAGE_MAX_BULK_GETS;
/**
 * What a publish reads to build the feeds it changed again before it answers: one page of the
 * whole-site index and one of each category it touches (an update that moves category: two).
 */
export const PUBLISH_MAX_KV_READS = 3 * READ_MAX_KV_OPS;

/**
 * Partner access. A key's lookup is remembered in the isolate this long: a partner request costs at
 * most one Durable Object request (none while remembered), and a revocation or change takes effect
 * everywhere within this bound (at once in the isolate that made it). The README states it.
 */
export const PARTNER_LOOKUP_SECONDS = 30;
/**
 * A partner's rate tier is a Rate Limiting binding whose limit (wrangler.toml) counts units of this
 * many requests: an isolate asks it once per RATE_SAMPLE requests of a partner (the first, the
 * 11th, ...), so a warm partner request seldom pays for the call (measured under `wrangler dev`:
 * asking on every request cost a third of a warm feed's throughput, bench/partner.ts). The count
 * is exact to within RATE_SAMPLE - 1 requests per isolate.
 */
export const RATE_SAMPLE = 10;
/** Lookups one isolate remembers (a bounded map: wrong keys cannot grow it without end). */
export const PARTNER_LOOKUPS_HELD = 1_000;
/**
 * Usage is counted in the isolate and sent to the usage ledger (one Durable Object request) at most
 * once per this many seconds, after a response: counting adds no storage call to a request's path.
 */
export const USAGE_FLUSH_SECONDS = 30;
/** Feeds counted apart per partner key (the rest as "other"), and fetchers per public feed. */
export const USAGE_FEEDS_MAX = 50;
export const USAGE_FETCHERS_MAX = 50;

/** The bounds `bounds()` answers: the ones an attack needs thousands of articles to reach. */
export interface Bounds {
  /** Keys one KV list asks for. */
  listKeys: number;
  bulkGetBytes: number;
  itemBytes: number;
  pageBytes: number;
  recordBytes: number;
  pageLists: number;
  pageBulkGets: number;
  categories: number;
}

const DEFAULT_BOUNDS: Readonly<Bounds> = {
  listKeys: PLATFORM.kvListKeys,
  bulkGetBytes: BULK_GET_MAX_BYTES,
  itemBytes: ITEM_MAX_BYTES,
  pageBytes: PAGE_MAX_BYTES,
  recordBytes: RECORD_MAX_BYTES,
  pageLists: PAGE_MAX_LISTS,
  pageBulkGets: PAGE_MAX_BULK_GETS,
  categories: MAX_CATEGORIES,
};
let current: Readonly<Bounds> = DEFAULT_BOUNDS;

/** The bounds in force: the defaults above, unless a test shrank them. */
export const bounds = (): Readonly<Bounds> => current;

/**
 * Shrinks bounds so that a test replays an attack at a small scale against the same code (a list of
 * 10 keys, a page of 16 KiB); called with nothing, restores the defaults. Tests only.
 */
export function configureLimits(next: Partial<Bounds> = {}): void {
  current = { ...DEFAULT_BOUNDS, ...next };
}
