// What every replayed attack (test/attacks-*.integration.test.ts) asserts, at either scale: in
// `npm test` with the bounds shrunk (`configureLimits`, so 60 embargoes fill what 4,200 filled), in
// `npm run test:limits` (FULL_LIMITS=1) at the platform's own sizes. No answer is a 5xx; every page
// stays full and within its byte budget; KV operations per read and per publish stay within the
// cost model; every id can still be updated and taken down.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import {
  type Bounds,
  bounds,
  PUBLISH_MAX_KV_READS,
  PUBLISH_MAX_KV_WRITES,
  UPDATE_MAX_KV_OPS,
} from "../../src/limits.ts";
import type { Summary } from "../../src/store/keys.ts";
import { call, del, ORIGIN, put, TOKEN } from "./api.ts";
import { countKv } from "./faults.ts";
import type { OpCounts } from "./kv.ts";

const vars = env as unknown as Record<string, string | undefined>;
/** `npm run test:limits`: the attacks at full size, with the platform's own bounds. */
export const FULL = vars.FULL_LIMITS === "1";

const KiB = 1024;
/** The bounds `npm test` replays the attacks with: the same code, a hundredth of the articles. */
export const SMALL: Partial<Bounds> = {
  listKeys: 10,
  bulkGetBytes: 64 * KiB,
  itemBytes: 16 * KiB,
  // Twenty ordinary articles fit (about 1 KB each), three or four heavy ones do.
  pageBytes: 32 * KiB,
  recordBytes: 48 * KiB,
};
/** Characters of a heavy body: at full size the issue's 200,000; small, what fits a shrunk page twice. */
export const HEAVY_CHARS = FULL ? 200_000 : 3_000;
/** What a feed adds around its items (channel, namespaces, links). */
const CHANNEL_BYTES = 16 * KiB;

export const bytesOf = (s: string) => new TextEncoder().encode(s).byteLength;

/** A response that is not a server error (client input never causes a 5xx). */
export async function answered(res: Promise<Response> | Response): Promise<Response> {
  const r = await res;
  expect(r.status, `${r.url}: ${r.status}`).toBeLessThan(500);
  return r;
}

/** Item bytes in the largest format of every listed article, as its index metadata says. */
async function weights(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await env.ARTICLES.list<Summary>({ prefix: "i:a:", ...(cursor ? { cursor } : {}) });
    for (const k of page.keys) out.set(k.name.slice(k.name.lastIndexOf(":") + 1), k.metadata?.w ?? 0);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

const nextOf = (res: Response) => res.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1];
const cursorOf = (url: string | undefined) => (url ? new URL(url).searchParams.get("cursor") : null);
const idOf = (itemId: string) => itemId.slice(itemId.lastIndexOf("/") + 1);

/**
 * Walks a feed (`/feed` or `/category/x/feed`, `query` without `?`) in all three formats, up to
 * `maxPages`: each page answers 200, RSS and Atom hold the same number of items and the same `next`
 * as JSON Feed, the page's bytes stay within the budget, and a page that has a next page is full (it
 * holds `limit` items, or the next item would have taken it past the budget). Returns the ids shown.
 */
export async function walkFeed(base: string, query = "", maxPages = 1_000): Promise<string[]> {
  const w = await weights();
  const { pageBytes } = bounds();
  const limit = Number(new URLSearchParams(query).get("limit") ?? 20);
  const ids: string[] = [];
  let page: string | undefined = `${base}.json${query ? `?${query}` : ""}`;
  for (let n = 0; page && n < maxPages; n++) {
    const json = await answered(call(page.replace(ORIGIN, "")));
    expect(json.status, page).toBe(200);
    const body = await json.text();
    const items = (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => idOf(i.id));
    const next = nextOf(json);
    for (const [ext, tag] of [
      ["xml", "<item>"],
      ["atom", "<entry>"],
    ] as const) {
      const other = await answered(call(page.replace(ORIGIN, "").replace(`${base}.json`, `${base}.${ext}`)));
      const text = await other.text();
      expect(text.split(tag).length - 1, `${ext} ${page}`).toBe(items.length);
      expect(cursorOf(nextOf(other)), `${ext} next of ${page}`).toBe(cursorOf(next));
      expectWithinBudget(text, items, w);
    }
    expectWithinBudget(body, items, w);
    const shown = items.reduce((sum, id) => sum + (w.get(id) ?? 0), 0);
    if (next) {
      const following = await answered(call(next.replace(ORIGIN, "")));
      const first = (JSON.parse(await following.text()) as { items: { id: string }[] }).items[0];
      const room = shown + (first ? (w.get(idOf(first.id)) ?? 0) : 0);
      expect(items.length === limit || room > pageBytes, `page ${page} is not full`).toBe(true);
    }
    ids.push(...items);
    page = next;
  }
  return ids;
}

function expectWithinBudget(text: string, items: string[], w: Map<string, number>) {
  const alone = items.length === 1 ? (w.get(items[0] as string) ?? 0) : 0;
  expect(bytesOf(text)).toBeLessThanOrEqual(Math.max(bounds().pageBytes, alone) + CHANNEL_BYTES);
}

type Seen = { kv: number; puts: number; deletes: number; listsAndGets: number; bulkGetBytes: number };
const worst: Record<"publish" | "update" | "read", Seen> = {
  publish: { kv: 0, puts: 0, deletes: 0, listsAndGets: 0, bulkGetBytes: 0 },
  update: { kv: 0, puts: 0, deletes: 0, listsAndGets: 0, bulkGetBytes: 0 },
  read: { kv: 0, puts: 0, deletes: 0, listsAndGets: 0, bulkGetBytes: 0 },
};
function note(kind: keyof typeof worst, c: OpCounts, bulkGetBytes: number) {
  const w = worst[kind];
  const listsAndGets = c.list + c.bulkGet + c.get;
  w.kv = Math.max(w.kv, listsAndGets + c.put + c.delete);
  w.puts = Math.max(w.puts, c.put);
  w.deletes = Math.max(w.deletes, c.delete);
  w.listsAndGets = Math.max(w.listsAndGets, listsAndGets);
  w.bulkGetBytes = Math.max(w.bulkGetBytes, bulkGetBytes);
}

/** The most KV operations any publish, update and cold read took in this file: one JSON line. */
export function printWorstCosts(file: string): void {
  console.log(JSON.stringify({ event: "attack-costs", file, full: FULL, ...worst }));
}

/** A cold read of `path` (made a cache miss by a filter nothing has): within the cost model's read. */
export async function expectReadCost(path: string): Promise<void> {
  const sep = path.includes("?") ? "&" : "?";
  const cold = `${path}${sep}exclude=zz${crypto.randomUUID().slice(0, 8)}`;
  const { result, counts, sizes } = await countKv(() => answered(call(cold)));
  expect(result.status, cold).toBe(200);
  expect(counts.list, `${cold} lists`).toBeLessThanOrEqual(bounds().pageLists);
  expect(counts.bulkGet, `${cold} bulk gets`).toBeLessThanOrEqual(bounds().pageBulkGets);
  expect(counts.get, `${cold} gets`).toBe(0);
  expect(sizes.bulkGetBytes).toBeLessThanOrEqual(bounds().bulkGetBytes);
  note("read", counts, sizes.bulkGetBytes);
}

/** A publish (or update) through `write`: within the cost model's KV writes and reads. */
export async function expectWriteCost(write: () => Promise<Response>, update = false): Promise<Response> {
  const { result, counts, sizes } = await countKv(() => answered(write()));
  expect(result.status).toBeLessThan(300);
  expect(counts.put).toBeLessThanOrEqual(PUBLISH_MAX_KV_WRITES);
  expect(counts.put + counts.delete).toBeLessThanOrEqual(update ? UPDATE_MAX_KV_OPS : PUBLISH_MAX_KV_WRITES);
  expect(counts.list + counts.bulkGet + counts.get).toBeLessThanOrEqual(PUBLISH_MAX_KV_READS);
  expect(sizes.bulkGetBytes).toBeLessThanOrEqual(bounds().bulkGetBytes);
  note(update ? "update" : "publish", counts, sizes.bulkGetBytes);
  return result;
}

/** Each id can still be replaced (with `update`) and taken down. */
export async function expectUpdatableAndRemovable(ids: readonly string[], update: Record<string, unknown>) {
  for (const id of ids) {
    const res = await answered(put(id, update));
    expect(res.status, `PUT ${id}: ${await res.clone().text()}`).toBe(200);
    expect((await answered(del(id))).status, `DELETE ${id}`).toBe(204);
    expect((await call(`/api/articles/${id}`)).status).toBe(410);
  }
}

/** Takes `ids` down in calls of 100 through the bulk takedown. */
export async function bulkTakeDown(ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const res = await answered(
      call("/api/articles/takedown", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ ids: ids.slice(i, i + 100) }),
      }),
    );
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: number }[] };
    expect(results.every((r) => r.status === 204)).toBe(true);
  }
}
