// Embargoed articles for the newsroom: `GET /api/articles?status=scheduled` lists them soonest first,
// with paging, for any newsroom token and nobody else; `POST /api/articles/takedown` takes up to 100
// ids down in one call (embargoed or visible), one result per id, with a `takedown` token.
import { describe, expect, it } from "vitest";
import { BULK_TAKEDOWN_MAX } from "../src/limits.ts";
import { allIds, article, call, ORIGIN, put, send, TOKEN } from "./helpers/api.ts";

const PUBLISH_ONLY = "test-token-publish";
const TAKEDOWN_ONLY = "test-token-takedown";
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Every id of the scheduled listing with `token`, following next_url. */
async function scheduledIds(query: string, token = TOKEN): Promise<string[]> {
  const ids: string[] = [];
  let url: string | null = `/api/articles?status=scheduled&${query}`;
  while (url) {
    const res = await call(url.replace(ORIGIN, ""), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const json = (await res.json()) as { items: { id: string }[]; next_url: string | null };
    ids.push(...json.items.map((i) => i.id));
    url = json.next_url;
  }
  return ids;
}

const bulk = (ids: unknown, token: string | null = TOKEN) =>
  send("POST", "/api/articles/takedown", ids, token);

describe("scheduled articles", () => {
  it("lists embargoed articles soonest first, page by page, for any newsroom token", async () => {
    // Published out of order; each one day apart.
    for (const day of [5, 2, 9, 1, 7])
      expect(
        (await put(`sched-day-${day}`, article({ category: "Sched Desk", publishedAt: inDays(day) }))).status,
      ).toBe(201);
    await put("sched-visible", article({ category: "Sched Desk" }));
    const expected = ["sched-day-1", "sched-day-2", "sched-day-5", "sched-day-7", "sched-day-9"];
    expect(await scheduledIds("category=sched-desk&limit=2")).toEqual(expected);
    expect(await scheduledIds("category=sched-desk", PUBLISH_ONLY)).toEqual(expected);
    expect(await scheduledIds("category=sched-desk", TAKEDOWN_ONLY)).toEqual(expected);
    // The public listing shows only what is visible.
    expect(await allIds("?category=sched-desk")).toEqual(["sched-visible"]);
  });

  it("answers the public 401 saying why, a wrong token 401, another status 400", async () => {
    const anonymous = await call("/api/articles?status=scheduled");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await anonymous.json()) as { detail: string }).detail).toContain("embargoed");
    const wrong = await call("/api/articles?status=scheduled", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const other = await call("/api/articles?status=published", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("status");
    // Feeds know no status at all.
    expect((await call("/feed.json?status=scheduled")).status).toBe(400);
  });

  it("refuses a cursor of the scheduled listing on the public one", async () => {
    for (const n of [1, 2, 3])
      await put(`sched-cur-${n}`, article({ category: "Cursor Sched", publishedAt: inDays(n) }));
    for (const n of [1, 2, 3]) await put(`pub-cur-${n}`, article({ category: "Cursor Sched" }));
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const scheduled = (await (
      await call("/api/articles?status=scheduled&category=cursor-sched&limit=1", auth)
    ).json()) as { next_url: string };
    const cursor = new URL(scheduled.next_url).searchParams.get("cursor") as string;
    const crossed = await call(`/api/articles?category=cursor-sched&limit=1&cursor=${cursor}`, auth);
    expect(crossed.status).toBe(400);
  });
});

describe("bulk takedown", () => {
  it("takes embargoed and visible articles down, one result per id in order", async () => {
    const ids = ["bulk-a", "bulk-b", "bulk-c"];
    for (const id of ids) await put(id, article({ category: "Bulk Desk", publishedAt: inDays(3) }));
    await put("bulk-visible", article({ category: "Bulk Desk" }));
    const res = await bulk(
      { ids: [...ids, "bulk-visible", "bulk-never-was", "Not An Id", "bulk-a"] },
      TAKEDOWN_ONLY,
    );
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: { index: number; id: string; status: number; result: string }[];
    };
    expect(results.map((r) => [r.index, r.id, r.status, r.result])).toEqual([
      [0, "bulk-a", 204, "taken-down"],
      [1, "bulk-b", 204, "taken-down"],
      [2, "bulk-c", 204, "taken-down"],
      [3, "bulk-visible", 204, "taken-down"],
      [4, "bulk-never-was", 404, "not-found"],
      [5, "Not An Id", 404, "not-found"],
      [6, "bulk-a", 204, "taken-down"],
    ]);
    expect(await scheduledIds("category=bulk-desk")).toEqual([]);
    expect(await allIds("?category=bulk-desk")).toEqual([]);
    expect((await call("/api/articles/bulk-visible")).status).toBe(410);
    // Again: already down, still a 204 each, as a repeated DELETE.
    const again = (await (await bulk({ ids: ["bulk-a"] })).json()) as { results: { result: string }[] };
    expect(again.results[0]?.result).toBe("already-taken-down");
  });

  it("with ?dry_run=true answers the results it would have and takes nothing down", async () => {
    await put("bulk-dry", article({ category: "Bulk Dry" }));
    const res = await send("POST", "/api/articles/takedown?dry_run=true", {
      ids: ["bulk-dry", "bulk-dry-none"],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("edgewire-dry-run")).toBe("true");
    const { results } = (await res.json()) as { results: { id: string; result: string }[] };
    expect(results.map((r) => [r.id, r.result])).toEqual([
      ["bulk-dry", "taken-down"],
      ["bulk-dry-none", "not-found"],
    ]);
    expect((await call("/api/articles/bulk-dry")).status).toBe(200);
    expect(await allIds("?category=bulk-dry")).toEqual(["bulk-dry"]);
  });

  it(`needs the takedown scope, and 1-${BULK_TAKEDOWN_MAX} ids`, async () => {
    await put("bulk-kept", article({ category: "Bulk Kept" }));
    expect((await bulk({ ids: ["bulk-kept"] }, PUBLISH_ONLY)).status).toBe(403);
    expect((await bulk({ ids: ["bulk-kept"] }, null)).status).toBe(401);
    const tooMany = await bulk({ ids: Array.from({ length: BULK_TAKEDOWN_MAX + 1 }, (_, i) => `x-${i}`) });
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(await tooMany.json())).toContain(`at most ${BULK_TAKEDOWN_MAX}`);
    for (const body of [{ ids: [] }, { ids: [1] }, { id: ["bulk-kept"] }, ["bulk-kept"]]) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(await allIds("?category=bulk-kept")).toEqual(["bulk-kept"]);
  });
});
