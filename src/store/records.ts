// The shape of `a:{id}` values: a live article, or the tombstone a takedown leaves so that the
// article's page answers 410 Gone instead of 404. A tombstone blocks its id for ever: only an explicit
// restore publishes under it again.
import { type Article, withLife } from "../articles/article.ts";
import { WITHDRAWAL_PUBLIC_MS } from "../limits.ts";

export interface Tombstone {
  id: string;
  takenDownAt: string;
  /** Kept so that an article published again under its id keeps its feed id (src/feeds/model.ts). */
  createdAt?: string;
  itemId?: string;
  /** The withdrawal's own version (the article's + 1): a restore raises it again. */
  version?: number;
  firstPublishedAt?: string;
  /** Why, as the newsroom said it (plain text): shown on the 410 page for 30 days. */
  reason?: string;
  /**
   * Whether readers could ever see the article. `false` (embargoed, then taken down): no public
   * trace at all, the page answers 404 like an id never used. Absent on older tombstones: seen.
   */
  seen?: boolean;
}

/**
 * What the public learns of a taken-down id: nothing (404, as if never used) for an article it never
 * saw; otherwise 410, with the reason while the withdrawal is public (WITHDRAWAL_PUBLIC_MS).
 */
export function goneNotice(t: Tombstone, nowMs: number): { status: 404 } | { status: 410; detail: string } {
  if (t.seen === false) return { status: 404 };
  const recent = Date.parse(t.takenDownAt) > nowMs - WITHDRAWAL_PUBLIC_MS;
  const when = t.takenDownAt.slice(0, 10);
  return {
    status: 410,
    detail:
      recent && t.reason
        ? `The article "${t.id}" was taken down on ${when}: ${t.reason}`
        : `The article "${t.id}" was taken down on ${when}.`,
  };
}

export type StoredRecord = Article | Tombstone;

export const isTombstone = (r: StoredRecord): r is Tombstone => "takenDownAt" in r;

export function parseRecord(json: string | null): StoredRecord | undefined {
  if (json === null) return undefined;
  try {
    return withLife(JSON.parse(json) as StoredRecord);
  } catch {
    return undefined;
  }
}
