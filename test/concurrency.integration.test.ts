// Concurrent publishing through the Worker: every distinct article is listed once, and copies of one
// article sent at the same moment make exactly one item (ArticleWriter serialises each id).
import { describe, expect, it } from "vitest";
import { allIds, article, call, del, post, put } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";

describe("concurrent publishing", () => {
  it("lists all of 50 different articles POSTed at once", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) =>
      article({ id: `fifty-${i}`, category: `Desk ${i % 5}` }),
    );
    const results = await Promise.all(bodies.map((b) => post(b)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids = await allIds();
    for (let i = 0; i < 50; i++) expect(ids.filter((id) => id === `fifty-${i}`)).toHaveLength(1);
    for (let d = 0; d < 5; d++) expect(await allIds(`?category=desk-${d}&limit=100`)).toHaveLength(10);
  });

  it("lists one article POSTed 10 times at once exactly once, answering one 201 and nine 200s with the same article", async () => {
    const body = article({ headline: "Ten copies of one story", keywords: ["Ten Copies"] });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const articles = await Promise.all(results.map((r) => r.json()));
    for (const a of articles) expect(a).toEqual(articles[0]);
    expect((await allIds()).filter((id) => id === "ten-copies-of-one-story")).toHaveLength(1);
    expect(await allIds("?keyword=copies")).toEqual(["ten-copies-of-one-story"]);
    // One record and four index keys: all, the category, and the words "ten" and "copies".
    expect((await allKeys()).filter((k) => k.endsWith(":ten-copies-of-one-story"))).toHaveLength(5);
  });

  it("ends concurrent updates of one id in one acknowledged state, listed once in the right category only", async () => {
    await post(article({ id: "contested", category: "Start" }));
    const versions = Array.from({ length: 8 }, (_, i) =>
      article({ id: "contested", category: `Cat ${i}`, publishedAt: `2026-11-0${i + 1}T10:00:00Z` }),
    );
    const results = await Promise.all(versions.map((v) => put("contested", v)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const final = (await call("/api/articles/contested").then((r) => r.json())) as { categorySlug: string };
    expect((await allIds()).filter((id) => id === "contested")).toHaveLength(1);
    for (let i = 0; i < 8; i++) {
      const listed = await allIds(`?category=cat-${i}`);
      expect(listed.includes("contested")).toBe(final.categorySlug === `cat-${i}`);
    }
    expect(await allIds("?category=start")).not.toContain("contested");
  });

  it("leaves nothing listed when a takedown races an update", async () => {
    await post(article({ id: "race-takedown" }));
    await Promise.all([
      put("race-takedown", article({ id: "race-takedown", category: "Moved" })),
      del("race-takedown"),
    ]);
    const listed =
      (await allIds()).includes("race-takedown") ||
      (await allIds("?category=moved")).includes("race-takedown");
    const status = (await call("/api/articles/race-takedown")).status;
    // Whichever came last wins, and listings agree with it.
    expect(listed).toBe(status === 200);
  });
});
