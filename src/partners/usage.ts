// Usage, counted in the isolate: per partner key, requests, 304s and the last pull of each feed; for
// public feeds, the subscribers readers' fetchers report in their User-Agent ("Feedly/1.0 (…; 42
// subscribers; …)"), the latest per fetcher. A batch goes to the usage ledger at most once per
// USAGE_FLUSH_SECONDS, from `waitUntil` after a response: no request waits for storage to count it.
// What an isolate counted and had not sent when it is evicted is lost (at most that many seconds).
import type { Context } from "hono";
import * as clock from "../clock.ts";
import type { AppEnv } from "../env.ts";
import { USAGE_FEEDS_MAX, USAGE_FETCHERS_MAX, USAGE_FLUSH_SECONDS } from "../limits.ts";
import { logFailure } from "../log.ts";
import { type UsageBatch, usageLedger } from "../store/index.ts";

let pending: UsageBatch = { partners: {}, subscribers: {} };
let lastFlush = Number.NEGATIVE_INFINITY;

const isEmpty = (b: UsageBatch) =>
  Object.keys(b.partners).length === 0 && Object.keys(b.subscribers).length === 0 && !b.events;

/** Hands the batch to the ledger after the response, when the last flush is old enough. */
function flushSoon(c: Context<AppEnv>): void {
  const now = clock.now();
  if (now - lastFlush < USAGE_FLUSH_SECONDS * 1000 || isEmpty(pending)) return;
  lastFlush = now;
  const work = flushUsage(c.env);
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.fetch called directly): the promise still runs to completion.
  }
}

/** Sends what this isolate counted now (also before /api/stats answers, so it shows its own isolate). */
export async function flushUsage(env: Env): Promise<void> {
  if (isEmpty(pending)) return;
  const batch = pending;
  pending = { partners: {}, subscribers: {} };
  try {
    await usageLedger(env).add(batch);
  } catch (err) {
    // Counted again with the next batch rather than lost.
    logFailure("usage-flush-failed", err);
    merge(batch);
  }
}

/** The map under `key` in `outer`, made empty on first use. */
function slot<T>(outer: Record<string, Record<string, T>>, key: string): Record<string, T> {
  const inner = outer[key] ?? {};
  outer[key] = inner;
  return inner;
}

function merge(b: UsageBatch): void {
  for (const [id, feeds] of Object.entries(b.partners))
    for (const [feed, n] of Object.entries(feeds)) {
      const mine = slot(pending.partners, id);
      const was = mine[feed] ?? { requests: 0, notModified: 0, last: 0 };
      mine[feed] = {
        requests: was.requests + n.requests,
        notModified: was.notModified + n.notModified,
        last: Math.max(was.last, n.last),
      };
    }
  for (const [feed, fetchers] of Object.entries(b.subscribers))
    for (const [f, n] of Object.entries(fetchers)) {
      const mine = slot(pending.subscribers, feed);
      const was = mine[f];
      if (!was || was.at <= n.at) mine[f] = n;
    }
}

/**
 * What a pull is counted under: its path, except that one-article reads are one line (a partner
 * following the changes feed reads many articles; each would otherwise take one of the 50 lines).
 */
export const usageName = (path: string) =>
  /^\/api\/articles\/[^/]+$/.test(path) ? "/api/articles/{id}" : path;

/** One partner request answered (after the response is made): counted under its path. */
export function countPull(c: Context<AppEnv>, partnerId: string): void {
  const status = c.res.status;
  if (status !== 200 && status !== 304) return;
  const feeds = slot(pending.partners, partnerId);
  // Hono's path, not a parse of the URL: this runs on every partner request.
  const path = usageName(c.req.path);
  const name = path in feeds || Object.keys(feeds).length < USAGE_FEEDS_MAX ? path : "other";
  const was = feeds[name] ?? { requests: 0, notModified: 0, last: 0 };
  feeds[name] = {
    requests: was.requests + 1,
    notModified: was.notModified + (status === 304 ? 1 : 0),
    last: clock.now(),
  };
  flushSoon(c);
}

/** Readers' fetchers known by name (the User-Agent's own product name is used for the others). */
const FETCHERS = [
  "Feedly",
  "Inoreader",
  "NewsBlur",
  "Feedbin",
  "The Old Reader",
  "BazQux",
  "Netvibes",
  "FreshRSS",
  "Miniflux",
  "Feed Wrangler",
  "Feedspot",
];

/**
 * The fetcher and the subscribers a User-Agent reports ("N subscribers" or "N readers"), if any.
 * A service that fetches one URL under several feed ids ("feed-id=…") counts once per id.
 */
export function subscribersIn(userAgent: string): { fetcher: string; count: number } | undefined {
  const m = /(\d[\d,]*)\s+(?:subscribers?|readers?)\b/i.exec(userAgent);
  if (!m) return undefined;
  const count = Number((m[1] as string).replace(/,/g, ""));
  if (!Number.isSafeInteger(count)) return undefined;
  const lower = userAgent.toLowerCase();
  const known = FETCHERS.find(
    (f) => lower.includes(f.toLowerCase().replace(/ /g, "")) || lower.includes(f.toLowerCase()),
  );
  const own = /^([A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*)*?)(?:\/| -| \(|;|$)/.exec(userAgent)?.[1];
  const feedId = /feed-?id[=:]\s*([\w-]{1,40})/i.exec(userAgent)?.[1];
  const name = (known ?? own ?? "unknown").slice(0, 60);
  return { fetcher: feedId ? `${name} ${feedId}` : name, count };
}

/** A public feed request: the subscribers its fetcher reports, latest per fetcher. */
export function countSubscribers(c: Context<AppEnv>): void {
  const status = c.res.status;
  if (status !== 200 && status !== 304) return;
  const found = subscribersIn(c.req.header("user-agent") ?? "");
  if (!found) return;
  const path = new URL(c.req.url).pathname;
  const fetchers = slot(pending.subscribers, path);
  if (!(found.fetcher in fetchers) && Object.keys(fetchers).length >= USAGE_FETCHERS_MAX) return;
  fetchers[found.fetcher] = { count: found.count, at: clock.now() };
  flushSoon(c);
}
