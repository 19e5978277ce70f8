// ArticleWriter: one Durable Object per article id, the only code that writes to KV. KV has no
// transactions and keeps the last of two concurrent read-modify-writes, so every create, replace
// and takedown of an id runs here, one at a time, against the authoritative copy in the object's
// own (strongly consistent) storage. Ten concurrent POSTs of one article make one 201 and nine 200s.
//
// Crash safety: before touching KV the object records the complete write plan ("pending") together
// with the new state, in one storage transaction, and arms an alarm. The plan writes the record
// first, then its index keys, then deletes the keys the previous version had and this one does not.
// Readers reconcile every index entry against the record it points at (src/store/keys.ts), so an
// interrupted plan never shows an article that cannot be read; the alarm (or the next write of the
// id) replays the plan until it completes, so nothing acknowledged stays unlisted.
import { DurableObject } from "cloudflare:workers";
import { type Article, type Draft, settle } from "../articles/article.ts";
import { indexKeys, recordKey, summary } from "./keys.ts";
import { isTombstone, parseRecord, type StoredRecord } from "./records.ts";

export type WriteMode = "create" | "replace";

export type WriteOutcome =
  | { kind: "created" | "updated" | "unchanged" | "taken-down"; article: Article; previous?: Article }
  | { kind: "conflict"; article: Article }
  | { kind: "not-found" }
  | { kind: "gone" }
  | { kind: "unavailable"; message: string };

interface Plan {
  record: { key: string; value: string };
  index: { key: string; metadata: unknown }[];
  deletes: string[];
  attempts: number;
}

const STATE = "state";
const PENDING = "pending";
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;

export class ArticleWriter extends DurableObject<Env> {
  /** Create (`POST`) or create-or-replace (`PUT`) one article. */
  save(draft: Draft, mode: WriteMode, publisher?: string): Promise<WriteOutcome> {
    return this.exclusive(async () => {
      const current = await this.current(draft.id);
      const existing = current && !isTombstone(current) ? current : undefined;
      const now = new Date().toISOString();
      const next = settle(draft, existing, now, publisher);
      if (existing && next === existing) return { kind: "unchanged", article: existing };
      if (existing && mode === "create") return { kind: "conflict", article: existing };
      const plan: Plan = {
        record: { key: recordKey(next.id), value: JSON.stringify(next) },
        index: indexKeys(next).map((key) => ({ key, metadata: summary(next) })),
        deletes: existing ? indexKeys(existing).filter((k) => !indexKeys(next).includes(k)) : [],
        attempts: 0,
      };
      const failed = await this.commit(next, plan);
      if (failed) return failed;
      return existing
        ? { kind: "updated", article: next, previous: existing }
        : { kind: "created", article: next };
    });
  }

  /** Take the article down: its record becomes a tombstone and every index entry goes. */
  takeDown(id: string): Promise<WriteOutcome> {
    return this.exclusive(async () => {
      const current = await this.current(id);
      if (!current) return { kind: "not-found" };
      if (isTombstone(current)) return { kind: "gone" }; // a retried takedown: already done
      const tombstone = { id, takenDownAt: new Date().toISOString() };
      const failed = await this.commit(tombstone, {
        record: { key: recordKey(id), value: JSON.stringify(tombstone) },
        index: [],
        deletes: indexKeys(current),
        attempts: 0,
      });
      return failed ?? { kind: "taken-down", article: current };
    });
  }

  /** Replays an interrupted plan, with exponential backoff, until it completes. */
  override async alarm(): Promise<void> {
    await this.exclusive(async () => {
      await this.flush();
    });
  }

  /** The authoritative state of the id: this object's storage, or KV for ids written before it existed. */
  private async current(id: string): Promise<StoredRecord | undefined> {
    const flushed = await this.flush();
    if (flushed) throw new Unavailable(flushed);
    const state = await this.ctx.storage.get<StoredRecord>(STATE);
    if (state) return state;
    return parseRecord(await this.env.ARTICLES.get(recordKey(id)));
  }

  private async commit(state: StoredRecord, plan: Plan): Promise<WriteOutcome | undefined> {
    // One storage transaction: the new state and the plan that makes KV agree with it.
    await this.ctx.storage.put({ [STATE]: state, [PENDING]: plan });
    await this.ctx.storage.setAlarm(Date.now() + RETRY_BASE_MS * 5);
    const failed = await this.flush();
    return failed ? { kind: "unavailable", message: failed } : undefined;
  }

  /** Applies the pending plan, if any. Returns an error message when KV failed. */
  private async flush(): Promise<string | undefined> {
    const plan = await this.ctx.storage.get<Plan>(PENDING);
    if (!plan) return undefined;
    const kv = this.env.ARTICLES;
    try {
      await kv.put(plan.record.key, plan.record.value);
      await Promise.all(plan.index.map((e) => kv.put(e.key, "", { metadata: e.metadata })));
      await Promise.all(plan.deletes.map((k) => kv.delete(k)));
    } catch (err) {
      plan.attempts++;
      await this.ctx.storage.put(PENDING, plan);
      await this.ctx.storage.setAlarm(
        Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** plan.attempts),
      );
      return err instanceof Error ? err.message : String(err);
    }
    await this.ctx.storage.delete(PENDING);
    await this.ctx.storage.deleteAlarm();
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

class Unavailable extends Error {}
