// Cold builds in this isolate: concurrent misses of one copy share one build, and only a few builds
// run at once, so that a burst of cache misses (a client varying parameters, eight at a time) shares
// the isolate's CPU with every other request instead of taking it. A miss past that is refused at
// once (serve.ts answers a stale copy or 429) rather than queued: a request cannot be resumed by
// another request's code in workerd (I/O belongs to the request that started it).
import { BUILDS_AT_ONCE } from "../limits.ts";

const building = new Map<string, Promise<unknown>>();

/** A build of `key` cannot start now: enough others are running (joining one of them always can). */
export const buildsBusy = (key: string) => !building.has(key) && building.size >= BUILDS_AT_ONCE;

/** Builds `key` once however many ask at the same time. */
export function buildOnce<T>(key: string, build: () => Promise<T>): Promise<T> {
  const pending = building.get(key);
  if (pending) return pending as Promise<T>;
  const p = build().finally(() => building.delete(key));
  building.set(key, p);
  return p;
}
