// A crash or storage failure between two KV writes. Before the record is written nothing became
// visible: 503 with Retry-After saying so, and the writer rolls back. After it, the write is
// acknowledged (readers can see the record); the plan ArticleWriter recorded before writing is
// completed by its alarm, and readers never see an index entry whose article cannot be read. A
// takedown is never rolled back, and supersedes a plan that storage keeps failing.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { configureStorage } from "../src/store/index.ts";
import { allIds, article, call, del, put } from "./helpers/api.ts";
import { breakKvWrites, INTERNAL_DETAIL } from "./helpers/faults.ts";

/** KV writes that fail as `opts` says, for the writer of `id`'s next calls (through the storage seam). */
function breakKv(id: string, opts: { okPuts?: number; failDeletes?: boolean }) {
  return { stub: env.WRITER.get(env.WRITER.idFromName(id)), ...breakKvWrites(opts) };
}

afterEach(() => configureStorage());

async function expect503(res: Response, saying: RegExp) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { detail: string };
  expect(body.detail).toMatch(saying);
  expect(JSON.stringify(body)).not.toContain(INTERNAL_DETAIL);
}

describe("storage failures while publishing", () => {
  it("after the record but before the index: acknowledged, listed once the alarm completes the plan", async () => {
    // The item fragments' put and the record's go through; the index puts fail.
    const { stub, heal } = breakKv("half-written", { okPuts: 2 });
    const res = await put("half-written", article({ category: "Faults" }));
    expect(res.status).toBe(201);
    expect((await call("/api/articles/half-written")).status).toBe(200);
    // Listed-but-unreadable never happens, and the half-written article is not listed yet.
    expect(await allIds("?category=faults")).toEqual([]);
    heal();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await allIds("?category=faults")).toEqual(["half-written"]);
    // Distribution was told again once the plan completed: the category feed shows it.
    expect(await (await call("/category/faults/feed.json")).text()).toContain("half-written");
  });

  it("before the record: 503 saying nothing was changed, nothing visible even after the alarm; a retry creates it", async () => {
    const { stub, heal } = breakKv("retried", { okPuts: 0 });
    await expect503(await put("retried", article({ category: "Retry Desk" })), /nothing was changed/);
    expect((await call("/api/articles/retried")).status).toBe(404);
    heal();
    await runDurableObjectAlarm(stub); // the undo plan: the record as before (none)
    expect((await call("/api/articles/retried")).status).toBe(404);
    expect(await allIds("?category=retry-desk")).toEqual([]);
    const again = await put("retried", article({ category: "Retry Desk" }));
    expect(again.status).toBe(201);
    expect(await allIds("?category=retry-desk")).toEqual(["retried"]);
  });

  it("a failed update is rolled back: the article stays as it was", async () => {
    await put("rolled-back", article({ headline: "Before the fault", category: "Rollback Desk" }));
    const { stub, heal } = breakKv("rolled-back", { okPuts: 0 });
    await expect503(
      await put("rolled-back", article({ headline: "After the fault", category: "Rollback Desk" })),
      /nothing was changed/,
    );
    heal();
    await runDurableObjectAlarm(stub);
    const now = (await (await call("/api/articles/rolled-back")).json()) as { headline: string };
    expect(now.headline).toBe("Before the fault");
  });

  it("an update whose old index entries could not be deleted never lists the article where it was", async () => {
    await put("moving-under-fault", article({ category: "Before Fault" }));
    const { stub, heal } = breakKv("moving-under-fault", { failDeletes: true });
    expect((await put("moving-under-fault", article({ category: "After Fault" }))).status).toBe(200);
    // The stale entry still exists in KV, but readers check it against the record and skip it.
    expect(await allIds("?category=before-fault")).toEqual([]);
    expect(await allIds("?category=after-fault")).toEqual(["moving-under-fault"]);
    heal();
    await runDurableObjectAlarm(stub);
    const keys = await env.ARTICLES.list({ prefix: "i:c:before-fault:" });
    expect(keys.keys).toEqual([]);
  });

  it("a takedown whose index deletes failed is already invisible, and completed later", async () => {
    await put("takedown-under-fault", article({ category: "Takedown Fault" }));
    const { stub, heal } = breakKv("takedown-under-fault", { failDeletes: true });
    expect((await del("takedown-under-fault")).status).toBe(204);
    expect(await allIds("?category=takedown-fault")).toEqual([]);
    expect((await call("/api/articles/takedown-under-fault")).status).toBe(410);
    heal();
    await runDurableObjectAlarm(stub);
    expect((await env.ARTICLES.list({ prefix: "i:c:takedown-fault:" })).keys).toEqual([]);
  });

  it("a takedown storage cannot take yet is kept and applied by the alarm, never rolled back", async () => {
    await put("takedown-pending", article({ category: "Pending Takedown" }));
    // Neither the tombstone's put nor the record's delete goes through (a put alone failing is in
    // test/quotas.integration.test.ts: the delete makes the takedown take effect at once).
    const { stub, heal } = breakKv("takedown-pending", { okPuts: 0, failDeletes: true });
    await expect503(await del("takedown-pending"), /takedown is recorded/);
    // A retry of the DELETE is safe, and says it is done (the tombstone is the writer's state).
    expect((await del("takedown-pending")).status).toBe(204);
    heal();
    await runDurableObjectAlarm(stub);
    expect((await call("/api/articles/takedown-pending")).status).toBe(410);
    expect(await allIds("?category=pending-takedown")).toEqual([]);
  });

  it("a takedown supersedes a plan storage keeps failing, and removes what that plan wrote", async () => {
    await put("superseded", article({ category: "Old Desk", keywords: ["Stuck"] }));
    const broken = breakKv("superseded", { failDeletes: true });
    expect((await put("superseded", article({ category: "New Desk", keywords: ["Moved"] }))).status).toBe(
      200,
    );
    broken.heal();
    expect((await del("superseded")).status).toBe(204);
    const left = await env.ARTICLES.list({ prefix: "i:" });
    expect(left.keys.map((k) => k.name).filter((k) => k.endsWith(":superseded"))).toEqual([]);
    expect((await call("/api/articles/superseded")).status).toBe(410);
  });
});
