// Red team: a partner's changes stream replays its listing. Over random publishes, edits, category
// moves (in and out of the partner's categories), embargoes (set, moved, published early), takedowns,
// restores and articles with `expires` (some passing during the run, the writer's alarm recording the
// expiry), following /api/changes with the partner's key, from the start and from where a consumer
// polling during the writes stood, reproduces exactly the ids and versions its /api/articles lists.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { rng } from "../bench/corpus.ts";
import { advanceClock, now, setClock } from "../src/clock.ts";
import { article, call, del, put, send } from "./helpers/api.ts";
import { asPartner, issue } from "./helpers/partners.ts";

type Live = Map<string, number>;
interface Change {
  id: string;
  kind: "create" | "update" | "withdraw" | "expire";
  version: number;
}

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Who reads: a partner key, or the public (null). */
type Who = string | null;
const read = (who: Who, url: string) => (who === null ? call(url) : asPartner(who, url));

async function follow(key: Who, from: string, live: Live): Promise<string> {
  let url = from;
  for (let i = 0; i < 300; i++) {
    const res = await read(key, url);
    expect(res.status, url).toBe(200);
    const page = (await res.json()) as { items: Change[]; next_url: string };
    for (const c of page.items) {
      if (c.kind === "withdraw" || c.kind === "expire") live.delete(c.id);
      else live.set(c.id, c.version);
    }
    url = path(page.next_url);
    if (page.items.length === 0) return url;
  }
  throw new Error("the changes feed did not end");
}

async function listed(key: Who): Promise<Live> {
  const out: Live = new Map();
  let url: string | null = "/api/articles?limit=100";
  while (url) {
    const res = await read(key, url);
    expect(res.status, url).toBe(200);
    const page = (await res.json()) as { items: { id: string; version: number }[]; next_url: string | null };
    for (const a of page.items) out.set(a.id, a.version);
    url = page.next_url ? path(page.next_url) : null;
  }
  return out;
}

const IDS = ["rt-a", "rt-b", "rt-c", "rt-d", "rt-e"];
// The partner reads the first two; the third is someone else's.
const CATEGORIES = ["RT In One", "RT In Two", "RT Out"];

async function run(seed: number) {
  const rnd = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const ids = IDS.map((id) => `${id}-${seed}`);
  const start = Date.parse("2026-03-01T00:00:00Z") + seed * 40 * 86_400_000;
  setClock(() => start);
  // Categories exist before the partner names them.
  for (const [i, c] of CATEGORIES.entries())
    expect((await put(`rt-seed-${seed}-${i}`, article({ category: `${c} ${seed}` }))).status).toBe(201);
  const slug = (c: string) => `${c} ${seed}`.toLowerCase().replaceAll(" ", "-");
  const p = await issue({
    name: `Red team ${seed}`,
    content: "full",
    embargoPreview: true,
    categories: [slug("RT In One"), slug("RT In Two")],
  });
  // A partner without embargo preview or categories, and the public, replay their own listings too.
  const plain = await issue({ name: `Red team plain ${seed}`, content: "full" });
  const polling: Live = new Map();
  let cursor = "/api/changes?limit=4";
  const snapshots: { cursor: string; live: Live }[] = [];
  const log: string[] = [];
  for (let step = 0; step < 40; step++) {
    const id = pick(ids);
    const t = now();
    const body = (extra: Record<string, unknown> = {}) => {
      const o: Record<string, unknown> = article({
        headline: `step ${step} ${id}`,
        category: `${pick(CATEGORIES)} ${seed}`,
        ...extra,
      });
      // Rights that end soon (during the run) or later, or none.
      const e = rnd();
      if (e < 0.3) o.expires = new Date(t + 60_000 + Math.floor(rnd() * 3_600_000)).toISOString();
      else if (e < 0.45) o.expires = new Date(t + 30 * 86_400_000).toISOString();
      return o;
    };
    const r = rnd();
    let what: string;
    let res: Response;
    if (r < 0.4) {
      what = "put";
      res = await send("PUT", `/api/articles/${id}`, body());
    } else if (r < 0.55) {
      what = "embargo";
      const at = new Date(t + 60_000 + Math.floor(rnd() * 1_800_000)).toISOString();
      const o = body({ publishedAt: at });
      if (typeof o.expires === "string" && Date.parse(o.expires) <= Date.parse(at))
        o.expires = new Date(Date.parse(at) + 600_000).toISOString();
      res = await send("PUT", `/api/articles/${id}`, o);
    } else if (r < 0.75) {
      what = "del";
      res = await del(id);
    } else {
      what = "restore";
      res = await send("PUT", `/api/articles/${id}?restore=true`, body());
    }
    log.push(`${step} ${what} ${id} ${res.status} ${res.status >= 400 ? await res.text() : ""}`);
    advanceClock(Math.floor(rnd() * 600_000));
    // The writers' alarms, as the runtime would run them (some of them, now and then).
    if (rnd() < 0.4)
      for (const i of ids) await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(i)));
    if (rnd() < 0.3) {
      cursor = await follow(p.key, cursor, polling);
      snapshots.push({ cursor, live: new Map(polling) });
    }
  }
  // Every embargo lifts and every near expiry passes; each writer's alarm runs until it has nothing due.
  advanceClock(2 * 86_400_000);
  for (let round = 0; round < 3; round++)
    for (const i of ids) await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(i)));
  advanceClock(61_000);

  const mine = (live: Live) =>
    new Map(
      [...live].filter(
        ([id]) => id.startsWith("rt-") && id.endsWith(`-${seed}`) && !id.startsWith("rt-seed"),
      ),
    );
  const truth = mine(await listed(p.key));
  // The sequence did something: writes were taken and the partner lists some of them.
  expect(log.filter((l) => / 20[01] /.test(l)).length, log.join("\n")).toBeGreaterThan(10);
  const fromStart: Live = new Map();
  await follow(p.key, "/api/changes", fromStart);
  expect(mine(fromStart), `seed ${seed}, from the start\n${log.join("\n")}`).toEqual(truth);
  await follow(p.key, cursor, polling);
  expect(mine(polling), `seed ${seed}, polling throughout\n${log.join("\n")}`).toEqual(truth);
  for (const [i, s] of snapshots.entries()) {
    const live = new Map(s.live);
    await follow(p.key, s.cursor, live);
    expect(mine(live), `seed ${seed}, from snapshot ${i}\n${log.join("\n")}`).toEqual(truth);
  }
  const everyone: [string, Who][] = [
    ["preview partner", p.key],
    ["plain partner", plain.key],
    ["public", null],
  ];
  for (const [name, who] of everyone) {
    const replayed: Live = new Map();
    await follow(who, "/api/changes", replayed);
    expect(mine(replayed), `seed ${seed}, ${name} from the start\n${log.join("\n")}`).toEqual(
      mine(await listed(who)),
    );
  }
  // Past the replay window: the rights of 30 days end (the alarms record it), the next event
  // compacts the log, and following from the start still gives each reader its listing.
  advanceClock(31 * 86_400_000);
  for (const i of ids) await runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(i)));
  expect((await put(`rt-seed-${seed}-late`, article({ category: `RT Out ${seed}` }))).status).toBe(201);
  advanceClock(61_000);
  for (const [name, who] of everyone) {
    const replayed: Live = new Map();
    await follow(who, "/api/changes", replayed);
    expect(mine(replayed), `seed ${seed}, ${name} from the start, compacted\n${log.join("\n")}`).toEqual(
      mine(await listed(who)),
    );
  }
}

describe("a partner's changes stream reproduces its listing", () => {
  afterAll(() => setClock());
  it.each([1, 2, 3, 4, 5, 6, 16])(
    "over a random write sequence (seed %i) with categories, embargo preview and expiries",
    { timeout: 300_000 },
    async (seed) => {
      await run(seed);
    },
  );
});
