#!/usr/bin/env node
/// <reference types="node" />
// The README's cost model, generated from src/limits.ts and the cache's own constants: each limit
// beside the platform limit it protects, the daily cost at a stated load on the free and the paid
// plan, how long a withdrawn story can still be served, and the article's limits. `npm run
// readme:limits` rewrites the README between its markers; test/limits.unit.test.ts fails when they differ.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FRESH_SECONDS, HOT_MS } from "../src/distribution/cache.ts";
import { BATCH_MAX, BATCH_MAX_BYTES } from "../src/http/body.ts";
import { STALE_WHILE_REVALIDATE } from "../src/http/conditional.ts";
import * as L from "../src/limits.ts";

const n = (x: number) => Math.round(x).toLocaleString("en");
const mb = (x: number) =>
  x >= 1024 * 1024 && x % (1024 * 1024) === 0 ? `${x / 1024 / 1024} MiB` : `${n(x)} bytes`;

/** Each limit, its value, and what it protects. */
export function limitsTable(): string {
  const P = L.PLATFORM;
  const rows: [string, string, string][] = [
    [
      "index key",
      `at most ${n(L.KEY_MAX_BYTES)} bytes: a term over ${L.TERM_KEY_BYTES} bytes is kept as its first bytes plus a digest; ids at most ${L.ID_MAX_BYTES}`,
      `KV key ${P.kvKeyBytes} bytes`,
    ],
    [
      "index metadata",
      `a summary of times, the category slug (at most ${L.TERM_KEY_BYTES} bytes) and two sizes`,
      `KV metadata ${n(P.kvMetadataBytes)} bytes`,
    ],
    [
      "keyword words",
      `at most ${L.ARTICLE.keywordWords} distinct words across ${L.ARTICLE.keywords} keywords of ${L.ARTICLE.keyword} characters: one index key each`,
      `KV writes per publish; the free plan's ${n(P.freeDaily.kvWrites)} writes a day`,
    ],
    [
      "stored record",
      `at most ${n(L.RECORD_MAX_BYTES)} bytes of JSON (the body and its HTML)`,
      `Durable Object storage ${n(P.doValueBytes)} bytes per key and value (the writer's copy); KV value ${mb(P.kvValueBytes)}`,
    ],
    [
      "item fragments",
      `at most ${mb(L.FRAGMENTS_MAX_BYTES)} per article: its item in the three feed formats and its header, in KV only (the writer renders them from its state when it applies a plan); read by a page's bulk get within its byte bound`,
      `KV value ${mb(P.kvValueBytes)}; Durable Object storage ${n(P.doValueBytes)} bytes per value, which never holds them`,
    ],
    [
      "isolate memory copies",
      `at most ${L.HOT_COPIES} copies and ${mb(L.HOT_MAX_BYTES)} held in memory, each for ${HOT_MS / 1000} s and never past its ${FRESH_SECONDS} s of freshness`,
      `isolate memory ${mb(P.isolateMemoryBytes)}, beside ${L.BUILDS_AT_ONCE} cold builds`,
    ],
    [
      "item bytes",
      `at most ${mb(L.ITEM_MAX_BYTES)} for one article in the largest feed format, after HTML, XML and JSON escaping`,
      "the page budget: the largest valid article fits one page alone",
    ],
    [
      "page budget",
      `${mb(L.PAGE_MAX_BYTES)} of item bytes, the same items and \`next\` in every format`,
      `isolate memory ${mb(P.isolateMemoryBytes)}; readers refusing feeds over 5-15 MB`,
    ],
    [
      "bulk get",
      `at most ${P.kvBulkGetKeys} keys and ${mb(L.BULK_GET_MAX_BYTES)} of records or item fragments, and no more than the page can still hold`,
      `KV bulk get ${P.kvBulkGetKeys} keys and ${mb(P.kvBulkGetBytes)}`,
    ],
    [
      "scan budget",
      `a page walks at most ${L.PAGE_MAX_LISTS} lists of ${n(P.kvListKeys)} keys and ${L.PAGE_MAX_BULK_GETS} bulk gets, then answers short with \`next\``,
      `${n(P.kvOpsPerInvocation)} operations per invocation; the daily lists`,
    ],
    [
      "cold builds",
      `at most ${L.BUILDS_AT_ONCE} distinct copies built at once per isolate (a miss past them gets a stale copy or 429 with \`Retry-After\`); concurrent misses of one copy share one build; misses per client limited by \`CACHE_MISSES\``,
      "the isolate's one thread and 128 MiB; the daily lists and reads",
    ],
    [
      "categories",
      `at most ${L.MAX_CATEGORIES} in use (a new one claims its slot atomically)`,
      "navigation, OPML and autodiscovery, which list them all",
    ],
    [
      "query values",
      `each parameter at most ${L.QUERY.terms} times, ${L.QUERY.termChars} characters; a cursor at most ${n(L.QUERY.cursorChars)}; \`limit\` 1-${L.QUERY.limit}`,
      `CPU per request (${P.cpuMsPerRequestFree} ms on the free plan)`,
    ],
    [
      "unknown fields",
      `at most ${L.UNKNOWN_FIELDS_REPORTED} reported; "did you mean" only for names of at most ${L.SUGGEST_MAX_NAME} characters, ${L.SUGGESTIONS_PER_REQUEST} per article`,
      "CPU per request",
    ],
    [
      "batch",
      `${BATCH_MAX} articles, ${mb(BATCH_MAX_BYTES)}`,
      `${n(P.kvOpsPerInvocation)} subrequests per invocation; memory`,
    ],
    [
      "bulk takedown",
      `${L.BULK_TAKEDOWN_MAX} ids a call`,
      `${n(P.kvOpsPerInvocation)} subrequests per invocation`,
    ],
    [
      "KV per publish",
      `at most ${L.PUBLISH_MAX_KV_WRITES} puts (item fragments, record, all, category, one per word); an update at most ${L.UPDATE_MAX_KV_OPS} puts and deletes; the feeds it rebuilds at most ${L.PUBLISH_MAX_KV_READS} lists and bulk gets`,
      "operations per invocation; the daily writes",
    ],
    [
      "KV per cold read",
      `at most ${L.READ_MAX_KV_OPS} (lists and bulk gets of one page); a warm read none`,
      "operations per invocation; the daily lists and reads",
    ],
    [
      "partner key lookup",
      `at most one Durable Object request per key per isolate every ${L.PARTNER_LOOKUP_SECONDS} s (remembered, wrong keys too, at most ${n(L.PARTNER_LOOKUPS_HELD)} per isolate; one not shaped as issued costs none); revocation everywhere within ${L.PARTNER_LOOKUP_SECONDS} s`,
      `the daily Durable Object requests (${n(P.freeDaily.doRequests)} free); no storage call and no hash of the key on a warm partner request`,
    ],
    [
      "usage counting",
      `in isolate memory; one Durable Object request per isolate at most every ${L.USAGE_FLUSH_SECONDS} s (${n(86_400 / L.USAGE_FLUSH_SECONDS)} a day), from \`waitUntil\` after a response; at most ${L.USAGE_FEEDS_MAX} feeds a key and ${L.USAGE_FETCHERS_MAX} fetchers a feed`,
      `no storage call on any request's path; Durable Object value ${n(P.doValueBytes)} bytes`,
    ],
  ];
  return table(["limit", "value", "protects"], rows);
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** The stated load, and what each request and write costs under it (see the notes the README prints). */
export const LOAD = {
  locations: 5,
  /** 3 formats x (the whole site + 15 categories), rounded. */
  feeds: 50,
  pollsPerFeedPerLocationPerDay: 24 * 60,
  publishesPerDay: 200,
  keywordWords: 4,
  /** Variants one publish changes: the whole site's and its category's, in three formats. */
  variantsPerPublish: 6,
  /** A changed variant is built twice per location: once on its next poll, once after KV's propagation. */
  buildsPerChange: 2,
  /** Keys one build reads: a default page of 20 and the one that proves a next page. */
  keysPerBuild: 21,
} as const;

export function dailyCost() {
  const polls = LOAD.feeds * LOAD.locations * LOAD.pollsPerFeedPerLocationPerDay;
  const builds = LOAD.publishesPerDay * LOAD.variantsPerPublish * LOAD.locations * LOAD.buildsPerChange;
  // The writer rebuilds two listings (whole site, category) before it answers; a new id is read once.
  const day = {
    requests: polls + LOAD.publishesPerDay,
    kvReads: (builds + 2 * LOAD.publishesPerDay) * LOAD.keysPerBuild + LOAD.publishesPerDay,
    // Item fragments, record, all-articles and category index, one index key per word.
    kvWrites: LOAD.publishesPerDay * (4 + LOAD.keywordWords),
    kvDeletes: 0,
    kvLists: builds + 2 * LOAD.publishesPerDay,
    // Every poll past a copy's freshness asks the category registry when its scope last changed;
    // a publish is one request to its writer and two to the registry; each location's isolate sends
    // its usage batch at most every USAGE_FLUSH_SECONDS.
    doRequests: polls + 3 * LOAD.publishesPerDay + LOAD.locations * (86_400 / L.USAGE_FLUSH_SECONDS),
  };
  const paid = L.PLATFORM.paidMonthly;
  const month = Object.fromEntries(Object.entries(day).map(([k, v]) => [k, v * 30])) as typeof day;
  const over = (k: keyof typeof day) => Math.max(0, month[k] - paid.included[k]) / 1e6;
  const dollars = (Object.keys(day) as (keyof typeof day)[]).reduce(
    (sum, k) => sum + over(k) * paid.perMillion[k],
    0,
  );
  // Before copies were revalidated, every poll past freshness was a build: a list and 21 key reads.
  const unrevalidated =
    paid.base +
    (Math.max(0, 30 * polls - paid.included.kvLists) / 1e6) * paid.perMillion.kvLists +
    (Math.max(0, 30 * polls * LOAD.keysPerBuild - paid.included.kvReads) / 1e6) * paid.perMillion.kvReads;
  return { polls, builds, day, month, dollars: paid.base + dollars, over, unrevalidated };
}

export function dailyCostTable(): string {
  const { day, month, dollars, over } = dailyCost();
  const free = L.PLATFORM.freeDaily;
  const paid = L.PLATFORM.paidMonthly;
  const names: Record<keyof typeof day, string> = {
    requests: "Worker requests",
    kvReads: "KV reads (a bulk get counts each key)",
    kvWrites: "KV writes",
    kvDeletes: "KV deletes",
    kvLists: "KV lists",
    doRequests: "Durable Object requests",
  };
  const rows = (Object.keys(names) as (keyof typeof day)[]).map((k) => [
    names[k],
    n(day[k]),
    `${n(free[k])} ${day[k] <= free[k] ? "fits" : `**over ${(day[k] / free[k]).toFixed(1)}×**`}`,
    `${n(month[k])} of ${n(paid.included[k])} included${over(k) > 0 ? `: $${(over(k) * paid.perMillion[k]).toFixed(2)}` : ""}`,
  ]);
  const fits = (Object.keys(names) as (keyof typeof day)[]).every((k) => day[k] <= free[k]);
  rows.push([
    "**total**",
    "",
    fits ? "fits" : "does not fit",
    `**$${dollars.toFixed(2)} a month** ($${paid.base} plan included)`,
  ]);
  return table(["per day", "at this load", "free plan, per day", "paid plan, per 30 days"], rows);
}

/** Seconds a withdrawn story can still be served: at our edge, then by caches downstream. */
export function withdrawalBound(feedMaxAge = 300, pageMaxAge = 60) {
  // A copy in isolate memory is never served past its freshness: memory adds nothing here.
  const edge = FRESH_SECONDS + L.PLATFORM.kvPropagationSeconds;
  return {
    edge,
    feeds: edge + feedMaxAge + STALE_WHILE_REVALIDATE,
    pages: edge + pageMaxAge + STALE_WHILE_REVALIDATE,
  };
}

/** What the free plan carries: publishes a day (its lists and writes bind first) and polls a day. */
export function freePlanCapacity(locations: number) {
  const free = L.PLATFORM.freeDaily;
  const listsPerPublish = LOAD.variantsPerPublish * locations * LOAD.buildsPerChange + 2;
  const publishes = Math.floor(
    Math.min(free.kvLists / listsPerPublish, free.kvWrites / (4 + LOAD.keywordWords)),
  );
  // Every poll is a Worker request and (past freshness) a registry request.
  const polls = Math.min(free.requests, free.doRequests) - 3 * publishes;
  return { publishes, polls };
}

export function generated(): string {
  const w = withdrawalBound();
  const { polls, builds, unrevalidated } = dailyCost();
  const one = freePlanCapacity(1);
  const five = freePlanCapacity(LOAD.locations);
  return [
    limitsTable(),
    "",
    `**Daily cost at a stated load**: ${LOAD.feeds} feeds polled every minute from ${LOAD.locations} locations (${n(polls)} requests a day) and ${LOAD.publishesPerDay} publishes a day of ${LOAD.keywordWords} keyword words each. A copy is fresh for ${FRESH_SECONDS} s, so every poll revalidates it with one request to the category registry; a publish changes ${LOAD.variantsPerPublish} of the variants, each built again twice in each location (${n(builds)} builds a day, one list and a bulk get of ${LOAD.keysPerBuild} keys each).`,
    "",
    dailyCostTable(),
    "",
    `Without that revalidation every poll past freshness would be a build: ${n(polls)} lists and ${n(polls * LOAD.keysPerBuild)} key reads a day, about $${unrevalidated.toFixed(0)} a month on the paid plan.`,
    "",
    `On the free plan the day's lists and writes bind first: about ${one.publishes} publishes a day read from one location (${five.publishes} from ${LOAD.locations}), and about ${n(five.polls)} polls a day in all (for example ${LOAD.feeds} feeds every ${Math.ceil((LOAD.feeds * LOAD.locations * 1440) / five.polls)} minutes from ${LOAD.locations} locations). When a quota runs out, reads serve their last copies and writes answer 503 with nothing changed (see Reliability).`,
    "",
    `**A withdrawn story** leaves the isolate that took the write at once (its copies are expired and rebuilt before the DELETE answers), the other isolates of its location within ${HOT_MS / 1000} s (the copies they hold in memory); other locations drop it within ${w.edge} s (${FRESH_SECONDS} s freshness, which no copy in isolate memory outlives, and ${L.PLATFORM.kvPropagationSeconds} s of KV propagation); no stale copy that shows it is ever served. Downstream caches may keep a feed ${w.feeds - w.edge} s more (\`max-age\` ${w.feeds - w.edge - STALE_WHILE_REVALIDATE} plus \`stale-while-revalidate\` ${STALE_WHILE_REVALIDATE}), a page ${w.pages - w.edge} s: **at most ${w.feeds} s (${(w.feeds / 60).toFixed(1)} minutes) anywhere** with the default \`FEED_MAX_AGE\`.`,
  ].join("\n");
}

/** The article's limits, for the README's article section (the contract's table, in figures). */
export function articleTable(): string {
  const A = L.ARTICLE;
  return table(
    ["field", "limits"],
    [
      ["`headline`", `1-${A.headline} characters, one line of plain text`],
      ["`subheadline`", `at most ${A.subheadline} characters of plain text`],
      [
        "`body`",
        `1-${n(A.body)} characters; once escaped for feeds at most ${mb(L.ITEM_MAX_BYTES)} in the largest format, and at most ${n(L.RECORD_MAX_BYTES)} bytes stored`,
      ],
      [
        "`keywords`",
        `at most ${A.keywords}, each at most ${A.keyword} characters, **at most ${A.keywordWords} distinct words** across all of them`,
      ],
      [
        "`category`",
        `at most ${A.category} characters; its slug at most ${L.TERM_KEY_BYTES} bytes once folded; at most ${L.MAX_CATEGORIES} categories in use`,
      ],
      ["`id`", `at most ${L.ID_MAX_BYTES} characters: \`^[a-z0-9][a-z0-9-]{0,99}$\``],
      [
        "`authors`",
        `at most ${A.authors}, names at most ${A.authorName} characters, e-mail at most ${A.email}`,
      ],
      ["`url`, `image.url`", `at most ${n(A.url)} characters`],
      ["`image`", `\`alt\` at most ${n(A.alt)} characters; width and height at most ${n(A.pixels)} pixels`],
      [
        "`copyright`, `usageTerms`",
        `one line of plain text, at most ${A.copyright} and ${n(A.usageTerms)} characters`,
      ],
      ["`license`, `canonicalUrl`", `absolute http(s) URLs, at most ${n(A.url)} characters`],
    ],
  );
}

/** The README's blocks this module writes: name -> content. */
export const BLOCKS = { "cost-model": generated, "article-limits": articleTable } as const;

const begin = (name: string) => `<!-- ${name}: generated by bench/cost-model.ts; do not edit by hand -->`;
const end = (name: string) => `<!-- ${name}: end -->`;

/** A generated block of the README, as it stands. */
export function readmeBlock(readme: string, name: keyof typeof BLOCKS): string | undefined {
  const from = readme.indexOf(begin(name));
  const to = readme.indexOf(end(name));
  return from < 0 || to < from ? undefined : readme.slice(from + begin(name).length, to).trim();
}

if (process.argv.includes("--write")) {
  const path = join(import.meta.dirname, "..", "README.md");
  let readme = readFileSync(path, "utf8");
  for (const [name, make] of Object.entries(BLOCKS) as [keyof typeof BLOCKS, () => string][]) {
    if (readmeBlock(readme, name) === undefined) throw new Error(`README.md has no ${begin(name)} block`);
    const from = readme.indexOf(begin(name)) + begin(name).length;
    readme = `${readme.slice(0, from)}\n${make()}\n${readme.slice(readme.indexOf(end(name)))}`;
  }
  writeFileSync(path, readme);
  console.log("README.md: cost model and article limits written");
}
