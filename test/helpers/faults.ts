// Faults injected through the storage seam (src/store/index.ts `configureStorage`), the one way tests
// break or observe storage: a store whose operations fail or hang, a KV binding that fails part-way
// through a write plan, or one that counts its operations. Every helper restores the real store.
import { env } from "cloudflare:workers";
import { configureStorage, type Store } from "../../src/store/index.ts";
import { kvStore } from "../../src/store/kv.ts";
import { countingKv, type OpCounts, type OpSizes } from "./kv.ts";

/** What a failing storage operation rejects with: internal detail that must never reach a client. */
export const INTERNAL_DETAIL = "upstream 500 at kv-internal.example";
export const fail = (): Promise<never> => Promise.reject(new Error(`KV failed: ${INTERNAL_DETAIL}`));
export const hang = (): Promise<never> => new Promise(() => {});

/** Every read of the store fails (the writer's own operations too). */
export const BROKEN_READS: Partial<Store> = {
  list: fail,
  listFragments: fail,
  get: fail,
  categories: fail,
  withdrawnSince: fail,
  changedAt: fail,
  scope: fail,
  changes: fail,
  latestChanges: fail,
  withdrawals: fail,
};
export const BROKEN_WRITES: Partial<Store> = { apply: fail, record: fail };
export const BROKEN: Partial<Store> = { ...BROKEN_READS, ...BROKEN_WRITES, admits: fail };
export const HANGING: Partial<Store> = {
  list: hang,
  listFragments: hang,
  get: hang,
  categories: hang,
  apply: hang,
};

/** The real KV store with `overrides` in place of some of its operations, until `heal()`. */
export function breakStore(overrides: Partial<Store>, opts: { timeoutMs?: number } = {}) {
  configureStorage({
    factory: (e) => ({ ...kvStore(e.ARTICLES, e.CATEGORIES, e.CHANGES), ...overrides }),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return { heal: () => configureStorage() };
}

/** Runs `work` with storage broken as `overrides` says, then restores the real store. */
export async function withStore<T>(
  overrides: Partial<Store>,
  work: () => Promise<T>,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  const { heal } = breakStore(overrides, opts);
  try {
    return await work();
  } finally {
    heal();
  }
}

/** Runs `work` with the partner registry failing every call, then restores it. */
export async function withBrokenPartners<T>(work: () => Promise<T>): Promise<T> {
  configureStorage({
    partners: () => ({ create: fail, list: fail, lookup: fail, update: fail, revoke: fail }),
  });
  try {
    return await work();
  } finally {
    configureStorage();
  }
}

/**
 * KV whose puts fail after the first `okPuts` (0: the record's own put fails), or whose deletes fail:
 * a write plan that stops part-way, as a crash or a KV error between two writes leaves it.
 */
export function breakKvWrites(opts: { okPuts?: number; failDeletes?: boolean }) {
  const kv = env.ARTICLES;
  let puts = 0;
  return useKv({
    put: (...a: Parameters<KVNamespace["put"]>) => {
      if (opts.okPuts !== undefined && puts++ >= opts.okPuts)
        return Promise.reject(new Error(`KV PUT failed: ${INTERNAL_DETAIL}`));
      return kv.put(...a);
    },
    delete: (key: string) =>
      opts.failDeletes ? Promise.reject(new Error(`KV DELETE failed: ${INTERNAL_DETAIL}`)) : kv.delete(key),
  });
}

/** The store over the real KV binding with some of its methods replaced, until `heal()`. */
function useKv(overrides: Partial<KVNamespace>) {
  const kv = env.ARTICLES;
  const faulty = {
    get: kv.get.bind(kv),
    list: kv.list.bind(kv),
    getWithMetadata: kv.getWithMetadata.bind(kv),
    put: kv.put.bind(kv),
    delete: kv.delete.bind(kv),
    ...overrides,
  } as KVNamespace;
  configureStorage({ factory: (e) => kvStore(faulty, e.CATEGORIES, e.CHANGES) });
  return { heal: () => configureStorage() };
}

/** A KV daily quota of the free plan: reads (get, bulk get), writes, deletes and lists are counted apart. */
export type Quota = "reads" | "writes" | "deletes" | "lists";

/**
 * KV once the day's `spent` quotas are used up: those operations fail as KV fails them then (an
 * error until the quota resets at 00:00 UTC), the others work. The category registry, a Durable
 * Object, still answers. Until `heal()`.
 */
export function spendQuota(...spent: Quota[]) {
  const refused = (what: string) => () =>
    Promise.reject(new Error(`KV ${what}() limit exceeded for the day (429): ${INTERNAL_DETAIL}`));
  return useKv({
    ...(spent.includes("reads") ? { get: refused("get"), getWithMetadata: refused("get") } : {}),
    ...(spent.includes("writes") ? { put: refused("put") } : {}),
    ...(spent.includes("deletes") ? { delete: refused("delete") } : {}),
    ...(spent.includes("lists") ? { list: refused("list") } : {}),
  } as Partial<KVNamespace>);
}

/** From now until `heal()`, counts every KV operation of the store (the writer's included). */
export function watchKv(): { counts: OpCounts; sizes: OpSizes; heal: () => void } {
  const counted = countingKv(env.ARTICLES);
  configureStorage({ factory: (e) => kvStore(counted.kv, e.CATEGORIES, e.CHANGES) });
  return { counts: counted.counts, sizes: counted.sizes, heal: () => configureStorage() };
}

/** Counts the KV operations of everything `work` does (the writer's included), then restores the store. */
export async function countKv<T>(
  work: () => Promise<T>,
): Promise<{ result: T; counts: OpCounts; sizes: OpSizes }> {
  const { counts, sizes, heal } = watchKv();
  try {
    return { result: await work(), counts, sizes };
  } finally {
    heal();
  }
}
