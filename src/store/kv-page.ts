// Pages of articles walked newest-first along one KV index. A page costs one KV list (sometimes a few
// when filters are sparse) and one bulk get per 100 candidates, however many articles are stored:
// summaries ride in list metadata, bodies come by bulk get, never a get per article.
import type { Article } from "../articles/article.ts";
import { entryMatches, parseIndexKey, recordKey, type Summary, scopePrefix } from "./keys.ts";
import { isTombstone, parseRecord } from "./records.ts";
import type { Page, PageQuery } from "./types.ts";

/** KV's bulk get takes at most 100 keys. */
const BULK_GET_MAX = 100;
/** KV's list returns at most 1,000 keys a call. */
const LIST_MAX = 1000;
/**
 * A page walks at most this many list pages. Dense scopes fill a page from the first list; a sparse
 * filter (a rare `q` over the whole archive) stops here and hands back a cursor, so that no request
 * costs more as the archive grows. The page is then short but says where to go on.
 */
export const MAX_LIST_CALLS = 4;

interface Candidate {
  key: string;
  id: string;
  /** The KV cursor whose list page held this key. */
  listCursor: string | undefined;
}

export async function listPage(kv: KVNamespace, q: PageQuery): Promise<Page> {
  const prefix = scopePrefix(q.scope);
  const items: Article[] = [];
  const itemKeys: Candidate[] = [];
  let listCursor = q.cursor?.kv;
  const after = q.cursor?.after;
  // One more than the page: finding it proves that a next page exists (RFC 5005 `next` only then).
  const want = q.limit + 1;

  for (let calls = 0; calls < MAX_LIST_CALLS; calls++) {
    const listed = await kv.list<Summary>({
      prefix,
      limit: LIST_MAX,
      ...(listCursor ? { cursor: listCursor } : {}),
    });
    const candidates: Candidate[] = [];
    for (const k of listed.keys) {
      if (after !== undefined && k.name <= after) continue;
      const parsed = parseIndexKey(k.name, prefix);
      if (!parsed || parsed.time > q.now) continue; // embargoed: not yet, and never takes a slot
      if (k.metadata && q.prefilter && !q.prefilter(k.metadata)) continue;
      candidates.push({ key: k.name, id: parsed.id, listCursor });
    }
    for (let i = 0; i < candidates.length && items.length < want; ) {
      const chunk = candidates.slice(i, i + Math.min(BULK_GET_MAX, Math.max(want - items.length, 20)));
      i += chunk.length;
      const records = await kv.get(chunk.map((c) => recordKey(c.id)));
      for (const c of chunk) {
        const record = parseRecord(records.get(recordKey(c.id)) ?? null);
        // Reconcile against the record: skip entries whose article is gone, moved or not yet written.
        if (!record || isTombstone(record) || !entryMatches(record, c.key)) continue;
        if (Date.parse(record.publishedAt) > q.now || !q.accept(record)) continue;
        items.push(record);
        itemKeys.push(c);
        if (items.length === want) break;
      }
    }
    if (items.length >= want || listed.list_complete) {
      if (items.length < want) return { items };
      const last = itemKeys[q.limit - 1] as Candidate;
      return {
        items: items.slice(0, q.limit),
        next: { ...(last.listCursor ? { kv: last.listCursor } : {}), after: last.key },
      };
    }
    listCursor = listed.cursor;
  }
  // Scan budget spent on a sparse filter: hand back what we have and go on after what was scanned.
  return {
    items,
    next: { ...(listCursor ? { kv: listCursor } : {}), after: itemKeys.at(-1)?.key ?? after ?? "" },
  };
}
