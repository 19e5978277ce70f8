// The cost model holds together, and the README says what src/limits.ts says: its cost table, daily
// cost and article limits are the blocks bench/cost-model.ts generates (`npm run readme:limits`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BLOCKS, readmeBlock } from "../bench/cost-model.ts";
import type { Article } from "../src/articles/article.ts";
import { changeEvent } from "../src/articles/change-event.ts";
import * as L from "../src/limits.ts";
import { summary } from "../src/store/keys.ts";

const README = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

describe("the cost model", () => {
  it.each(Object.keys(BLOCKS) as (keyof typeof BLOCKS)[])(
    "the README's %s block is generated from it",
    (name) => {
      expect(readmeBlock(README, name), `README.md's ${name} block: run npm run readme:limits`).toBe(
        BLOCKS[name](),
      );
    },
  );

  it("puts the cap on distinct keyword words in the README's article section", () => {
    const section = README.slice(
      README.indexOf("### The article"),
      README.indexOf("## How articles are stored"),
    );
    expect(section).toContain(`at most ${L.ARTICLE.keywordWords} distinct words`);
  });

  it("keeps every derived figure under the platform limit it protects", () => {
    const P = L.PLATFORM;
    expect(L.KEY_MAX_BYTES).toBeLessThanOrEqual(P.kvKeyBytes);
    expect(L.RECORD_MAX_BYTES).toBeLessThan(P.doValueBytes);
    expect(L.ITEM_MAX_BYTES).toBeLessThanOrEqual(L.PAGE_MAX_BYTES);
    expect(L.BULK_GET_MAX_BYTES).toBeLessThan(P.kvBulkGetBytes);
    expect(L.UPDATE_MAX_KV_OPS + L.PUBLISH_MAX_KV_READS).toBeLessThan(P.kvOpsPerInvocation);
    expect(L.READ_MAX_KV_OPS).toBeLessThan(P.kvOpsPerInvocation);
    expect(L.BULK_TAKEDOWN_MAX).toBeLessThan(P.kvOpsPerInvocation);
  });

  it("fits the widest index metadata in KV's 1,024 bytes", () => {
    const at = "2199-12-31T23:59:59.999Z";
    const widest = summary(
      {
        publishedAt: at,
        updatedAt: at,
        categorySlug: "𠀀".repeat(L.TERM_KEY_BYTES / 4),
        body: "x".repeat(L.RECORD_MAX_BYTES),
      } as never,
      L.ITEM_MAX_BYTES,
    );
    expect(bytes(JSON.stringify(widest))).toBeLessThanOrEqual(L.PLATFORM.kvMetadataBytes);
  });

  it("fits the widest changes-log event in CHANGE_EVENT_MAX_BYTES", () => {
    const astral = (n: number) => "𠀀".repeat(n);
    const at = "2199-12-31T23:59:59.999Z";
    const widest = {
      id: astral(50),
      headline: astral(L.ARTICLE.headline),
      subheadline: astral(L.ARTICLE.subheadline),
      category: astral(L.ARTICLE.category),
      categorySlug: astral(L.TERM_KEY_BYTES / 4),
      keywords: Array.from({ length: L.ARTICLE.keywords }, () => astral(L.ARTICLE.keyword)),
      url: `https://example.org/${"%F0%A0%80%80".repeat((L.ARTICLE.url - 20) / 12)}`,
      publishedAt: at,
      expires: at,
      itemId: `tag:${astral(100)}`,
      createdAt: at,
      version: Number.MAX_SAFE_INTEGER,
    } as never as Article;
    const event = changeEvent(widest, { ...widest, publishedAt: "2000-01-01T00:00:00.000Z" }, 0, {
      version: 1,
      reason: astral(L.ARTICLE.correction),
    });
    const withdrawal = changeEvent(widest, undefined, 0, {
      version: 1,
      reason: astral(L.ARTICLE.correction),
    });
    expect(bytes(JSON.stringify(event))).toBeLessThanOrEqual(L.CHANGE_EVENT_MAX_BYTES);
    expect(bytes(JSON.stringify(withdrawal))).toBeLessThanOrEqual(L.CHANGE_EVENT_MAX_BYTES);
  });

  it("shrinks its bounds for a test and restores them", () => {
    L.configureLimits({ listKeys: 10, categories: 3 });
    expect(L.bounds()).toMatchObject({ listKeys: 10, categories: 3, pageBytes: L.PAGE_MAX_BYTES });
    L.configureLimits();
    expect(L.bounds()).toMatchObject({ listKeys: L.PLATFORM.kvListKeys, categories: L.MAX_CATEGORIES });
  });
});
