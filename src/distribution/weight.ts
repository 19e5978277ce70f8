// What one article weighs once rendered: the bytes of its item in the largest feed format, after
// every expansion (HTML escaping of a text body, XML escaping of that HTML, JSON escaping). Pages
// budget by it, and validation refuses an article whose item would not fit one page alone.
import type { Article, Draft } from "../articles/article.ts";
import type { Problem } from "../articles/problems.ts";
import { utf8Bytes } from "../articles/text.ts";
import { FEED_FORMATS, FORMAT_NAMES } from "../feeds/formats.ts";
import type { FeedChannel } from "../feeds/model.ts";
import { bounds } from "../limits.ts";

// A channel with long URLs, so that a real deployment's item is never heavier than measured here.
const SITE = `https://${"x".repeat(60)}.example.org`;
const CHANNEL: FeedChannel = {
  title: "x".repeat(100),
  description: "",
  language: "en",
  siteUrl: SITE,
  homeUrl: `${SITE}/`,
  selfUrl: `${SITE}/feed`,
  updated: "2026-01-01T00:00:00.000Z",
  ttlMinutes: 5,
  idAuthority: new URL(SITE).hostname,
};

const EMPTY = Object.fromEntries(
  FORMAT_NAMES.map((f) => [f, utf8Bytes(FEED_FORMATS[f].render([], CHANNEL))]),
) as Record<(typeof FORMAT_NAMES)[number], number>;

/** Bytes of the article's item in each format, and the largest. */
export function itemWeight(a: Article): { bytes: number; format: string } {
  let best = { bytes: 0, format: "" };
  for (const f of FORMAT_NAMES) {
    const bytes = utf8Bytes(FEED_FORMATS[f].render([a], CHANNEL)) - EMPTY[f];
    if (bytes > best.bytes) best = { bytes, format: FEED_FORMATS[f].label };
  }
  return best;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

/** A draft as it would be stored, with the widest values the server adds. */
function asStored(d: Draft): Article {
  const date = "2026-01-01T00:00:00.000Z";
  const { correction, ...rest } = d;
  // This write's correction; the earlier ones it keeps (at most ARTICLE.corrections, 50 KB) fit the
  // margin RECORD_MAX_BYTES leaves, and an item a little over the page budget still has its page.
  const corrections = correction ? [{ note: correction, at: date, version: Number.MAX_SAFE_INTEGER }] : [];
  return {
    publishedAt: date,
    createdAt: date,
    updatedAt: date,
    publisher: "x".repeat(100),
    version: Number.MAX_SAFE_INTEGER,
    firstPublishedAt: date,
    corrections,
    ...rest,
  };
}

/**
 * The cost model's per-article byte limits, checked on the normalised draft before anything is
 * written: 422 problems naming the field and the limit.
 */
export function weightProblems(d: Draft): Problem[] {
  const a = asStored(d);
  const { itemBytes, recordBytes } = bounds();
  const problems: Problem[] = [];
  const item = itemWeight(a);
  if (item.bytes > itemBytes)
    problems.push({
      path: "body",
      message: `once escaped for feeds the article takes ${mib(item.bytes)} in ${item.format}, more than the ${mib(itemBytes)} one feed page holds; shorten the body (each & < > takes up to 9 bytes once escaped)`,
    });
  const record = utf8Bytes(JSON.stringify(a));
  if (record > recordBytes)
    problems.push({
      path: "body",
      message: `the stored article would take ${mib(record)}, more than ${mib(recordBytes)}; shorten the body`,
    });
  return problems;
}
