// Write plans: the complete set of KV writes that makes KV agree with one new state of an article,
// in the order that keeps readers safe (item fragments, the record, then index keys, then stale keys,
// then the article's place in the category registry). Pure construction; the store applies it.
import { type Article, isVisible } from "../articles/article.ts";
import { fragmentKey, indexKeys, recordKey, scheduledKey, summary, writtenKeys } from "./keys.ts";
import type { Tombstone } from "./records.ts";
import type { Plan, Site } from "./types.ts";

export type { Plan };

/** A plan failed part-way; `recordWritten` says whether readers may already see the new record. */
export class PlanIncomplete extends Error {
  override readonly name = "PlanIncomplete";
  readonly recordWritten: boolean;
  constructor(message: string, recordWritten: boolean, options?: ErrorOptions) {
    super(message, options);
    this.recordWritten = recordWritten;
  }
}

/**
 * The plan that stores `next` over `existing`. A visible article gets its public index keys and its
 * category; an embargoed one only its scheduled key (its public keys come at its time, by the same
 * function), so it takes no public slot and names no category early. Deletes cover every key an
 * earlier version may have written.
 */
export function publishPlan(
  next: Article,
  existing: Article | undefined,
  weight: number | undefined,
  now: number,
  fragments?: { site: Site; bytes: number },
): Plan {
  const visible = isVisible(next, now);
  const keys = visible ? indexKeys(next) : [scheduledKey(next)];
  const meta = summary(next, weight, fragments?.bytes);
  return {
    ...(fragments ? { fragments: { key: fragmentKey(next.id), site: fragments.site } } : {}),
    record: { key: recordKey(next.id), value: JSON.stringify(next) },
    index: keys.map((key) => ({ key, metadata: meta })),
    deletes: existing ? writtenKeys(existing, now).filter((k) => !keys.includes(k)) : [],
    placement: { id: next.id, at: { slug: next.categorySlug, name: next.category, visible } },
    attempts: 0,
  };
}

/** The tombstone and the deletion of every key the article, or a plan it replaces, may have written. */
export function takeDownPlan(tombstone: Tombstone, current: Article, now: number, replaced?: Plan): Plan {
  const keys = new Set([
    ...writtenKeys(current, now),
    ...(replaced?.index.map((e) => e.key) ?? []),
    ...(replaced?.deletes ?? []),
  ]);
  return {
    // Deleted first: no reader may assemble the article from its fragments once it is taken down.
    fragments: { key: fragmentKey(tombstone.id), delete: true },
    record: { key: recordKey(tombstone.id), value: JSON.stringify(tombstone) },
    index: [],
    deletes: [...keys],
    placement: { id: tombstone.id, at: null },
    attempts: 0,
  };
}

/** Undoes a plan whose record write failed: the record as it was before (or none), nothing else. */
export function undoPlan(attempted: Plan, before: string | null): Plan {
  return {
    record: { key: attempted.record.key, value: before },
    index: [],
    deletes: [],
    attempts: 0,
  };
}
