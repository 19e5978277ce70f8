// The KV implementation of the storage seam: the only code in the service that calls KV. Reads are
// one `get` or one page walk (kv-page.ts); writes apply a plan in its safe order. Categories come
// from the category registry (categories.ts), a Durable Object, not from a KV list.

import type { CategoryRegistry } from "./categories.ts";
import type { ChangeLog } from "./changelog.ts";
import { fragmentValue } from "./fragments.ts";
import { CATEGORY_PREFIX, recordKey } from "./keys.ts";
import { listFragmentPage, listPage } from "./kv-page.ts";
import { type Plan, PlanIncomplete } from "./plan.ts";
import { parseRecord } from "./records.ts";
import type { Category, LoggedEvent, ScopeInfo, Store } from "./types.ts";

export function kvStore(
  kv: KVNamespace,
  categories: DurableObjectNamespace<CategoryRegistry>,
  changes: DurableObjectNamespace<ChangeLog>,
): Store {
  const registry = () => categories.get(categories.idFromName("site"));
  const log = () => changes.get(changes.idFromName("site"));
  const place = async (plan: Plan, recordWritten: boolean) => {
    const placement = plan.placement;
    if (placement) await incomplete(() => registry().place(placement.id, placement.at), recordWritten);
  };
  return {
    list: (q) => listPage(kv, q),
    listFragments: (q) => listFragmentPage(kv, q),
    get: async (id) => parseRecord(await kv.get(recordKey(id))),
    categories: async () => {
      const registered = (await registry().categories()) as Category[];
      // A store written before the registry existed keeps its categories as `c:` keys.
      return registered.length > 0 ? registered : legacyCategories(kv);
    },
    admits: (slug, claim) => registry().admits(slug, claim) as Promise<boolean>,
    withdrawnSince: (ids, since) => registry().withdrawnSince(ids, since) as Promise<string[]>,
    changedAt: (slug) => registry().changedAt(slug) as Promise<number>,
    touch: (slug) => registry().touch(slug),
    scope: (slug) => registry().scope(slug) as Promise<ScopeInfo>,
    untie: (id, ms) => registry().untie(id, ms) as Promise<number>,
    apply: async (plan, fragments) => {
      // A takedown tells the registry first: from then on no stale copy that shows the article is
      // served, even while KV cannot be written (an outage, a spent daily quota). Every plan tells it
      // once KV is written, which dates the change for copies that revalidate (cache.ts).
      if (plan.placement?.at === null) await place(plan, false);
      await applyPlan(kv, plan, fragments);
      await place(plan, true);
      // Last: a consumer that hears of the change finds KV (at this location) and the registry agreeing.
      if (plan.event) {
        const event = plan.event;
        await incomplete(() => log().record(event), true);
      }
    },
    changes: (after, limit) => log().read(after, limit) as Promise<LoggedEvent[]>,
    latestChanges: (limit) => log().latest(limit) as Promise<LoggedEvent[]>,
    withdrawals: (since, limit) => log().withdrawals(since, limit) as Promise<LoggedEvent[]>,
    record: async (event) => {
      await log().record(event);
    },
  };
}

/** Runs one step of a plan; a failure says whether the record was written already. */
async function incomplete(step: () => Promise<unknown>, recordWritten: boolean): Promise<void> {
  try {
    await step();
  } catch (err) {
    throw new PlanIncomplete(err instanceof Error ? err.message : String(err), recordWritten, { cause: err });
  }
}

/** Categories of a store written before the registry: `c:{slug}` keys, one list call per 1,000. */
async function legacyCategories(kv: KVNamespace): Promise<Category[]> {
  const out: Category[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<{ name: string }>({ prefix: CATEGORY_PREFIX, ...(cursor ? { cursor } : {}) });
    for (const k of page.keys) {
      const slug = k.name.slice(CATEGORY_PREFIX.length);
      out.push({ slug, name: k.metadata?.name ?? slug });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

/**
 * Fragments, record, then index keys, then stale keys. A failure says whether the record was
 * written: before it, readers can see nothing of the plan (fragments are used only when the index
 * entry's digest names their record, so new fragments beside old entries are not used). Fragments
 * a takedown cannot delete stop it there: the article could still be assembled from them.
 */
async function applyPlan(kv: KVNamespace, plan: Plan, fragments?: string): Promise<void> {
  const f = plan.fragments;
  // When deletes fail (their daily quota is spent), an empty value removes the fragments as well.
  if (f && "delete" in f) await failsUnwritten(kv.delete(f.key).catch(() => kv.put(f.key, "")));
  else if (f && fragments !== undefined && plan.record.value !== null)
    await failsUnwritten(kv.put(f.key, fragmentValue(plan.record.value, fragments)));
  try {
    if (plan.record.value === null) await kv.delete(plan.record.key);
    else await kv.put(plan.record.key, plan.record.value);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A tombstone KV will not take (the day's writes are spent, say) still takes effect if the record
    // can be deleted (deletes have their own quota): readers then skip every entry of the article,
    // and the plan, kept pending, writes the tombstone (and its 410 page) once KV takes writes again.
    const takedown = plan.placement?.at === null;
    const deleted =
      takedown &&
      (await kv.delete(plan.record.key).then(
        () => true,
        () => false,
      ));
    throw new PlanIncomplete(message, deleted, { cause: err });
  }
  try {
    await applyRest(kv, plan);
  } catch (err) {
    throw new PlanIncomplete(err instanceof Error ? err.message : String(err), true, { cause: err });
  }
}

/** A failure before the record is written: nothing readers see has changed. */
async function failsUnwritten(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (err) {
    throw new PlanIncomplete(err instanceof Error ? err.message : String(err), false, { cause: err });
  }
}

async function applyRest(kv: KVNamespace, plan: Plan): Promise<void> {
  await Promise.all(plan.index.map((e) => kv.put(e.key, "", { metadata: e.metadata })));
  await Promise.all(plan.deletes.map((k) => kv.delete(k)));
}
