// What a write means for readers: which cached representations it touches (the registry says), which
// are expired, which are built again before the writer answers, and which feeds the WebSub hub hears
// of. Runs inside the writer through its hooks; work that fails is queued and retried by its alarm.

import { type ChangeEvent, expireEvent } from "../articles/change-event.ts";
import { withRights } from "../articles/rights.ts";
import * as clock from "../clock.ts";
import { siteConfig } from "../config.ts";
import { itemContextFor } from "../feeds/formats.ts";
import { renderFragments } from "../feeds/fragments.ts";
import { logEvent, logFailure } from "../log.ts";
import {
  articles,
  type Change,
  rawStore,
  type TaskStorage,
  usageLedger,
  type WriterHooks,
} from "../store/index.ts";
import { absolute } from "../urls.ts";
import { forAudience } from "./audience.ts";
import { expireCached, readCached, storeCached } from "./cache.ts";
import { REPRESENTATIONS } from "./registry.ts";
import { render } from "./serve.ts";
import { buildContext, type Representation, type Target } from "./types.ts";
import { PING_MAX_ATTEMPTS, type PingTask, pingBackoffMs, pingHub } from "./websub.ts";
import { itemWeight } from "./weight.ts";

const PINGS = "pings";
const REBUILD = "rebuild";
const EXPIRY = "expiry";
/** An expiry whose storage calls failed is tried again this much later. */
const EXPIRY_RETRY_MS = 60_000;

/** When the article leaves partner outputs (its `expires`, or the site's default): one per writer. */
interface ExpiryTask {
  at: number;
  slug: string;
  /** What partners' changes feeds hear then (absent in tasks queued before it was recorded). */
  event?: ChangeEvent;
}

/**
 * The article's expiry, queued for the writer's alarm: at that time its category is dated as
 * changed, so partners' copies (renewed while nothing changes) are built again without it, and
 * partners' changes feeds hear an "expire".
 */
async function scheduleExpiry(env: Env, change: Change, tasks: TaskStorage): Promise<number | undefined> {
  const after = change.after;
  const expires = after && withRights(after, siteConfig(env, change.site.url).rights).expires;
  const at = expires ? Date.parse(expires) : undefined;
  // Already past: recorded before, unless the article reaches readers only now (an embargo that
  // ends after it, a lift the runtime ran late), which embargo preview may have held: the alarm
  // records that at once, retried like any expiry.
  if (!after || !expires || at === undefined || (at <= change.at && change.before)) {
    await tasks.delete(EXPIRY);
    return undefined;
  }
  const event = expireEvent(after, expires, at);
  await tasks.put(EXPIRY, { at, slug: after.categorySlug, event } satisfies ExpiryTask);
  return at;
}

/** Copies to build again: the names of the touched targets, kept until a rebuild succeeds. */
interface RebuildTask {
  siteUrl: string;
  /** Representation name and target, for each copy. */
  targets: { rep: string; target: Target }[];
  writtenAt: number;
}

/** Every representation copy a change touches, once each. */
export function touchedBy(change: Change): { rep: Representation; target: Target }[] {
  const out = new Map<string, { rep: Representation; target: Target }>();
  for (const rep of REPRESENTATIONS)
    for (const target of rep.touched(change))
      out.set(`${rep.name} ${target.key.path}?${target.key.params}`, { rep, target });
  return [...out.values()];
}

const hubUrls = (siteUrl: string, touched: { rep: Representation; target: Target }[]) =>
  touched
    .filter((t) => t.rep.hub)
    .map((t) => absolute(siteUrl, t.target.key.path, new URLSearchParams(t.target.key.params)));

/** Builds the prebuilt copies again, skipping any whose cached copy was begun after the write. */
async function rebuild(env: Env, task: RebuildTask): Promise<void> {
  const site = siteConfig(env, task.siteUrl);
  const ctx = buildContext(site, forAudience(articles(env), site));
  for (const { rep: name, target } of task.targets) {
    const rep = REPRESENTATIONS.find((r) => r.name === name);
    if (!rep) continue;
    const cached = await readCached(site.url, target.key);
    // A reader built it after the write (an expired copy is the one the write made stale).
    if (cached && !cached.expired && cached.copy.builtAt > task.writtenAt) continue;
    await storeCached(site.url, target.key, await render(ctx, rep, target));
  }
}

/** Counts an event for /api/stats (from the writer's alarm, off every request's path); best effort. */
async function countEvent(env: Env, name: string): Promise<void> {
  await usageLedger(env)
    .add({ partners: {}, subscribers: {}, events: { [name]: 1 } })
    .catch((err) => logFailure("usage-event-failed", err, { event: name }));
}

export const distributionHooks: WriterHooks = {
  weigh: (a) => itemWeight(a).bytes,
  // Rendered for the site the write came through: the same site every feed of it is built for.
  fragments: (env, a, site) => renderFragments(a, itemContextFor(siteConfig(env, site.url))),

  async changed(env, change, tasks) {
    const touched = touchedBy(change);
    const siteUrl = change.site.url;
    await expireCached(
      siteUrl,
      touched.map((t) => t.target.key),
    );
    // Build the canonical copies again before answering, so that the first reader after the write
    // is served from cache. If that fails, the expiry above already made readers build their own
    // (and left the old copy to serve while storage fails); the alarm tries again.
    const task: RebuildTask = {
      siteUrl,
      targets: touched.filter((t) => t.rep.prebuild).map((t) => ({ rep: t.rep.name, target: t.target })),
      writtenAt: change.at,
    };
    let due: number | undefined;
    try {
      await rebuild(env, task);
    } catch (err) {
      logFailure("rebuild-failed", err, { articleId: (change.after ?? change.before)?.id });
      const waiting = await tasks.get<RebuildTask>(REBUILD);
      await tasks.put(REBUILD, waiting ? { ...task, targets: [...waiting.targets, ...task.targets] } : task);
      due = clock.now();
    }
    const expiry = await scheduleExpiry(env, change, tasks);
    if (expiry !== undefined) due = due === undefined ? expiry : Math.min(due, expiry);
    const urls = hubUrls(siteUrl, touched);
    if (change.site.hub && urls.length > 0) {
      const queued = await tasks.get<PingTask>(PINGS);
      const merged =
        queued && queued.hub === change.site.hub ? [...new Set([...queued.urls, ...urls])] : urls;
      await tasks.put(PINGS, {
        hub: change.site.hub,
        urls: merged,
        attempts: 0,
        due: clock.now(),
      } satisfies PingTask);
      due = clock.now();
    }
    return due;
  },

  async due(env, tasks, now) {
    let next: number | undefined;
    const later = (t: number) => {
      next = next === undefined ? t : Math.min(next, t);
    };
    const waiting = await tasks.get<RebuildTask>(REBUILD);
    if (waiting) {
      await tasks.delete(REBUILD);
      // Best effort: a copy that fails to build here is built by its next reader.
      await rebuild(env, waiting).catch((err) =>
        logFailure("rebuild-failed", err, { siteUrl: waiting.siteUrl }),
      );
    }
    const expiry = await tasks.get<ExpiryTask>(EXPIRY);
    if (expiry && expiry.at <= now) {
      try {
        const store = rawStore(env);
        // The event first: a copy built once the category is dated must find it in the log.
        if (expiry.event) await store.record(expiry.event);
        await store.touch(expiry.slug);
        await tasks.delete(EXPIRY);
      } catch (err) {
        // Both steps are idempotent: the alarm tries again in a minute until they are done.
        logFailure("expiry-failed", err, { articleId: expiry.event?.id });
        later(now + EXPIRY_RETRY_MS);
      }
    } else if (expiry) later(expiry.at);
    const ping = await tasks.get<PingTask>(PINGS);
    if (ping && ping.due <= now) {
      if (await pingHub(ping)) {
        await tasks.delete(PINGS);
        await countEvent(env, "hub-notifications-sent");
      } else if (ping.attempts + 1 >= PING_MAX_ATTEMPTS) {
        logEvent("websub-ping-abandoned", { hub: ping.hub, urls: ping.urls, attempts: ping.attempts + 1 });
        await tasks.delete(PINGS);
        await countEvent(env, "hub-notifications-abandoned");
      } else {
        const retry = now + pingBackoffMs(ping.attempts + 1);
        await tasks.put(PINGS, { ...ping, attempts: ping.attempts + 1, due: retry });
        later(retry);
      }
    } else if (ping) later(ping.due);
    return next;
  },
};
