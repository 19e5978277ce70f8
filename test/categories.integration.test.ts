// The category registry: navigation, OPML and the front page list only categories with at least one
// visible article (an emptied one disappears, an embargoed-only one never shows early), and the
// number of categories in use has a stated maximum, refused with a 422 that names it.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { configureLimits, MAX_CATEGORIES } from "../src/limits.ts";
import { article, call, del, put } from "./helpers/api.ts";

const opml = async () => (await call("/feeds.opml")).text();
const front = async () => (await call("/")).text();

describe("category registry", () => {
  it("lists a category once it has a visible article, and drops it when its last one goes", async () => {
    await put("cat-only-one", article({ category: "Fleeting Desk" }));
    expect(await opml()).toContain("Fleeting Desk");
    expect(await front()).toContain("Fleeting Desk");
    await del("cat-only-one");
    expect(await opml()).not.toContain("Fleeting Desk");
    expect(await front()).not.toContain("Fleeting Desk");
    expect((await call("/category/fleeting-desk")).status).toBe(404);
  });

  it("keeps a category while another article is in it, and follows a move", async () => {
    await put("cat-move-1", article({ category: "Stay Desk" }));
    await put("cat-move-2", article({ category: "Stay Desk" }));
    await put("cat-move-2", article({ category: "Elsewhere Desk" }));
    expect(await opml()).toContain("Stay Desk");
    expect(await opml()).toContain("Elsewhere Desk");
    await put("cat-move-1", article({ category: "Elsewhere Desk" }));
    expect(await opml()).not.toContain("Stay Desk");
  });

  it("never names the category of an embargoed article before its time", async () => {
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await put("cat-embargoed", article({ category: "Secret Desk", publishedAt: later }));
    expect(await opml()).not.toContain("Secret Desk");
    expect(await front()).not.toContain("Secret Desk");
    expect((await call("/category/secret-desk")).status).toBe(404);
  });

  it(`refuses a new category past ${MAX_CATEGORIES} in use, with a 422 naming the field, and changes nothing`, async () => {
    const registry = env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));
    const inUse = (await registry.categories()).length;
    for (let i = inUse; i < MAX_CATEGORIES + 2; i++)
      await registry.place(`cap-filler-${i}`, {
        slug: `cap-filler-${i}`,
        name: `Filler ${i}`,
        visible: false,
      });
    const res = await put("cat-over-cap", article({ category: "One Too Many" }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors[0]?.path).toBe("category");
    expect(body.errors[0]?.message).toContain(String(MAX_CATEGORIES));
    expect((await call("/api/articles/cat-over-cap")).status).toBe(404);
    // A category already in use is still admitted.
    expect((await put("cat-under-cap", article({ category: "Cap Filler 3" }))).status).toBe(201);
  });

  it("lets concurrent writes of new categories pass the cap together no more than one by one", async () => {
    const registry = env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));
    const inUse =
      (await runInDurableObject(registry, (_o, state) => state.storage.get<number>("in-use"))) ?? 0;
    configureLimits({ categories: inUse + 3 });
    onTestFinished(() => configureLimits());
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(`race-cat-${i}`, article({ category: `Race Desk ${i}` }))),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(3).fill(201), ...Array(7).fill(422)]);
  });
});
