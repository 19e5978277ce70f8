// The attacks through requests, replayed: an article that would cost a thousand KV writes,
// hundreds of long unknown field names, thousands of throwaway categories, over-long query values,
// and plain text that opens a tag. `npm test` shrinks the category cap; `npm run test:limits` runs
// 2,500 categories and a 9 MB batch.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTICLE,
  bounds,
  configureLimits,
  MAX_CATEGORIES,
  SUGGESTIONS_PER_REQUEST,
  UNKNOWN_FIELDS_REPORTED,
} from "../src/limits.ts";
import { allIds, article, call, post, put, send } from "./helpers/api.ts";
import { answered, bulkTakeDown, expectWriteCost, FULL, printWorstCosts, SMALL } from "./helpers/attacks.ts";
import { countKv } from "./helpers/faults.ts";
import { allKeys, seedDirect, storedArticle } from "./helpers/kv.ts";

beforeAll(() => configureLimits(FULL ? {} : SMALL));
afterAll(() => {
  configureLimits();
  printWorstCosts("requests");
});

type Problems = { errors: { path: string; message: string }[] };

/** The distinct category slugs a page links to. */
const slugsIn = (text: string) => new Set([...text.matchAll(/\/category\/([^/"?<]+)/g)].map((m) => m[1]));

/** `count` distinct CJK words, as keywords of `perKeyword` words each (spaces between). */
function cjkKeywords(count: number, perKeyword: number, from = 0x4e00): string[] {
  const words = Array.from({ length: count }, (_, i) => String.fromCodePoint(from + i));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += perKeyword) out.push(words.slice(i, i + perKeyword).join(" "));
  return out;
}

describe(`attacks through requests (${FULL ? "full size" : "bounds shrunk"})`, {
  timeout: FULL ? 3_600_000 : 120_000,
}, () => {
  it(`an article costs at most the cost model's KV writes: ${ARTICLE.keywordWords} distinct keyword words`, async () => {
    const before = await allKeys();
    const flood = await answered(
      put("writes-flood", article({ category: "Writes Desk", keywords: cjkKeywords(1_250, 50) })),
    );
    expect(flood.status).toBe(422);
    expect(((await flood.json()) as Problems).errors[0]).toMatchObject({
      path: "keywords",
      message: expect.stringContaining(`at most ${ARTICLE.keywordWords} distinct words`),
    });
    expect(await allKeys()).toEqual(before);
    // At the cap: 3 + 40 puts; its update to 40 other words as many puts and 40 deletes.
    const atCap = article({ category: "Writes Desk", keywords: cjkKeywords(ARTICLE.keywordWords, 2) });
    expect((await expectWriteCost(() => put("writes-cap", atCap))).status).toBe(201);
    const moved = article({
      category: "Writes Desk",
      keywords: cjkKeywords(ARTICLE.keywordWords, 2, 0x5000),
    });
    expect((await expectWriteCost(() => put("writes-cap", moved), true)).status).toBe(200);
    expect(await allIds(`?keyword=${encodeURIComponent(String.fromCodePoint(0x5000))}`)).toEqual([
      "writes-cap",
    ]);
    expect(await allIds(`?keyword=${encodeURIComponent(String.fromCodePoint(0x4e00))}`)).toEqual([]);
  });

  it("hundreds of long unknown field names cost bounded work: a few reported, suggestions only for short names", async () => {
    const long = Object.fromEntries(
      Array.from({ length: 480 }, (_, i) => [`${"unknownfield".repeat(170)}${i}`, i]),
    );
    const res = await answered(post({ ...article(), ...long }));
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as Problems;
    expect(errors.length).toBeLessThanOrEqual(UNKNOWN_FIELDS_REPORTED + 1);
    expect(errors.at(-1)?.message).toMatch(/and \d+ more unknown fields/);
    expect(errors.every((e) => !e.message.includes("did you mean") && e.path.length <= 101)).toBe(true);
    const typos = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`headlin${i % 10}`.padEnd(8 + (i % 30), "e"), 1]),
    );
    const hinted = ((await (await answered(post({ ...article(), ...typos }))).json()) as Problems).errors;
    expect(hinted.filter((e) => e.message.includes("did you mean")).length).toBeLessThanOrEqual(
      SUGGESTIONS_PER_REQUEST,
    );
    // A batch of such articles: each bounded alone (FULL: 9 MB).
    const each = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${"x".repeat(2_200)}${i}`, i]));
    const batch = Array.from({ length: FULL ? 100 : 10 }, () => ({ ...article(), ...each }));
    const answer = await answered(send("POST", "/api/articles/batch", batch));
    expect(answer.status).toBe(200);
    const { results } = (await answer.json()) as { results: { status: number; problem: Problems }[] };
    expect(
      results.every((r) => r.status === 422 && r.problem.errors.length <= UNKNOWN_FIELDS_REPORTED + 1),
    ).toBe(true);
  });

  it("throwaway categories stop at the stated maximum, and the pages that list them with it", async () => {
    const registry = env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));
    const inUse = (await runInDurableObject(registry, (_o, s) => s.storage.get<number>("in-use"))) ?? 0;
    const cap = FULL ? MAX_CATEGORIES : inUse + 5;
    configureLimits({ ...(FULL ? {} : SMALL), categories: cap });
    const tries = FULL ? 2_500 : 12;
    const created: string[] = [];
    for (let i = 0; i < tries; i += 100) {
      const batch = Array.from({ length: Math.min(100, tries - i) }, (_, j) =>
        article({ id: `throwaway-${i + j}`, category: `Throwaway ${i + j}` }),
      );
      const res = await answered(send("POST", "/api/articles/batch", batch));
      const { results } = (await res.json()) as {
        results: { status: number; id: string; problem?: Problems }[];
      };
      for (const r of results) {
        if (r.status === 201) created.push(r.id);
        else expect(r.problem?.errors[0]?.path).toBe("category");
      }
    }
    expect(created).toHaveLength(cap - inUse);
    // OPML and the front page's navigation and feed list name at most `cap` categories.
    for (const path of ["/feeds.opml", "/"]) {
      const text = await (await answered(call(path))).text();
      expect(slugsIn(text).size, path).toBeLessThanOrEqual(cap);
    }
    // Taken down, they leave every list; the slots are free again.
    await bulkTakeDown(created);
    expect(await (await call("/feeds.opml")).text()).not.toContain("Throwaway");
    expect((await answered(put("throwaway-again", article({ category: "Throwaway Again" })))).status).toBe(
      201,
    );
    configureLimits(FULL ? {} : SMALL);
  });

  it("a filter that matches nothing stops at its fixed budget of KV operations and says so with next", async () => {
    const stored = FULL ? 5_000 : 80;
    // The one match is the oldest article of the archive: every entry before it is scanned.
    await seedDirect([
      storedArticle(0, {
        id: "sparse-needle",
        headline: "Zyzzyva sighted",
        publishedAt: "2001-01-01T00:00:00.000Z",
      }),
      ...Array.from({ length: stored }, (_, i) => storedArticle(i + 1, { id: `sparse-${i}` })),
    ]);
    let url: string | null = "/api/articles?q=zyzzyva";
    const found: string[] = [];
    let pages = 0;
    while (url) {
      const { result, counts } = await countKv(() =>
        answered(call(url?.replace(/^https?:\/\/[^/]+/, "") ?? "")),
      );
      expect(counts.list).toBeLessThanOrEqual(bounds().pageLists);
      expect(counts.bulkGet).toBeLessThanOrEqual(bounds().pageBulkGets);
      const page = (await result.json()) as { items: { id: string }[]; next_url: string | null };
      found.push(...page.items.map((a) => a.id));
      url = page.next_url;
      pages++;
    }
    expect(found).toEqual(["sparse-needle"]);
    expect(pages).toBeGreaterThan(1);
  });

  it("query values over their limits answer 400 naming them, never 503", async () => {
    for (const q of [
      `category=${encodeURIComponent("㌖".repeat(100))}`,
      `keyword=${"k".repeat(101)}`,
      `q=${"w".repeat(101)}`,
      `exclude=${encodeURIComponent("𠀀".repeat(101))}`,
      Array.from({ length: 11 }, (_, i) => `keyword=k${i}`).join("&"),
      `cursor=${"c".repeat(5_000)}`,
    ])
      for (const path of ["/api/articles", "/feed.xml", "/category/writes-desk/feed.json"]) {
        const res = await answered(call(`${path}?${q}`));
        expect(res.status, `${path}?${q.slice(0, 40)}`).toBe(400);
      }
    // Long but valid terms are matched exactly (a digest in the key), and cost a page like any other.
    expect((await answered(call(`/feed.json?keyword=${encodeURIComponent("㌖".repeat(100))}`))).status).toBe(
      200,
    );
    expect((await answered(call(`/category/${"s".repeat(2_000)}/feed.xml`))).status).toBeLessThan(500);
  });

  it("plain text refuses a tag that is never closed, in every plain field", async () => {
    const tag = "<img src=x onerror=alert(1) ";
    for (const [path, fields] of [
      ["headline", { headline: `Breaking ${tag}` }],
      ["subheadline", { subheadline: tag }],
      ["keywords[0]", { keywords: [tag] }],
      ["author.name", { author: tag }],
      ["category", { category: `Desk ${tag}` }],
    ] as const) {
      const res = await answered(post(article(fields)));
      expect(res.status, path).toBe(422);
      expect(
        ((await res.json()) as Problems).errors.map((e) => e.path),
        path,
      ).toContain(path);
    }
    expect(
      (await answered(post(article({ headline: "5 < 6 and a <- b", category: "Text Desk" })))).status,
    ).toBe(201);
  });
});
