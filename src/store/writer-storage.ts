// How ArticleWriter keeps its state and its pending plan in its Durable Object storage, within the
// platform's 2 MB per key and value (src/limits.ts PLATFORM.doValueBytes): the article as the UTF-8
// bytes of its JSON, because a string is serialised with two bytes per character as soon as one of
// them lies beyond Latin-1; and the plan without its record, which is always that same state (or a
// delete) and is filled in from it when the plan is read. So the largest valid article takes one
// value of its own size (validation caps it at RECORD_MAX_BYTES), and the plan a few kilobytes.
import { withLife } from "../articles/article.ts";
import type { StoredRecord } from "./records.ts";
import type { Plan } from "./types.ts";

const STATE = "state";
const PENDING = "pending";

/** A plan as stored: its record is the state's bytes, a delete, or (written before) a string. */
type StoredPlan = Omit<Plan, "record"> & {
  record: { key: string; value: string | null } | { key: string; fromState: true };
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The state as stored earlier: bytes now, an object in objects written before. */
const decode = (v: Uint8Array | StoredRecord | undefined): string | undefined =>
  v === undefined ? undefined : v instanceof Uint8Array ? decoder.decode(v) : JSON.stringify(v);

const stored = (plan: Plan): StoredPlan =>
  plan.record.value === null ? plan : { ...plan, record: { key: plan.record.key, fromState: true } };

export class WriterStorage {
  private readonly s: DurableObjectStorage;
  constructor(storage: DurableObjectStorage) {
    this.s = storage;
  }

  /** The authoritative record of the id, if this object holds one. */
  async state(): Promise<StoredRecord | undefined> {
    const json = decode(await this.s.get<Uint8Array | StoredRecord>(STATE));
    return json === undefined ? undefined : withLife(JSON.parse(json) as StoredRecord);
  }

  /** The plan still to apply, with its record filled in from the state. */
  async pending(): Promise<Plan | undefined> {
    const plan = await this.s.get<StoredPlan>(PENDING);
    if (!plan || !("fromState" in plan.record)) return plan as Plan | undefined;
    const json = decode(await this.s.get<Uint8Array | StoredRecord>(STATE));
    // A plan whose state is gone writes nothing back: the undo of a create deletes the record.
    return { ...plan, record: { key: plan.record.key, value: json ?? null } };
  }

  /**
   * The new state (`null`: none) and the plan that makes KV agree with it, in one transaction. The
   * plan's record must be that state's JSON, or a delete.
   */
  async commit(state: StoredRecord | null, plan: Plan): Promise<void> {
    if (state === null) {
      await this.s.delete(STATE);
      await this.s.put(PENDING, stored(plan));
    } else await this.s.put({ [STATE]: encoder.encode(JSON.stringify(state)), [PENDING]: stored(plan) });
  }

  /** How often the pending plan was tried, if there is one (without reading the state). */
  async planAttempts(): Promise<number | undefined> {
    return (await this.s.get<StoredPlan>(PENDING))?.attempts;
  }

  /** The pending plan again (its attempts or announcement changed; its record is still the state). */
  putPlan(plan: Plan): Promise<void> {
    return this.s.put(PENDING, stored(plan));
  }

  deletePlan(): Promise<boolean> {
    return this.s.delete(PENDING);
  }
}
