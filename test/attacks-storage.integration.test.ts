// The attacks on storage, replayed: index keys that grow under normalisation, articles heavy
// once escaped, thousands of embargoes, cache-busting requests for huge feeds. `npm test` runs them
// with the bounds shrunk (test/helpers/attacks.ts SMALL); `npm run test:limits` at full size.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8Bytes } from "../src/articles/text.ts";
import { BUILDS_AT_ONCE, configureLimits, PLATFORM } from "../src/limits.ts";
import { allIds, article, call, post, put, send, TOKEN } from "./helpers/api.ts";
import {
  answered,
  bulkTakeDown,
  bytesOf,
  expectReadCost,
  expectUpdatableAndRemovable,
  expectWriteCost,
  FULL,
  HEAVY_CHARS,
  printWorstCosts,
  SMALL,
  walkFeed,
} from "./helpers/attacks.ts";
import { allKeys } from "./helpers/kv.ts";

beforeAll(() => configureLimits(FULL ? {} : SMALL));
afterAll(() => {
  configureLimits();
  printWorstCosts("storage");
});

const pending = (id: string) =>
  runInDurableObject(env.WRITER.get(env.WRITER.idFromName(id)), (_o, s) => s.storage.get("pending"));

describe(`attacks on storage (${FULL ? "full size" : "bounds shrunk"})`, {
  timeout: FULL ? 3_600_000 : 120_000,
}, () => {
  it("keys that grow under normalisation, or of 4-byte letters, never lock an id", async () => {
    const folds = "㌖".repeat(100); // 100 characters that fold to 600 katakana: 1,800 bytes
    const astral = "𠀀".repeat(100); // 100 four-byte letters
    const id = `k${"x".repeat(99)}`;
    expect(
      (await expectWriteCost(() => put(id, article({ category: "Key Desk", keywords: [folds, astral] }))))
        .status,
    ).toBe(201);
    const derived = await expectWriteCost(() =>
      post(
        article({
          headline: `${"A long derived id ".repeat(14)}${"𠀀".repeat(40)}`,
          category: "𠀀".repeat(50),
          keywords: [astral],
        }),
      ),
    );
    const other = (await derived.json()) as { id: string; categorySlug: string };
    for (const key of await allKeys()) expect(utf8Bytes(key), key).toBeLessThanOrEqual(PLATFORM.kvKeyBytes);
    expect(await allIds(`?keyword=${encodeURIComponent(folds)}`)).toEqual([id]);
    expect((await allIds(`?keyword=${encodeURIComponent(astral)}`)).sort()).toEqual([id, other.id].sort());
    const feed = await answered(call(`/category/${encodeURIComponent(other.categorySlug)}/feed.json`));
    expect(await feed.text()).toContain(other.id);
    // Updated, still found by the same long terms; taken down; no plan left for an alarm to replay.
    expect(
      (
        await expectWriteCost(
          () => put(id, article({ category: "Key Desk", keywords: [folds, "moved"] })),
          true,
        )
      ).status,
    ).toBe(200);
    expect(await allIds(`?keyword=${encodeURIComponent(folds)}`)).toEqual([id]);
    await expectUpdatableAndRemovable([id, other.id], article({ category: "Key Desk", keywords: [astral] }));
    expect(await pending(id)).toBeUndefined();
    expect(await pending(other.id)).toBeUndefined();
    // A category whose URL name would outgrow a key is refused before anything is written.
    const refused = await answered(put("key-refused", article({ category: "㌖".repeat(30) })));
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('"path":"category"');
    expect((await call("/api/articles/key-refused")).status).toBe(404);
  });

  it("articles heavy once escaped never blank a page: pages stay full, within budget, bulk gets within KV's", async () => {
    // The issue's 200,000 `"` (JSON escapes each) and the heaviest record: four-byte letters.
    for (const [desk, char] of [
      ["Heavy Quotes", '"'],
      ["Heavy Astral", "𠀀"],
    ] as const)
      for (let i = 0; i < 17; i++) {
        const res = await expectWriteCost(() =>
          put(
            `heavy-${char === '"' ? "q" : "a"}-${i}`,
            article({ category: desk, body: char.repeat(HEAVY_CHARS) }),
          ),
        );
        expect(res.status).toBe(201);
      }
    for (const base of ["/category/heavy-quotes/feed", "/category/heavy-astral/feed"])
      expect(new Set(await walkFeed(base, "limit=100")).size).toBe(17);
    await walkFeed("/feed", "", 3);
    for (const p of ["/", "/api/articles", "/category/heavy-astral", "/feeds.opml", "/sitemap-news.xml"])
      expect((await answered(call(p))).status, p).toBe(200);
    await expectReadCost("/category/heavy-astral/feed.xml");
    await expectReadCost("/feed.json?limit=100");
    await expectUpdatableAndRemovable(
      ["heavy-q-0", "heavy-a-0"],
      article({ category: "Heavy Quotes", body: '"'.repeat(HEAVY_CHARS) }),
    );
  });

  it("embargoes take no public slot, however many; the newsroom lists them and takes them down in bulk", async () => {
    const n = FULL ? 4_200 : 60; // shrunk: four lists of 10 keys would have held only embargoes
    for (let i = 0; i < 25; i++) await put(`emb-visible-${i}`, article({ category: "Embargo Desk" }));
    const ids = Array.from({ length: n }, (_, i) => `emb-${i}`);
    for (let i = 0; i < n; i += 100) {
      const batch = ids.slice(i, i + 100).map((id, j) =>
        article({
          id,
          category: "Embargo Desk",
          publishedAt: new Date(Date.UTC(2199, 0, 1) + (i + j) * 60_000).toISOString(),
        }),
      );
      const res = await answered(send("POST", "/api/articles/batch", batch));
      const { results } = (await res.json()) as { results: { status: number }[] };
      expect(results.every((r) => r.status === 201)).toBe(true);
    }
    for (const base of ["/feed", "/category/embargo-desk/feed"]) {
      const firstPage = await walkFeed(base, "", 1);
      expect(firstPage).toHaveLength(20);
      expect(firstPage.some((id) => /^emb-\d/.test(id))).toBe(false);
    }
    for (const p of ["/", "/category/embargo-desk"])
      expect((await (await answered(call(p))).text()).split('class="story"').length - 1, p).toBe(20);
    expect(await allIds("?category=embargo-desk&limit=100")).toHaveLength(25);
    await expectReadCost("/category/embargo-desk/feed.atom");
    // The newsroom sees every one, soonest first, and removes them in n / 100 calls.
    const scheduled: string[] = [];
    let url: string | null = "/api/articles?status=scheduled&category=embargo-desk&limit=100";
    while (url) {
      const res = await answered(
        call(url.replace(/^https?:\/\/[^/]+/, ""), { headers: { authorization: `Bearer ${TOKEN}` } }),
      );
      const json = (await res.json()) as { items: { id: string }[]; next_url: string | null };
      scheduled.push(...json.items.map((a) => a.id));
      url = json.next_url;
    }
    expect(scheduled).toEqual(ids);
    await bulkTakeDown(ids);
    const after = await answered(
      call("/api/articles?status=scheduled&category=embargo-desk", {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    expect(((await after.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("eight anonymous cache-busting requests: two built at once within the page budget, the rest 429", async () => {
    for (let i = 0; i < 20; i++)
      await put(`busting-${i}`, article({ category: "Busting Desk", body: '"'.repeat(HEAVY_CHARS) }));
    const maxBytes = FULL ? 1.1 * 1024 * 1024 : 56 * 1024;
    for (const ext of ["xml", "atom", "json"]) {
      const path = (i: number) => `/category/busting-desk/feed.${ext}?limit=${13 + i}`;
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => answered(call(path(i)))));
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.every((s) => s === 200 || s === 429),
        String(statuses),
      ).toBe(true);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(BUILDS_AT_ONCE);
      // Each variant, asked again one at a time, is built within the page budget.
      for (let i = 0; i < 8; i++) {
        const res = answers[i]?.status === 200 ? answers[i] : await answered(call(path(i)));
        expect(res?.status).toBe(200);
        expect(bytesOf((await res?.text()) ?? "")).toBeLessThanOrEqual(maxBytes);
      }
    }
    await walkFeed("/category/busting-desk/feed", "limit=20");
    // `&` grows to nine bytes in Atom: an article that would not fit a page alone is refused, naming why.
    const heavy = await answered(
      put("busting-amp", article({ category: "Busting Desk", body: "&".repeat(HEAVY_CHARS) })),
    );
    expect(heavy.status).toBe(422);
    expect(JSON.stringify(await heavy.json())).toMatch(/"path":"body".*one feed page holds/);
    expect((await call("/api/articles/busting-amp")).status).toBe(404);
  });
});
