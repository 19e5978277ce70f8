// A KV binding that behaves as production KV does between locations: a write becomes visible to
// readers only `delayMs` after it was made (about 60 s), in the order it was made; until then they
// see the value before it. Time is src/clock.ts's, so tests move it instead of sleeping. In memory,
// for one test's store; used through the storage seam (configureStorage).
import * as clock from "../../src/clock.ts";

interface Write {
  at: number;
  key: string;
  value: string | null;
  metadata?: unknown;
}

export function delayedKv(delayMs = 60_000): { kv: KVNamespace; writes: () => number } {
  const log: Write[] = [];
  /** What a reader elsewhere sees now: every write older than the delay, applied in order. */
  const visible = () => {
    const cut = clock.now() - delayMs;
    const state = new Map<string, { value: string; metadata?: unknown }>();
    for (const w of log) {
      if (w.at > cut) break;
      if (w.value === null) state.delete(w.key);
      else
        state.set(w.key, { value: w.value, ...(w.metadata !== undefined ? { metadata: w.metadata } : {}) });
    }
    return state;
  };
  const record = (w: Omit<Write, "at">) => {
    // Writes keep their order even when the clock is set back between them.
    log.push({ ...w, at: Math.max(clock.now(), log.at(-1)?.at ?? 0) });
  };
  const kv = {
    get: async (key: string | string[]) => {
      const state = visible();
      if (Array.isArray(key)) return new Map(key.map((k) => [k, state.get(k)?.value ?? null]));
      return state.get(key)?.value ?? null;
    },
    put: async (key: string, value: string, options?: { metadata?: unknown }) => {
      record({ key, value, ...(options?.metadata !== undefined ? { metadata: options.metadata } : {}) });
    },
    delete: async (key: string) => {
      record({ key, value: null });
    },
    list: async (options: { prefix?: string; limit?: number; cursor?: string } = {}) => {
      const prefix = options.prefix ?? "";
      const limit = options.limit ?? 1000;
      const names = [...visible().entries()]
        .filter(([k]) => k.startsWith(prefix) && (options.cursor === undefined || k > options.cursor))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const page = names.slice(0, limit);
      const complete = page.length === names.length;
      return {
        keys: page.map(([name, v]) => ({
          name,
          ...(v.metadata !== undefined ? { metadata: v.metadata } : {}),
        })),
        list_complete: complete,
        ...(complete ? {} : { cursor: page.at(-1)?.[0] }),
        cacheStatus: null,
      };
    },
  };
  return { kv: kv as unknown as KVNamespace, writes: () => log.length };
}
