// `?dry_run=true` on every write (POST, PUT, DELETE, batch): the answer is the status and body the
// real write would get, marked `Edgewire-Dry-Run: true`, and nothing changes: every KV key, the
// writer Durable Object's own storage and the category registry's are compared before and after.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import type { ArticleWriter } from "../src/index.ts";
import { configureLimits } from "../src/limits.ts";
import { article, call, del, post, put, send, TOKEN } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";

const dry = "?dry_run=true";
const writer = (id: string) => env.WRITER.get(env.WRITER.idFromName(id));
const registry = () => env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));

/** Every KV key with its value, and the writer's storage for `ids`: what a dry run must leave alone. */
async function snapshot(ids: string[]): Promise<string> {
  const keys = await allKeys();
  const values = await Promise.all(keys.map((k) => env.ARTICLES.get(k)));
  const objects = await Promise.all(
    ids.map((id) =>
      runInDurableObject(writer(id), async (_o: ArticleWriter, state) => [
        [...(await state.storage.list()).entries()],
        await state.storage.getAlarm(),
      ]),
    ),
  );
  const categories = await runInDurableObject(registry(), async (_o, state) => [
    ...(await state.storage.list()).entries(),
  ]);
  return JSON.stringify({ keys, values, objects, categories });
}

/** Runs `request` as a dry run and proves it changed nothing; returns the answer and its body. */
async function unchanged(ids: string[], request: () => Promise<Response>) {
  const before = await snapshot(ids);
  const res = await request();
  const text = await res.text();
  expect(await snapshot(ids)).toBe(before);
  expect(res.headers.get("edgewire-dry-run")).toBe("true");
  return { res, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe("dry runs", () => {
  it("POST: answers 201 with the article that would be stored, and stores nothing", async () => {
    const a = article({ id: "dry-new", category: "Dry Desk" });
    const { res, body } = await unchanged(["dry-new"], () => send("POST", `/api/articles${dry}`, a));
    expect(res.status).toBe(201);
    expect(res.headers.get("edgewire-result")).toBe("created");
    expect(res.headers.get("location")).toBe("/api/articles/dry-new");
    expect(body).toMatchObject({ id: "dry-new", headline: a.headline, categorySlug: "dry-desk" });
    expect((await call("/api/articles/dry-new")).status).toBe(404);
    expect(await allKeys()).not.toContain("a:dry-new");
  });

  it("answers as the real write would: 200 unchanged, 409 for different content, 200 updated for a PUT", async () => {
    const a = article({ id: "dry-stored", category: "Dry Desk" });
    expect((await post(a)).status).toBe(201);
    const same = await unchanged(["dry-stored"], () => send("POST", `/api/articles${dry}`, a));
    expect([same.res.status, same.res.headers.get("edgewire-result")]).toEqual([200, "unchanged"]);

    const changed = { ...a, headline: "Dry run: a revised headline" };
    const conflict = await unchanged(["dry-stored"], () => send("POST", `/api/articles${dry}`, changed));
    expect(conflict.res.status).toBe(409);
    expect(conflict.res.headers.get("content-type")).toContain("application/problem+json");
    expect(conflict.body).toMatchObject({ status: 409, id: "dry-stored" });

    const replaced = await unchanged(["dry-stored"], () =>
      send("PUT", `/api/articles/dry-stored${dry}`, changed),
    );
    expect([replaced.res.status, replaced.res.headers.get("edgewire-result")]).toEqual([200, "updated"]);
    expect(replaced.body).toMatchObject({ id: "dry-stored", headline: "Dry run: a revised headline" });
    const stored = (await (await call("/api/articles/dry-stored")).json()) as { headline: string };
    expect(stored.headline).toBe(a.headline);

    // And the real PUT then answers exactly what the dry run said.
    const real = await put("dry-stored", changed);
    expect(real.status).toBe(200);
    const { updatedAt: _u, ...realBody } = (await real.json()) as Record<string, unknown>;
    const { updatedAt: _d, ...dryBody } = replaced.body as Record<string, unknown>;
    expect(dryBody).toEqual(realBody);
  });

  it("422 with every problem for an invalid article, and 400 naming a malformed dry_run", async () => {
    const invalid = await unchanged([], () => send("POST", `/api/articles${dry}`, { headline: "No body" }));
    expect(invalid.res.status).toBe(422);
    expect(invalid.body?.errors).toEqual([
      { path: "body", message: "is required" },
      { path: "category", message: "is required" },
    ]);
    const before = await snapshot([]);
    const bad = await send("POST", "/api/articles?dry_run=yes", article());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown }).errors).toEqual([
      { path: "dry_run", message: 'must be given once, as "true" or "false"' },
    ]);
    expect(await snapshot([])).toBe(before);
  });

  it("DELETE: 204 taken-down for a stored article, 404 for an unknown one; the article stays", async () => {
    expect((await put("dry-delete", article({ category: "Dry Desk" }))).status).toBe(201);
    const gone = await unchanged(["dry-delete"], () =>
      call(`/api/articles/dry-delete${dry}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    expect([gone.res.status, gone.res.headers.get("edgewire-result")]).toEqual([204, "taken-down"]);
    expect((await call("/api/articles/dry-delete")).status).toBe(200);
    const missing = await unchanged(["dry-never"], () =>
      call(`/api/articles/dry-never${dry}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    expect(missing.res.status).toBe(404);
    expect((await del("dry-delete")).status).toBe(204);
  });

  it("batch: one result per article with the status each real write would get", async () => {
    const stored = article({ id: "dry-batch-stored", category: "Dry Desk" });
    expect((await post(stored)).status).toBe(201);
    const items = [
      article({ id: "dry-batch-new", category: "Dry Desk" }),
      stored,
      { ...stored, body: "Another body." },
      { headline: "Invalid" },
    ];
    const { res, body } = await unchanged(["dry-batch-new", "dry-batch-stored"], () =>
      send("POST", `/api/articles/batch${dry}`, items),
    );
    expect(res.status).toBe(200);
    const results = (body as { results: { status: number; result: string; article?: { id: string } }[] })
      .results;
    expect(results.map((r) => [r.status, r.result])).toEqual([
      [201, "created"],
      [200, "unchanged"],
      [409, "conflict"],
      [422, "invalid"],
    ]);
    expect(results[0]?.article?.id).toBe("dry-batch-new");
    expect((await call("/api/articles/dry-batch-new")).status).toBe(404);
  });

  it("claims no category slot: dry runs of new categories leave the cap to real writes", async () => {
    const inUse =
      (await runInDurableObject(registry(), (_o, state) => state.storage.get<number>("in-use"))) ?? 0;
    configureLimits({ categories: inUse + 1 });
    onTestFinished(() => configureLimits());
    for (const n of [1, 2, 3]) {
      const a = article({ id: `dry-cap-${n}`, category: `Dry Cap Desk ${n}` });
      const { res } = await unchanged([a.id as string], () => send("POST", `/api/articles${dry}`, a));
      expect(res.status).toBe(201);
    }
    expect((await put("dry-cap-real", article({ category: "Real Cap Desk" }))).status).toBe(201);
  });

  it("dry_run=false is an ordinary write", async () => {
    const res = await send("POST", "/api/articles?dry_run=false", article({ id: "dry-false" }));
    expect(res.status).toBe(201);
    expect(res.headers.get("edgewire-dry-run")).toBeNull();
    expect((await call("/api/articles/dry-false")).status).toBe(200);
  });
});
