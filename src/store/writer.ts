// ArticleWriter: one Durable Object per article id, the only code that writes to KV. KV has no
// transactions and keeps the last of two concurrent read-modify-writes, so every create, replace
// and takedown of an id runs here, one at a time, against the authoritative copy in the object's
// own (strongly consistent) storage. Ten concurrent POSTs of one article make one 201 and nine 200s.
//
// Crash safety: before touching KV the object records the complete write plan ("pending") together
// with the new state, in one storage transaction, and arms its alarm. The plan writes the record
// first, then its index keys, then deletes the keys the previous version had and this one does not.
// Readers reconcile every index entry against the record it points at (src/store/keys.ts), so an
// interrupted plan never shows an article that cannot be read; the alarm (or the next write of the
// id) replays the plan until it completes, so nothing acknowledged stays unlisted.
//
// After the response, the same alarm notifies the WebSub hub of the feeds that changed and purges
// their cached copies, with retries; and it fires again at an embargoed article's publishedAt to do
// the same when the embargo lifts (exact to the second, with no scan of the archive).
import { DurableObject } from "cloudflare:workers";
import { type Article, type Draft, isVisible, settle } from "../articles/article.ts";
import { siteConfig } from "../config.ts";
import { purgeFeeds, purgePages, rebuildFeeds } from "./feeds.ts";
import { recordKey } from "./keys.ts";
import {
  changedFeeds,
  changedPages,
  PING_MAX_ATTEMPTS,
  type PingTask,
  pingBackoffMs,
  pingHub,
} from "./notify.ts";
import { applyPlan, type Plan, publishPlan, takeDownPlan } from "./plan.ts";
import { isTombstone, parseRecord, type StoredRecord } from "./records.ts";

export type WriteMode = "create" | "replace";

/** Where the public sees the article: needed to name the feeds a change touches. */
export interface Site {
  url: string;
  hub?: string;
}

export type WriteOutcome =
  | { kind: "created" | "updated" | "unchanged" | "taken-down"; article: Article; previous?: Article }
  | { kind: "conflict"; article: Article }
  | { kind: "not-found" }
  | { kind: "gone" }
  | { kind: "unavailable"; message: string };

interface LiftTask {
  at: number;
  site: Site;
}

/** Canonical feeds to build ahead of readers, right after the response. */
interface RebuildTask {
  urls: string[];
  site: Site;
  writtenAt: number;
}

const STATE = "state";
const PENDING = "pending";
const PINGS = "pings";
const LIFT = "lift";
const REBUILD = "rebuild";
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;

export class ArticleWriter extends DurableObject<Env> {
  /** Create (`POST`) or create-or-replace (`PUT`) one article. */
  save(draft: Draft, mode: WriteMode, site: Site, publisher?: string): Promise<WriteOutcome> {
    return this.exclusive(async () => {
      const current = await this.current(draft.id);
      const existing = current && !isTombstone(current) ? current : undefined;
      const createdAt = current && isTombstone(current) ? current.createdAt : undefined;
      const next = settle(draft, existing, new Date().toISOString(), publisher, createdAt);
      if (existing && next === existing) return { kind: "unchanged", article: existing };
      if (existing && mode === "create") return { kind: "conflict", article: existing };
      const failed = await this.commit(next, publishPlan(next, existing), existing, next, site);
      if (failed) return failed;
      return existing
        ? { kind: "updated", article: next, previous: existing }
        : { kind: "created", article: next };
    });
  }

  /** Take the article down: its record becomes a tombstone and every index entry goes. */
  takeDown(id: string, site: Site): Promise<WriteOutcome> {
    return this.exclusive(async () => {
      const current = await this.current(id);
      if (!current) return { kind: "not-found" };
      if (isTombstone(current)) return { kind: "gone" }; // a retried takedown: already done
      const tombstone = { id, takenDownAt: new Date().toISOString(), createdAt: current.createdAt };
      const failed = await this.commit(tombstone, takeDownPlan(tombstone, current), current, undefined, site);
      return failed ?? { kind: "taken-down", article: current };
    });
  }

  /** Replays an interrupted plan, rebuilds changed feeds, sends due hub notifications, lifts a due embargo. */
  override async alarm(): Promise<void> {
    await this.exclusive(async () => {
      await this.flush();
      const rebuild = await this.ctx.storage.get<RebuildTask>(REBUILD);
      if (rebuild) {
        await this.ctx.storage.delete(REBUILD);
        // Best effort: a feed that fails to build here is built by its next reader.
        const site = siteConfig(this.env, rebuild.site.url);
        await rebuildFeeds(this.env, site, rebuild.urls, rebuild.writtenAt ?? 0).catch(() => undefined);
      }
      const now = Date.now();
      const lift = await this.ctx.storage.get<LiftTask>(LIFT);
      const state = await this.ctx.storage.get<StoredRecord>(STATE);
      if (lift && lift.at <= now) {
        await this.ctx.storage.delete(LIFT);
        if (state && !isTombstone(state) && isVisible(state, now))
          await this.announce(undefined, state, lift.site);
      }
      const ping = await this.ctx.storage.get<PingTask>(PINGS);
      if (ping && ping.due <= now) {
        if (await pingHub(ping)) await this.ctx.storage.delete(PINGS);
        else if (ping.attempts + 1 >= PING_MAX_ATTEMPTS) {
          console.warn(JSON.stringify({ event: "websub-ping-abandoned", hub: ping.hub, urls: ping.urls }));
          await this.ctx.storage.delete(PINGS);
        } else {
          await this.ctx.storage.put(PINGS, {
            ...ping,
            attempts: ping.attempts + 1,
            due: now + pingBackoffMs(ping.attempts + 1),
          });
        }
      }
      await this.schedule();
    });
  }

  /** The authoritative state of the id: this object's storage, or KV for ids written before it existed. */
  private async current(id: string): Promise<StoredRecord | undefined> {
    const failed = await this.flush();
    if (failed) throw new Error(failed);
    const state = await this.ctx.storage.get<StoredRecord>(STATE);
    if (state) return state;
    return parseRecord(await this.env.ARTICLES.get(recordKey(id)));
  }

  private async commit(
    state: StoredRecord,
    plan: Plan,
    before: Article | undefined,
    after: Article | undefined,
    site: Site,
  ): Promise<WriteOutcome | undefined> {
    // One storage transaction: the new state and the plan that makes KV agree with it.
    await this.ctx.storage.put({ [STATE]: state, [PENDING]: plan });
    await this.ctx.storage.setAlarm(Date.now() + RETRY_BASE_MS * 5);
    const failed = await this.flush();
    if (failed) return { kind: "unavailable", message: failed };
    await this.announce(before, after, site);
    if (after && !isVisible(after, Date.now()))
      await this.ctx.storage.put(LIFT, { at: Date.parse(after.publishedAt), site } satisfies LiftTask);
    else await this.ctx.storage.delete(LIFT);
    await this.schedule();
    return undefined;
  }

  /** Purges cached copies of the changed feeds now, and queues a hub notification for the alarm. */
  private async announce(before: Article | undefined, after: Article | undefined, site: Site): Promise<void> {
    const writtenAt = Date.now();
    const urls = changedFeeds(before, after, site.url, writtenAt);
    if (urls.length === 0) return;
    await purgePages(changedPages(before, after, site.url, Date.now()));
    // Build the canonical feeds again before answering (replacing the cached copies), so that the
    // first reader after the write is served from cache. If that fails, drop the copies instead,
    // so that readers build their own, and let the alarm try again.
    try {
      await rebuildFeeds(this.env, siteConfig(this.env, site.url), urls, writtenAt);
    } catch {
      await purgeFeeds(urls);
      const waiting = await this.ctx.storage.get<RebuildTask>(REBUILD);
      const all = waiting ? [...new Set([...waiting.urls, ...urls])] : urls;
      await this.ctx.storage.put(REBUILD, { urls: all, site, writtenAt } satisfies RebuildTask);
    }
    if (!site.hub) return;
    const queued = await this.ctx.storage.get<PingTask>(PINGS);
    const merged = queued && queued.hub === site.hub ? [...new Set([...queued.urls, ...urls])] : urls;
    await this.ctx.storage.put(PINGS, {
      hub: site.hub,
      urls: merged,
      attempts: 0,
      due: Date.now(),
    } satisfies PingTask);
  }

  /** One alarm serves every task: the earliest of plan retry, hub retry and embargo lift. */
  private async schedule(): Promise<void> {
    const [plan, ping, lift, rebuild] = await Promise.all([
      this.ctx.storage.get<Plan>(PENDING),
      this.ctx.storage.get<PingTask>(PINGS),
      this.ctx.storage.get<LiftTask>(LIFT),
      this.ctx.storage.get<RebuildTask>(REBUILD),
    ]);
    const due = [
      rebuild ? Date.now() : Number.POSITIVE_INFINITY,
      plan
        ? Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** plan.attempts)
        : Number.POSITIVE_INFINITY,
      ping ? ping.due : Number.POSITIVE_INFINITY,
      lift ? lift.at : Number.POSITIVE_INFINITY,
    ];
    const next = Math.min(...due);
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
    else await this.ctx.storage.deleteAlarm();
  }

  /** Applies the pending plan, if any. Returns an error message when KV failed. */
  private async flush(): Promise<string | undefined> {
    const plan = await this.ctx.storage.get<Plan>(PENDING);
    if (!plan) return undefined;
    try {
      await applyPlan(this.env.ARTICLES, plan);
    } catch (err) {
      plan.attempts++;
      await this.ctx.storage.put(PENDING, plan);
      await this.ctx.storage.setAlarm(
        Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** plan.attempts),
      );
      return err instanceof Error ? err.message : String(err);
    }
    await this.ctx.storage.delete(PENDING);
    return undefined;
  }

  /**
   * Runs `fn` with no other request of this object in between, even across the awaits of KV I/O
   * (input gates alone would let a second request in while KV is being written).
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T | { kind: "unavailable"; message: string }> {
    return this.ctx.blockConcurrencyWhile(async () => {
      try {
        return await fn();
      } catch (err) {
        // Never let an exception escape blockConcurrencyWhile: it would reset the object.
        return { kind: "unavailable" as const, message: err instanceof Error ? err.message : String(err) };
      }
    });
  }
}
