// UsageLedger: one Durable Object for the whole site that adds up what isolates counted (partner
// pulls per feed, subscriber counts readers' fetchers report, events such as abandoned hub
// notifications). Isolates count in memory and send a batch at most once per USAGE_FLUSH_SECONDS
// after a response (src/partners/usage.ts), so counting adds no storage call to any request's path.
import { DurableObject } from "cloudflare:workers";
import * as clock from "../clock.ts";
import { USAGE_FEEDS_MAX } from "../limits.ts";
import type { UsageBatch, UsageReport } from "./types.ts";

type PartnerFeeds = Record<string, { requests: number; notModified: number; last: number }>;
type Fetchers = Record<string, { count: number; at: number }>;

/** The feed a count goes under: its own, or "other" once a key has USAGE_FEEDS_MAX feeds. */
const OTHER = "other";

export class UsageLedger extends DurableObject<Env> {
  add(batch: UsageBatch): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      if ((await s.get<number>("since")) === undefined) await s.put("since", clock.now());
      for (const [id, feeds] of Object.entries(batch.partners)) {
        const key = `u:${id}`;
        const known = (await s.get<PartnerFeeds>(key)) ?? {};
        for (const [feed, n] of Object.entries(feeds)) {
          const name = feed in known || Object.keys(known).length < USAGE_FEEDS_MAX ? feed : OTHER;
          const was = known[name] ?? { requests: 0, notModified: 0, last: 0 };
          known[name] = {
            requests: was.requests + n.requests,
            notModified: was.notModified + n.notModified,
            last: Math.max(was.last, n.last),
          };
        }
        await s.put(key, known);
      }
      for (const [feed, fetchers] of Object.entries(batch.subscribers)) {
        const key = `s:${feed}`;
        const known = (await s.get<Fetchers>(key)) ?? {};
        for (const [fetcher, n] of Object.entries(fetchers))
          if (!known[fetcher] || known[fetcher].at <= n.at) known[fetcher] = n;
        await s.put(key, known);
      }
      if (batch.events) {
        const events = (await s.get<Record<string, number>>("events")) ?? {};
        for (const [name, n] of Object.entries(batch.events)) events[name] = (events[name] ?? 0) + n;
        await s.put("events", events);
      }
    });
  }

  async report(): Promise<UsageReport> {
    const s = this.ctx.storage;
    const iso = (ms: number) => new Date(ms).toISOString();
    const partners: UsageReport["partners"] = {};
    for (const [key, feeds] of await s.list<PartnerFeeds>({ prefix: "u:" }))
      partners[key.slice(2)] = {
        feeds: Object.fromEntries(Object.entries(feeds).map(([f, n]) => [f, { ...n, last: iso(n.last) }])),
      };
    const subscribers: UsageReport["subscribers"] = {};
    for (const [key, fetchers] of await s.list<Fetchers>({ prefix: "s:" }))
      subscribers[key.slice(2)] = {
        total: Object.values(fetchers).reduce((sum, f) => sum + f.count, 0),
        fetchers: Object.fromEntries(
          Object.entries(fetchers).map(([f, n]) => [f, { count: n.count, at: iso(n.at) }]),
        ),
      };
    const since = await s.get<number>("since");
    return {
      partners,
      subscribers,
      events: (await s.get<Record<string, number>>("events")) ?? {},
      ...(since !== undefined ? { since: iso(since) } : {}),
    };
  }
}
