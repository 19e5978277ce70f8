// The KV implementation of the storage seam: the only code in the service that calls KV. Reads are
// one `get` or one page walk (kv-page.ts); writes apply a plan in its safe order. Categories come
// from the category registry (categories.ts), a Durable Object, not from a KV list.

import type { CategoryRegistry } from "./categories.ts";
import { CATEGORY_PREFIX, recordKey } from "./keys.ts";
import { listPage } from "./kv-page.ts";
import { type Plan, PlanIncomplete } from "./plan.ts";
import { parseRecord } from "./records.ts";
import type { Category, ScopeInfo, Store } from "./types.ts";

export function kvStore(kv: KVNamespace, categories: DurableObjectNamespace<CategoryRegistry>): Store {
  const registry = () => categories.get(categories.idFromName("site"));
  return {
    list: (q) => listPage(kv, q),
    get: async (id) => parseRecord(await kv.get(recordKey(id))),
    categories: async () => {
      const registered = (await registry().categories()) as Category[];
      // A store written before the registry existed keeps its categories as `c:` keys.
      return registered.length > 0 ? registered : legacyCategories(kv);
    },
    admits: (slug) => registry().admits(slug) as Promise<boolean>,
    withdrawnSince: (ids, since) => registry().withdrawnSince(ids, since) as Promise<string[]>,
    scope: (slug) => registry().scope(slug) as Promise<ScopeInfo>,
    untie: (id, ms) => registry().untie(id, ms) as Promise<number>,
    apply: async (plan) => {
      await applyPlan(kv, plan);
      if (plan.placement) {
        try {
          await registry().place(plan.placement.id, plan.placement.at);
        } catch (err) {
          throw new PlanIncomplete(err instanceof Error ? err.message : String(err), true, { cause: err });
        }
      }
    },
  };
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
 * Record first, then index keys, then stale keys. A failure says whether the record was written:
 * before it, readers can see nothing of the plan.
 */
async function applyPlan(kv: KVNamespace, plan: Plan): Promise<void> {
  try {
    if (plan.record.value === null) await kv.delete(plan.record.key);
    else await kv.put(plan.record.key, plan.record.value);
  } catch (err) {
    throw new PlanIncomplete(err instanceof Error ? err.message : String(err), false, { cause: err });
  }
  try {
    await applyRest(kv, plan);
  } catch (err) {
    throw new PlanIncomplete(err instanceof Error ? err.message : String(err), true, { cause: err });
  }
}

async function applyRest(kv: KVNamespace, plan: Plan): Promise<void> {
  await Promise.all(plan.index.map((e) => kv.put(e.key, "", { metadata: e.metadata })));
  await Promise.all(plan.deletes.map((k) => kv.delete(k)));
}
