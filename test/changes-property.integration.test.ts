// A property of the changes feed: over random sequences of publishes, edits, corrections, embargoes,
// takedowns and restores, against a KV that shows each write to readers only 60 s later (as
// production KV does between locations), following /api/changes reproduces exactly the live
// articles and versions /api/articles lists once writes settle: from the start, from where a
// consumer polling during the writes stood at random moments, and through a category filter.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rng } from "../bench/corpus.ts";
import { advanceClock, setClock } from "../src/clock.ts";
import { configureStorage } from "../src/store/index.ts";
import { kvStore } from "../src/store/kv.ts";
import { article, call, del, send } from "./helpers/api.ts";
import { delayedKv } from "./helpers/delayed-kv.ts";

type Live = Map<string, number>;
interface Change {
  id: string;
  kind: "create" | "update" | "withdraw";
  version: number;
}

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Follows the changes feed from `from` to its end, applying each event to `live`; the cursor it ends at. */
async function follow(from: string, live: Live): Promise<string> {
  let url = from;
  for (let i = 0; i < 200; i++) {
    const res = await call(url);
    expect(res.status, url).toBe(200);
    const page = (await res.json()) as { items: Change[]; next_url: string };
    for (const c of page.items) {
      if (c.kind === "withdraw") live.delete(c.id);
      else live.set(c.id, c.version);
    }
    url = path(page.next_url);
    if (page.items.length === 0) return url;
  }
  throw new Error("the changes feed did not end");
}

/** What /api/articles lists: id → version, every page. */
async function listed(query = ""): Promise<Live> {
  const out: Live = new Map();
  let url: string | null = `/api/articles?limit=100${query}`;
  while (url) {
    const page = (await (await call(url)).json()) as {
      items: { id: string; version: number }[];
      next_url: string | null;
    };
    for (const a of page.items) out.set(a.id, a.version);
    url = page.next_url ? path(page.next_url) : null;
  }
  return out;
}

const IDS = ["p-alpha", "p-beta", "p-gamma", "p-delta", "p-eps", "p-zeta"];
const CATEGORIES = ["Prop One", "Prop Two"];
const WORDS = ["harbour", "tunnel", "ferry", "council", "budget", "river"];

async function run(seed: number) {
  const rnd = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const ids = IDS.map((id) => `${id}-${seed}`);
  const start = Date.parse("2026-06-01T00:00:00Z") + seed * 86_400_000;
  setClock(() => start);
  // A consumer polling during the writes, and where it stood (cursor and state) at random moments.
  const polling: Live = new Map();
  let cursor = "/api/changes?limit=7";
  const snapshots: { cursor: string; live: Live }[] = [];
  for (let step = 0; step < 40; step++) {
    const id = pick(ids);
    const body = () =>
      article({
        headline: `${pick(WORDS)} ${pick(WORDS)} ${step}`,
        category: pick(CATEGORIES),
        keywords: [pick(WORDS)],
      });
    const r = rnd();
    if (r < 0.35) await send("PUT", `/api/articles/${id}`, body());
    else if (r < 0.5)
      await send("PUT", `/api/articles/${id}`, { ...body(), correction: `Fixed in step ${step}.` });
    else if (r < 0.6) {
      const at = new Date(start + (step + 1) * 1_000_000 + 90_000).toISOString();
      await send("PUT", `/api/articles/${id}`, { ...body(), publishedAt: at });
    } else if (r < 0.78) await del(id);
    else await send("PUT", `/api/articles/${id}?restore=true`, body());
    advanceClock(Math.floor(rnd() * 5_000));
    if (rnd() < 0.2) advanceClock(61_000);
    if (rnd() < 0.3) {
      cursor = await follow(cursor, polling);
      snapshots.push({ cursor, live: new Map(polling) });
    }
  }
  // Every embargo lifts (the writer's alarm; the last is under 12 hours away), and KV settles.
  advanceClock(12 * 3_600_000);
  for (const id of ids) await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(id)));
  advanceClock(61_000);

  const mine = (live: Live) => new Map([...live].filter(([id]) => id.endsWith(`-${seed}`)));
  const truth = mine(await listed());
  const fromStart: Live = new Map();
  await follow("/api/changes", fromStart);
  expect(mine(fromStart), `seed ${seed}, from the start`).toEqual(truth);
  await follow(cursor, polling);
  expect(mine(polling), `seed ${seed}, polling throughout`).toEqual(truth);
  for (const [i, s] of snapshots.entries()) {
    const live = new Map(s.live);
    await follow(s.cursor, live);
    expect(mine(live), `seed ${seed}, from snapshot ${i}`).toEqual(truth);
  }
  const filtered: Live = new Map();
  await follow("/api/changes?category=prop-one&limit=5", filtered);
  expect(mine(filtered), `seed ${seed}, category prop-one`).toEqual(mine(await listed("&category=prop-one")));
}

describe("the changes feed reproduces the live articles", () => {
  beforeAll(() => {
    const delayed = delayedKv(60_000);
    configureStorage({ factory: (e) => kvStore(delayed.kv, e.CATEGORIES, e.CHANGES) });
  });
  afterAll(() => {
    configureStorage();
    setClock();
  });

  // Each sequence makes about 40 writes and 100 reads: no time limit of vitest's own (5 s) applies.
  it.each([1, 2, 3, 4])(
    "over a random write sequence (seed %i), with KV's 60 s of propagation",
    { timeout: 300_000 },
    async (seed) => {
      await run(seed);
    },
  );
});
