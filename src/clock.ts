// The service's clock: every decision that depends on the time of day (embargoes, freshness of cached
// copies, tombstone windows) reads it here, so tests can move time instead of sleeping. Timers that
// wait in real time (Durable Object alarms, retry backoff, storage timeouts) keep `Date.now()`.

let source: () => number = () => Date.now();

/** Milliseconds since the epoch, as the service sees them. */
export const now = (): number => source();

/** The current time as an ISO 8601 UTC string. */
export const nowIso = (): string => new Date(source()).toISOString();

/** Tests only: read the time from `fn` (nothing restores the real clock). */
export function setClock(fn?: () => number): void {
  source = fn ?? (() => Date.now());
}

/** Tests only: the real clock plus `offsetMs` from now on (cumulative). */
export function advanceClock(offsetMs: number): void {
  const before = source;
  source = () => before() + offsetMs;
}
