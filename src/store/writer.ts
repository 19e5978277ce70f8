// ArticleWriter: one Durable Object per article id, the only code that writes articles. KV has no
// transactions and keeps the last of two concurrent read-modify-writes, so every create, replace
// and takedown of an id runs here, one at a time, against the authoritative copy in the object's
// own (strongly consistent) storage. Ten concurrent POSTs of one article make one 201 and nine 200s.
//
// Crash safety: before touching KV the object records the complete write plan ("pending") together
// with the new state, in one storage transaction, and arms its alarm. The plan writes the record
// first, then its index keys, then deletes the keys the previous version had and this one does not.
// Readers reconcile every index entry against the record it points at (keys.ts), so an interrupted
// plan never shows an article that cannot be read; the alarm (or the next write of the id) replays
// the plan until it completes, so nothing acknowledged stays unlisted.
//
// What readers get is not storage's business: after a write the object tells its injected hooks
// (the distribution layer, wired in src/index.ts), which may queue work for the same alarm. The
// alarm also fires at an embargoed article's publishedAt, to tell the hooks when the embargo lifts.
import { DurableObject } from "cloudflare:workers";
import { type Article, type Draft, isVisible, settle } from "../articles/article.ts";
import { type ChangeEvent, changeEvent, liftEvent } from "../articles/change-event.ts";
import * as clock from "../clock.ts";
import { bounds } from "../limits.ts";
import { logFailure } from "../log.ts";
import { fragmentValueBytes } from "./fragments.ts";
import { isBug, rawStore, usageLedger, type WriterReply } from "./index.ts";
import { type Plan, PlanIncomplete, publishPlan, takeDownPlan, undoPlan } from "./plan.ts";
import { isTombstone, type StoredRecord, type Tombstone } from "./records.ts";
import type { Change, Site, TaskStorage, WriteMode, WriterHooks } from "./types.ts";
import { WriterStorage } from "./writer-storage.ts";

interface LiftTask {
  at: number;
  site: Site;
}

const LIFT = "lift";
/** When the hooks next want the alarm (ms). */
const HOOKS_DUE = "hooks-due";
const RETRY_BASE_MS = 1_000;
/** Retries of a failing plan back off from 2 s, doubling, to at most an hour (and never stop). */
const RETRY_MAX_MS = 60 * 60_000;
/** The plan's event, when the write has one (exactOptionalPropertyTypes: no `event: undefined`). */
const eventField = (event: ChangeEvent | undefined) => (event ? { event } : {});
const retryDelay = (attempts: number) => Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempts, 30));

/** Hooks that do nothing: storage on its own, as a second store implementation's tests would use. */
export const NO_HOOKS: WriterHooks = {
  changed: async () => undefined,
  due: async () => undefined,
  weigh: () => undefined,
  fragments: () => undefined,
};

export class ArticleWriterBase extends DurableObject<Env> {
  /** Set by the composition root's subclass. */
  protected readonly hooks: WriterHooks = NO_HOOKS;

  /** The state and pending plan, kept within Durable Object storage's limit per value. */
  private get store(): WriterStorage {
    return new WriterStorage(this.ctx.storage);
  }

  private get tasks(): TaskStorage {
    const s = this.ctx.storage;
    return {
      get: <T>(key: string) => s.get<T>(`task:${key}`),
      put: <T>(key: string, value: T) => s.put(`task:${key}`, value),
      delete: (key: string) => s.delete(`task:${key}`),
    };
  }

  /**
   * Create (`POST`) or create-or-replace (`PUT`) one article. A dry run decides exactly as the
   * write would, from the same state, and stops before anything is stored or told.
   */
  save(draft: Draft, mode: WriteMode, site: Site, publisher?: string, dryRun = false): Promise<WriterReply> {
    return this.exclusive(draft.id, async () => {
      const current = dryRun ? await this.peek(draft.id) : await this.current(draft.id);
      if (!dryRun) await this.runDueHooks();
      const existing = current && !isTombstone(current) ? current : undefined;
      const earlier = current && isTombstone(current) ? current : undefined;
      // A tombstone blocks its id for ever: a publish script re-run over its drafts must not bring a
      // withdrawn story back. Only an explicit restore does.
      if (earlier && mode !== "restore") return { kind: "gone", tombstone: earlier };
      let next = settle(draft, existing, clock.nowIso(), publisher, earlier, site.idAuthority);
      if (existing && next === existing) return { kind: "unchanged", article: existing };
      if (existing && mode === "create") return { kind: "conflict", article: existing };
      if (
        existing?.categorySlug !== next.categorySlug &&
        !(await rawStore(this.env).admits(next.categorySlug, !dryRun))
      )
        return {
          kind: "invalid",
          errors: [
            {
              path: "category",
              message: `${bounds().categories} categories are in use, the most the service allows; use one of them or take down the articles of one`,
            },
          ],
        };
      if (dryRun)
        return existing
          ? { kind: "updated", article: next, previous: existing }
          : { kind: "created", article: next };
      // No two articles share an `updatedAt` (feeds may not: W3C DuplicateUpdated): the site-wide
      // registry moves a tie a few milliseconds on, once, and the record stores the result.
      if (next.updatedAt !== existing?.updatedAt) {
        const untied = await rawStore(this.env).untie(next.id, Date.parse(next.updatedAt));
        next = { ...next, updatedAt: new Date(untied).toISOString() };
      }
      const now = clock.now();
      // Sides under embargo are marked in the event: only embargo preview sees them.
      const plan = {
        ...this.publishPlan(next, existing, site, now),
        ...eventField(changeEvent(existing, next, now)),
      };
      const failed = await this.commit(next, plan, { before: existing, after: next, site }, current);
      if (failed) return failed;
      return existing
        ? { kind: "updated", article: next, previous: existing }
        : { kind: "created", article: next };
    });
  }

  /**
   * Take the article down: its record becomes a tombstone and every index entry goes. A takedown
   * supersedes a pending plan of the id (one that storage keeps failing, say): it does not wait for
   * it, and deletes whatever that plan may have written too.
   */
  takeDown(id: string, site: Site, dryRun = false, reason?: string): Promise<WriterReply> {
    return this.exclusive(id, async () => {
      const replaced = await this.store.pending();
      const current = await this.peek(id);
      if (!current) return { kind: "not-found" };
      if (isTombstone(current)) {
        // A retried takedown: done, or still being applied (its plan is pending): both are final.
        return { kind: "gone" };
      }
      if (dryRun) return { kind: "taken-down", article: current };
      await this.runDueHooks();
      const now = clock.now();
      const visible = isVisible(current, now);
      const tombstone: Tombstone = {
        id,
        takenDownAt: new Date(now).toISOString(),
        createdAt: current.createdAt,
        ...(current.itemId ? { itemId: current.itemId } : {}),
        version: current.version + 1,
        firstPublishedAt: current.firstPublishedAt,
        ...(reason ? { reason } : {}),
        // Embargoed and never seen: no public trace (404, no feed tombstone, no event).
        seen: visible || Date.parse(current.firstPublishedAt) <= now,
      };
      const withdrawal = { version: current.version + 1, ...(reason ? { reason } : {}) };
      const failed = await this.commit(
        tombstone,
        {
          ...takeDownPlan(tombstone, current, now, replaced),
          // Under embargo, the withdrawal is heard only by embargo preview (the event says so).
          ...eventField(changeEvent(current, undefined, now, withdrawal)),
        },
        { before: current, site },
        current,
      );
      return failed ?? { kind: "taken-down", article: current };
    });
  }

  /** The last fragments rendered, and the record they were rendered from: a plan applied at once reuses them. */
  private rendered?: { record: string; fragments: string };

  /** The plan for `next`, with its weight and, when the hooks render them, its item fragments. */
  private publishPlan(next: Article, existing: Article | undefined, site: Site, now: number): Plan {
    const fragments = this.hooks.fragments(this.env, next, site);
    const record = JSON.stringify(next);
    this.rendered = fragments === undefined ? undefined : { record, fragments };
    const stored = fragments === undefined ? undefined : { site, bytes: fragmentValueBytes(next, fragments) };
    return publishPlan(next, existing, this.hooks.weigh(next), now, stored);
  }

  /** The fragments a plan writes: rendered from its record (they are never kept in storage). */
  private fragmentsOf(plan: Plan): string | undefined {
    const f = plan.fragments;
    const record = plan.record.value;
    if (!f || "delete" in f || record === null) return undefined;
    if (this.rendered?.record === record) return this.rendered.fragments;
    const state = JSON.parse(record) as StoredRecord;
    return isTombstone(state) ? undefined : this.hooks.fragments(this.env, state, f.site);
  }

  /** Replays an interrupted plan, lifts a due embargo, and runs the hooks' due work. */
  override async alarm(): Promise<void> {
    await this.exclusive(undefined, async () => {
      await this.flush();
      const now = clock.now();
      const lift = await this.ctx.storage.get<LiftTask>(LIFT);
      const state = await this.store.state();
      if (lift && lift.at <= now) {
        // The embargo ends: the article gets its public index keys and its category now.
        if (state && !isTombstone(state) && isVisible(state, now)) {
          const plan = {
            ...this.publishPlan(state, state, lift.site, now),
            event: liftEvent(state, now),
            announce: lift.site,
          };
          await this.store.putPlan(plan);
          await this.ctx.storage.delete(LIFT);
          // The plan announces itself once applied (now, or on a retry): distribution hears of the lift once.
          await this.flush();
        } else await this.ctx.storage.delete(LIFT);
      }
      // The hooks keep their own due times: asking them costs a read or two, so they are asked on
      // every alarm, whatever woke it.
      await this.runHooksDue();
      await this.schedule();
    });
  }

  /**
   * The hooks' work that is due and the alarm has not run yet (the runtime may run it late, and an
   * expiry retries a minute on), done before a write: the write replaces the hooks' tasks, so an
   * expiry it overtook would never be recorded, and partners' streams would keep the article.
   */
  private async runDueHooks(): Promise<void> {
    const due = await this.ctx.storage.get<number>(HOOKS_DUE);
    if (due !== undefined && due <= clock.now()) await this.runHooksDue();
  }

  /** Runs the hooks' due work now and keeps the time they next want the alarm. */
  private async runHooksDue(): Promise<void> {
    await this.ctx.storage.delete(HOOKS_DUE);
    await this.setHooksDue(await this.runHooks(() => this.hooks.due(this.env, this.tasks, clock.now())));
  }

  /** The authoritative state of the id, once any pending plan is applied (a write needs KV in step). */
  private async current(id: string): Promise<StoredRecord | undefined> {
    const failed = await this.flush();
    if (failed) throw new Error(failed.message);
    return this.peek(id);
  }

  /**
   * The authoritative state of the id without writing anything: this object's storage (stored with
   * any pending plan, in one transaction), or the store for ids written before the object existed.
   */
  private async peek(id: string): Promise<StoredRecord | undefined> {
    return (await this.store.state()) ?? (await rawStore(this.env).get(id));
  }

  /**
   * Stores the new state and its plan in one transaction, then applies the plan. If storage fails
   * before the record is written, nothing became visible: the state is rolled back (an undo plan
   * makes sure KV holds the record as before, in case the failed write landed after all) and the
   * caller answers 503. If it fails after, the write is acknowledged: its readers can already see
   * the record, and the alarm completes the rest (with backoff up to an hour) and tells
   * distribution again. A takedown is never rolled back: it is applied until it succeeds.
   */
  private async commit(
    state: StoredRecord,
    plan: Plan,
    change: Omit<Change, "at">,
    previous: StoredRecord | undefined,
  ): Promise<{ kind: "unavailable"; message: string; detail: string } | undefined> {
    await this.store.commit(state, plan);
    await this.ctx.storage.setAlarm(clock.now() + RETRY_BASE_MS * 5);
    const failed = await this.flush();
    const takedown = isTombstone(state);
    if (failed && !failed.recordWritten && !takedown) {
      const before = previous ? JSON.stringify(previous) : null;
      await this.store.commit(previous ?? null, undoPlan(plan, before));
      await this.schedule();
      return {
        kind: "unavailable",
        message: failed.message,
        detail:
          "Article storage failed before anything became visible: nothing was changed. Retry after the number of seconds in Retry-After.",
      };
    }
    if (failed && takedown && !failed.recordWritten) {
      await this.schedule();
      return {
        kind: "unavailable",
        message: failed.message,
        detail:
          "The takedown is recorded but storage failed before it took effect: the article may stay visible until storage recovers. It is retried automatically (backoff up to an hour); repeating this request is safe.",
      };
    }
    const at = clock.now();
    if (failed)
      await this.store.putPlan({ ...((await this.store.pending()) as Plan), announce: change.site });
    await this.tell({
      ...(change.before && isVisible(change.before, at) ? { before: change.before } : {}),
      ...(change.after && isVisible(change.after, at) ? { after: change.after } : {}),
      site: change.site,
      at,
    });
    const { after } = change;
    if (after && !isVisible(after, at))
      await this.ctx.storage.put(LIFT, {
        at: Date.parse(after.publishedAt),
        site: change.site,
      } satisfies LiftTask);
    else await this.ctx.storage.delete(LIFT);
    await this.schedule();
    return undefined;
  }

  /** Tells the hooks about a change readers can see (nothing, when neither side is visible). */
  private async tell(change: Change): Promise<void> {
    if (!change.before && !change.after) return;
    const due = await this.runHooks(() => this.hooks.changed(this.env, change, this.tasks));
    await this.setHooksDue(due);
  }

  /** A hook's failure never undoes a stored write: it is logged, and the hook retries on its next call. */
  private async runHooks(fn: () => Promise<number | undefined>): Promise<number | undefined> {
    try {
      return await fn();
    } catch (err) {
      logFailure("writer-hook-failed", err, { articleId: this.ctx.id.name });
      return clock.now() + RETRY_BASE_MS * 30;
    }
  }

  private async setHooksDue(due: number | undefined): Promise<void> {
    const current = await this.ctx.storage.get<number>(HOOKS_DUE);
    const next =
      due === undefined
        ? undefined
        : current !== undefined && current > clock.now()
          ? Math.min(current, due)
          : due;
    if (next === undefined) await this.ctx.storage.delete(HOOKS_DUE);
    else await this.ctx.storage.put(HOOKS_DUE, next);
  }

  /** One alarm serves every task: the earliest of plan retry, hooks' work and embargo lift. */
  private async schedule(): Promise<void> {
    const [attempts, hooksDue, lift] = await Promise.all([
      this.store.planAttempts(),
      this.ctx.storage.get<number>(HOOKS_DUE),
      this.ctx.storage.get<LiftTask>(LIFT),
    ]);
    const due = [
      attempts !== undefined
        ? clock.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempts)
        : Number.POSITIVE_INFINITY,
      hooksDue ?? Number.POSITIVE_INFINITY,
      lift ? lift.at : Number.POSITIVE_INFINITY,
    ];
    const next = Math.min(...due);
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
    else await this.ctx.storage.deleteAlarm();
  }

  /**
   * Applies the pending plan, if any; on failure keeps it (attempts + 1, alarm with backoff up to an
   * hour) and says how far it got. A plan the writer answered early for tells distribution again.
   */
  private async flush(): Promise<{ message: string; recordWritten: boolean } | undefined> {
    const plan = await this.store.pending();
    if (!plan) return undefined;
    try {
      await rawStore(this.env).apply(plan, this.fragmentsOf(plan));
    } catch (err) {
      plan.attempts++;
      logFailure("write-plan-failed", err, { articleId: this.ctx.id.name, attempts: plan.attempts });
      // Plans are never abandoned (retried with backoff up to an hour): GET /api/stats counts the
      // attempts that failed. Best effort, off every reader's path.
      await usageLedger(this.env)
        .add({ partners: {}, subscribers: {}, events: { "write-plan-retries": 1 } })
        .catch((e) => logFailure("usage-event-failed", e, { articleId: this.ctx.id.name }));
      await this.store.putPlan(plan);
      await this.ctx.storage.setAlarm(clock.now() + retryDelay(plan.attempts));
      const recordWritten = err instanceof PlanIncomplete ? err.recordWritten : false;
      return { message: err instanceof Error ? err.message : String(err), recordWritten };
    }
    await this.store.deletePlan();
    if (plan.announce && plan.record.value !== null) {
      const record = JSON.parse(plan.record.value) as StoredRecord;
      if (!isTombstone(record)) await this.tell({ after: record, site: plan.announce, at: clock.now() });
    }
    return undefined;
  }

  /**
   * Runs `fn` with no other request of this object in between, even across the awaits of KV I/O
   * (input gates alone would let a second request in while KV is being written). A storage failure
   * becomes "unavailable" (503, nothing visible); any other exception is a bug: logged, and rethrown
   * outside blockConcurrencyWhile (which would reset the object) so the caller answers 500.
   */
  private async exclusive<T>(
    articleId: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T | { kind: "unavailable"; message: string; detail?: string }> {
    let bug: unknown;
    const result = await this.ctx.blockConcurrencyWhile(async () => {
      try {
        return await fn();
      } catch (err) {
        if (!isBug(err)) {
          logFailure("writer-storage-failed", err, { articleId });
          return { kind: "unavailable" as const, message: err instanceof Error ? err.message : String(err) };
        }
        bug = err;
        return undefined;
      }
    });
    if (bug !== undefined) {
      logFailure("writer-bug", bug, { articleId });
      throw bug;
    }
    return result as T | { kind: "unavailable"; message: string; detail?: string };
  }
}
