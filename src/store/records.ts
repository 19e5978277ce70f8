// The shape of `a:{id}` values: a live article, or the tombstone a takedown leaves so that the
// article's page answers 410 Gone instead of 404.
import type { Article } from "../articles/article.ts";

export interface Tombstone {
  id: string;
  takenDownAt: string;
  /** Kept so that an article published again under its id keeps its feed id (src/feeds/model.ts). */
  createdAt?: string;
  itemId?: string;
}

export type StoredRecord = Article | Tombstone;

export const isTombstone = (r: StoredRecord): r is Tombstone => "takenDownAt" in r;

export function parseRecord(json: string | null): StoredRecord | undefined {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as StoredRecord;
  } catch {
    return undefined;
  }
}
