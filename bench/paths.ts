// The read paths every benchmark measures, named once: bench/run.ts loads them with wrk against the
// Worker and the ceiling, bench/kv-ops.bench.test.ts counts their KV operations. Pure.
import { type BenchArticle, commonKeywordWord, slugOf } from "./corpus.ts";

export interface ReadPath {
  /** Stable key across archive sizes (the label may name a different category or keyword). */
  id: string;
  /** Short name, the row label. */
  name: string;
  /** Path and query. */
  path: string;
  /** Sent with If-None-Match: the ETag of the same path's 200. */
  conditional?: boolean;
  /** Never cached: a unique variant per request (an `exclude` term no article has). */
  uncached?: boolean;
}

/** Load runs use 50 items, as the issue's ~270 KB figure does; `/feed.xml` is the default 20-item page. */
export const LIMIT = 50;

/** The most common category among `articles`, as a slug. */
export function commonCategory(articles: readonly BenchArticle[]): { slug: string; count: number } {
  const counts = new Map<string, number>();
  for (const a of articles) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
  const [name, count] = [...counts].sort((x, y) => y[1] - x[1])[0] ?? ["World News", 0];
  return { slug: slugOf(name), count };
}

export function readPaths(articles: readonly BenchArticle[]): ReadPath[] {
  const category = commonCategory(articles).slug;
  const keyword = commonKeywordWord(articles).word;
  return [
    { id: "feed-default", name: "RSS /feed.xml (default 20, built ahead)", path: "/feed.xml" },
    { id: "rss", name: `RSS /feed.xml?limit=${LIMIT}`, path: `/feed.xml?limit=${LIMIT}` },
    { id: "atom", name: "Atom", path: `/feed.atom?limit=${LIMIT}` },
    { id: "json", name: "JSON Feed", path: `/feed.json?limit=${LIMIT}` },
    {
      id: "category",
      name: `category ${category} (RSS)`,
      path: `/category/${category}/feed.xml?limit=${LIMIT}`,
    },
    { id: "keyword", name: `keyword ${keyword} (RSS)`, path: `/feed.xml?keyword=${keyword}&limit=${LIMIT}` },
    { id: "listing", name: "JSON listing /api/articles", path: `/api/articles?limit=${LIMIT}` },
    { id: "304", name: "304 revalidation (RSS)", path: `/feed.xml?limit=${LIMIT}`, conditional: true },
    { id: "cold", name: "cold build (RSS, never cached)", path: `/feed.xml?limit=${LIMIT}`, uncached: true },
  ];
}

/** The unique variant of an uncached path for request number `n`. */
export const uncachedVariant = (path: string, n: number | string) => `${path}&exclude=zzcold${n}`;
