// The whole KV key scheme, in one place. Everything that reads or writes KV names keys through here.
//
//   a:{id}                      the article record (JSON), or its tombstone after a takedown
//   i:a:{inv}:{id}              index: every article, newest first
//   i:c:{categorySlug}:{inv}:{id}   index: one category, newest first
//   i:k:{word}:{inv}:{id}       index: one keyword word ("russia", "taliban", "relations" for the
//                               phrase "Russia Taliban Relations"), newest first
//   c:{categorySlug}            the category's display name, as stores written before the category
//                               registry (categories.ts) kept it: read when the registry is empty
//   s:{time}:{id}               index: embargoed articles, soonest first (13-digit publishedAt), for
//                               token holders only; an embargoed article has no other index key, so
//                               no number of embargoes takes a public slot or names a category early
//
// Invariants:
// - KV lists keys in byte order. `inv` is 9,999,999,999,999 minus `publishedAt` in milliseconds,
//   13 digits, so a prefix lists newest first (publishedAt is validated to lie in 1970-2200).
//   Equal times fall back to the id, which makes the order total and stable.
// - Index values are empty; the summary a listing needs rides in list metadata (at most 1,024 bytes,
//   checked by `summary`), so a listing never reads articles it will not show.
// - An index key is a pure function of the article record (`indexKeys`): two writes of the same
//   article produce the same keys, never one per request, and a reader can check an entry against
//   the record it points at (`entryMatches`) to skip entries that a crash or KV's eventual
//   consistency left behind.
// - No key is rewritten by every publish (KV allows one write per second per key): each publish
//   touches its own record and its own index keys only.
// - Keys stay under KV's 512 bytes by construction (src/limits.ts KEY_MAX_BYTES): a keyword word
//   longer than TERM_KEY_BYTES is stored as its first bytes plus "~" and a digest (`termKey`), and a
//   query's word goes through the same function, so it still matches exactly; category slugs are
//   refused longer than that by validation; ids are at most 100 ASCII characters. Terms hold only
//   letters, digits and dashes (and the digest's "~"), so ":" never appears inside a part.
import type { Article } from "../articles/article.ts";
import { utf8Bytes, words } from "../articles/text.ts";
import { TERM_KEY_BYTES } from "../limits.ts";

export const RECORD_PREFIX = "a:";
export const CATEGORY_PREFIX = "c:";
export const categoryKey = (slug: string) => `${CATEGORY_PREFIX}${termKey(slug)}`;
export const recordKey = (id: string) => `${RECORD_PREFIX}${id}`;
/** The article's pre-rendered item fragments (store/fragments.ts). */
export const fragmentKey = (id: string) => `f:${id}`;

const MAX_TIME = 9_999_999_999_999;
export const invertTime = (ms: number) => String(MAX_TIME - ms).padStart(13, "0");
export const timeFromInverted = (inv: string) => MAX_TIME - Number(inv);

/** Which index a listing walks. */
export type IndexScope =
  | { kind: "all" }
  | { kind: "category"; slug: string }
  | { kind: "keyword"; word: string }
  | { kind: "scheduled" };

export function scopePrefix(scope: IndexScope): string {
  switch (scope.kind) {
    case "all":
      return "i:a:";
    case "category":
      return `i:c:${termKey(scope.slug)}:`;
    case "keyword":
      return `i:k:${termKey(scope.word)}:`;
    case "scheduled":
      return "s:";
  }
}

/** The one key an embargoed article has until its time: soonest first. */
export const scheduledKey = (a: Pick<Article, "publishedAt" | "id">) =>
  `s:${String(Date.parse(a.publishedAt)).padStart(13, "0")}:${a.id}`;

/**
 * The index keys the stored version `a` may have in KV at `now`: its public keys, or, when it may
 * have been embargoed at its last write (published after it was created), its scheduled key and,
 * once its time has come, the public keys its lift writes. What a takedown or an update must delete.
 */
export function writtenKeys(a: Article, now: number): string[] {
  // Written before its publication: created before it (a write never precedes the creation), which
  // `updatedAt` cannot tell, since it is the publication itself until the article changes after it.
  const embargoedWhenWritten = Date.parse(a.publishedAt) > Date.parse(a.createdAt);
  if (!embargoedWhenWritten) return indexKeys(a);
  return Date.parse(a.publishedAt) <= now ? [scheduledKey(a), ...indexKeys(a)] : [scheduledKey(a)];
}

/** 64 bits of a fast non-cryptographic hash (two FNV-1a lanes), as 16 hex digits. */
export function digest(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    b ^= b >>> 15;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/**
 * A term as it stands in a key: itself when short enough, else its first bytes (whole characters)
 * plus "~" and a digest of the whole. A collision would only make a reader fetch an article that its
 * exact filter then skips: keys are checked against records, never trusted alone.
 */
export function termKey(term: string): string {
  if (utf8Bytes(term) <= TERM_KEY_BYTES) return term;
  let head = "";
  let bytes = 0;
  for (const ch of term) {
    const n = utf8Bytes(ch);
    if (bytes + n > TERM_KEY_BYTES - 17) break;
    head += ch;
    bytes += n;
  }
  return `${head}~${digest(term)}`;
}

/** Distinct folded words of all keywords: each gets an index so `keyword=taliban` lists fast. */
export function keywordWords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.flatMap((k) => words(k)))];
}

/**
 * Summary stored as list metadata on every index key: at most 200 bytes of slug plus numbers, far
 * below KV's 1,024. The weights let a page stop within its byte budget and split its bulk gets
 * within KV's 25 MiB before reading any record.
 */
export interface Summary {
  /** publishedAt, ms */
  t: number;
  /** updatedAt, ms */
  u: number;
  /** category slug, as in keys */
  c: string;
  /** bytes of the stored record */
  s?: number;
  /** bytes of its item in the largest feed format */
  w?: number;
  /** digest of the stored record: its fragments are used only when theirs is the same */
  d?: string;
  /** bytes of its stored fragments (absent: none were written) */
  f?: number;
}

export function summary(a: Article, weight?: number, fragmentBytes?: number): Summary {
  const json = JSON.stringify(a);
  return {
    t: Date.parse(a.publishedAt),
    u: Date.parse(a.updatedAt),
    c: termKey(a.categorySlug),
    s: utf8Bytes(json),
    ...(weight !== undefined ? { w: weight } : {}),
    ...(fragmentBytes !== undefined ? { d: digest(json), f: fragmentBytes } : {}),
  };
}

export function indexKeys(a: Pick<Article, "id" | "publishedAt" | "categorySlug" | "keywords">): string[] {
  const tail = `${invertTime(Date.parse(a.publishedAt))}:${a.id}`;
  return [
    `${scopePrefix({ kind: "all" })}${tail}`,
    `${scopePrefix({ kind: "category", slug: a.categorySlug })}${tail}`,
    ...keywordWords(a.keywords).map((word) => `${scopePrefix({ kind: "keyword", word })}${tail}`),
  ];
}

/** Splits the tail of an index key: `{inv}:{id}` (or `{time}:{id}` for "s:") after the scope prefix. */
export function parseIndexKey(key: string, prefix: string): { time: number; id: string } | undefined {
  const rest = key.slice(prefix.length);
  const sep = rest.indexOf(":");
  if (!key.startsWith(prefix) || sep !== 13) return undefined;
  const digits = rest.slice(0, sep);
  return { time: prefix === "s:" ? Number(digits) : timeFromInverted(digits), id: rest.slice(sep + 1) };
}

/** True when the record still produces this index entry: same time, and still in that scope. */
export function entryMatches(
  a: Pick<Article, "id" | "publishedAt" | "categorySlug" | "keywords">,
  key: string,
): boolean {
  return key.startsWith("s:") ? key === scheduledKey(a) : indexKeys(a).includes(key);
}
