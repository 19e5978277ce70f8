// Pages of articles walked newest-first along one KV index. A page costs one KV list (sometimes a few
// when filters are sparse) and one bulk get per 100 candidates, however many articles are stored:
// summaries ride in list metadata, bodies come by bulk get, never a get per article.
import type { Article } from "../articles/article.ts";
import { bounds, PLATFORM } from "../limits.ts";
import { readFragmentValue } from "./fragments.ts";
import { entryMatches, fragmentKey, parseIndexKey, recordKey, type Summary, scopePrefix } from "./keys.ts";
import { isTombstone, parseRecord } from "./records.ts";
import type { ArticleHead, FragmentPage, FragmentQuery, Page, PageQuery } from "./types.ts";

/** A bulk get's keys stay under KV's 100 (its bytes under `bounds().bulkGetBytes`). */
const BULK_GET_KEYS = PLATFORM.kvBulkGetKeys;
/** Candidates read at once when a page wants only a few more (a filter usually passes most). */
const MIN_CHUNK = 20;

interface Candidate {
  key: string;
  id: string;
  /** The KV cursor whose list page held this key. */
  listCursor: string | undefined;
  /** Bytes a bulk get of it may read (record or fragments), and of its item in the largest format (from the index metadata). */
  readBytes: number;
  itemBytes: number;
  /** Digest of the record its fragments must have been rendered from (absent: none were written). */
  digest?: string;
}

/** What a page walk reads for one chunk of candidates: the article of each id still there, with what the page keeps of it. */
type Reader<T> = (chunk: Candidate[]) => Promise<Map<string, { article: ArticleHead; item: T }>>;

/** Records, by one bulk get; tombstones and unreadable values are gone. */
const readRecords =
  (kv: KVNamespace): Reader<Article> =>
  async (chunk) => {
    const values = await kv.get(chunk.map((c) => recordKey(c.id)));
    const out = new Map<string, { article: ArticleHead; item: Article }>();
    for (const c of chunk) {
      const record = parseRecord(values.get(recordKey(c.id)) ?? null);
      if (record && !isTombstone(record)) out.set(c.id, { article: record, item: record });
    }
    return out;
  };

/**
 * Fragments where the index entry names the record they were rendered from, and records for the
 * rest, in one bulk get; a second reads the records of fragments `fresh` refuses (another renderer
 * version or site), so a stale fragment is never used.
 */
const readFragments =
  (kv: KVNamespace, fresh: (fragments: string) => boolean): Reader<FragmentPage["items"][number]> =>
  async (chunk) => {
    const keyOf = (c: Candidate) => (c.digest ? fragmentKey(c.id) : recordKey(c.id));
    const values = await kv.get(chunk.map(keyOf));
    const out = new Map<string, { article: ArticleHead; item: FragmentPage["items"][number] }>();
    const refused: Candidate[] = [];
    for (const c of chunk) {
      const value = values.get(keyOf(c));
      if (!c.digest) {
        const record = parseRecord(value ?? null);
        if (record && !isTombstone(record)) out.set(c.id, { article: record, item: { article: record } });
        continue;
      }
      const stored = readFragmentValue(value, c.digest);
      if (stored && fresh(stored.fragments)) out.set(c.id, { article: stored.article, item: stored });
      else refused.push(c);
    }
    if (refused.length > 0)
      for (const [id, r] of await readRecords(kv)(refused))
        out.set(id, { article: r.article, item: { article: r.item } });
    return out;
  };

const cursorAt = (c: Candidate) => ({ ...(c.listCursor ? { kv: c.listCursor } : {}), after: c.key });

/**
 * The next candidates to read in one bulk get: at most `wanted` and 100 keys, records within the
 * bulk get's byte bound, and no more item bytes than the page can still take plus the one that
 * proves it full. So a page of heavy articles reads about its own weight, never 24 MiB to show one.
 */
function nextChunk(candidates: Candidate[], from: number, wanted: number, room: number): Candidate[] {
  const chunk: Candidate[] = [];
  let bytes = 0;
  let items = 0;
  const maxBytes = bounds().bulkGetBytes;
  for (let i = from; i < candidates.length && chunk.length < Math.min(BULK_GET_KEYS, wanted); i++) {
    const c = candidates[i] as Candidate;
    if (chunk.length > 0 && (bytes + c.readBytes > maxBytes || items > room)) break;
    chunk.push(c);
    bytes += c.readBytes;
    items += c.itemBytes;
  }
  return chunk;
}

/**
 * One page: `limit` items, or fewer when the next would take the page past its byte budget of item
 * bytes (the first item always fits: validation caps an item at that). A page spends at most
 * `pageLists` lists and `pageBulkGets` bulk gets (src/limits.ts); a filter that matches almost
 * nothing then answers short, with a `next` cursor after what it scanned. Each bulk get after one
 * that found fewer matches than wanted reads four times as many candidates (up to 100), so a sparse
 * filter scans hundreds of entries within that budget rather than 20 per bulk get.
 */
export const listPage = (kv: KVNamespace, q: PageQuery): Promise<Page> => walk(kv, q, readRecords(kv), 1);

/**
 * The same page as stored fragments, for assembling a feed. A chunk may take two bulk gets (the
 * records of refused fragments), so the page reserves two for each and stays within `pageBulkGets`.
 */
export const listFragmentPage = (kv: KVNamespace, q: FragmentQuery): Promise<FragmentPage> =>
  walk(kv, q, readFragments(kv, q.fresh), 2);

async function walk<T>(
  kv: KVNamespace,
  q: PageQuery,
  read: Reader<T>,
  getsPerChunk: number,
): Promise<{ items: T[]; next?: Page["next"] }> {
  const { listKeys, pageBytes: budget, pageLists, pageBulkGets, recordBytes: maxRecord } = bounds();
  const prefix = scopePrefix(q.scope);
  // The scheduled index lists what is not yet public; every other index only what is.
  const scheduled = q.scope.kind === "scheduled";
  const due = (time: number) => (scheduled ? time > q.now : time <= q.now);
  const items: T[] = [];
  let last: Candidate | undefined;
  let pageBytes = 0;
  let listCursor = q.cursor?.kv;
  const after = q.cursor?.after;
  let bulkGets = 0;
  let widen = 1;

  for (let lists = 0; lists < pageLists; lists++) {
    const listed = await kv.list<Summary>({
      prefix,
      limit: listKeys,
      ...(listCursor ? { cursor: listCursor } : {}),
    });
    const candidates: Candidate[] = [];
    for (const k of listed.keys) {
      if (after !== undefined && k.name <= after) continue;
      const parsed = parseIndexKey(k.name, prefix);
      if (!parsed || !due(parsed.time)) continue; // embargoed: not yet, and never takes a slot
      if (k.metadata && q.prefilter && !q.prefilter(k.metadata)) continue;
      const m = k.metadata;
      const fragments = getsPerChunk > 1 && m?.d !== undefined && m.f !== undefined;
      // Fragments or, when they are refused, the record: a chunk is bounded by the larger of the two.
      const readBytes = Math.max(m?.s ?? maxRecord, fragments ? (m?.f as number) : 0);
      candidates.push({
        key: k.name,
        id: parsed.id,
        listCursor,
        readBytes,
        itemBytes: m?.w ?? 0,
        ...(fragments ? { digest: m?.d as string } : {}),
      });
    }
    for (let i = 0; i < candidates.length; ) {
      if (bulkGets + getsPerChunk > pageBulkGets) {
        // The read budget is spent: answer short, and go on after the last candidate read.
        const scanned = candidates[i - 1];
        return {
          items,
          next: scanned
            ? cursorAt(scanned)
            : { ...(listCursor ? { kv: listCursor } : {}), after: after ?? "" },
        };
      }
      // One more than the page: finding it proves that a next page exists (RFC 5005 `next` only then).
      const wanted = Math.max(q.limit + 1 - items.length, MIN_CHUNK) * widen;
      const chunk = nextChunk(candidates, i, wanted, Math.max(0, budget - pageBytes));
      i += chunk.length;
      bulkGets += getsPerChunk;
      const found = await read(chunk);
      const before = items.length;
      for (const c of chunk) {
        const got = found.get(c.id);
        // Reconcile against the record: skip entries whose article is gone, moved or not yet written.
        if (!got || !entryMatches(got.article, c.key)) continue;
        if (!due(Date.parse(got.article.publishedAt)) || !q.accept(got.article)) continue;
        const full = items.length >= q.limit || (items.length > 0 && pageBytes + c.itemBytes > budget);
        if (full) return { items, next: cursorAt(last as Candidate) };
        items.push(got.item);
        pageBytes += c.itemBytes;
        last = c;
      }
      if (items.length - before < chunk.length / 2) widen = Math.min(widen * 4, BULK_GET_KEYS);
    }
    if (listed.list_complete) return { items };
    listCursor = listed.cursor;
  }
  // Scan budget spent on a sparse filter: hand back what we have and go on after what was scanned.
  return {
    items,
    next: { ...(listCursor ? { kv: listCursor } : {}), after: last?.key ?? after ?? "" },
  };
}
