// Write plans: the complete set of KV writes that makes KV agree with one new state of an article,
// in the order that keeps readers safe (record first, then index keys, then stale keys, then the
// shared category registry, which is only ever added to). Pure construction; the store applies it.
import type { Article } from "../articles/article.ts";
import { categoryKey, indexKeys, recordKey, summary } from "./keys.ts";
import type { Tombstone } from "./records.ts";

export interface Plan {
  record: { key: string; value: string };
  index: { key: string; metadata: unknown }[];
  deletes: string[];
  /** Written only when absent: shared by many ids, so never rewritten (one write per second per key). */
  ensure: { key: string; value: string; metadata: unknown }[];
  attempts: number;
}

export function publishPlan(next: Article, existing: Article | undefined, weight?: number): Plan {
  const keys = indexKeys(next);
  const meta = summary(next, weight);
  return {
    record: { key: recordKey(next.id), value: JSON.stringify(next) },
    index: keys.map((key) => ({ key, metadata: meta })),
    deletes: existing ? indexKeys(existing).filter((k) => !keys.includes(k)) : [],
    ensure: [
      { key: categoryKey(next.categorySlug), value: next.category, metadata: { name: next.category } },
    ],
    attempts: 0,
  };
}

export function takeDownPlan(tombstone: Tombstone, current: Article): Plan {
  return {
    record: { key: recordKey(tombstone.id), value: JSON.stringify(tombstone) },
    index: [],
    deletes: indexKeys(current),
    ensure: [],
    attempts: 0,
  };
}
