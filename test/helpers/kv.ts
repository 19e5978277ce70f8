// Test-only views of KV: every key (to prove a failed request stored nothing), a KV binding that
// counts operations (to prove cost does not grow with the archive), and direct seeding of many
// articles through the real key scheme.
import { env } from "cloudflare:workers";
import type { Article } from "../../src/articles/article.ts";
import { indexKeys, recordKey, summary } from "../../src/store/keys.ts";

export async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.ARTICLES.list(cursor ? { cursor } : {});
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys;
}

export interface OpCounts {
  get: number;
  bulkGet: number;
  list: number;
  put: number;
  delete: number;
}

/** The most one operation moved: bytes of values returned by one bulk get (KV allows 25 MiB). */
export interface OpSizes {
  bulkGetBytes: number;
}

export function countingKv(kv: KVNamespace): { kv: KVNamespace; counts: OpCounts; sizes: OpSizes } {
  const counts: OpCounts = { get: 0, bulkGet: 0, list: 0, put: 0, delete: 0 };
  const sizes: OpSizes = { bulkGetBytes: 0 };
  const encoder = new TextEncoder();
  const wrapped = {
    get: async (key: string | string[], ...rest: unknown[]) => {
      if (!Array.isArray(key)) {
        counts.get++;
        return (kv.get as (...a: unknown[]) => unknown)(key, ...rest);
      }
      counts.bulkGet++;
      const got =
        (await (kv.get as (...a: unknown[]) => Promise<Map<string, unknown>>)(key, ...rest)) ?? new Map();
      let bytes = 0;
      for (const v of got.values()) if (typeof v === "string") bytes += encoder.encode(v).byteLength;
      sizes.bulkGetBytes = Math.max(sizes.bulkGetBytes, bytes);
      return got;
    },
    getWithMetadata: (...a: unknown[]) => {
      counts.get++;
      return (kv.getWithMetadata as (...a: unknown[]) => unknown)(...a);
    },
    list: (...a: unknown[]) => {
      counts.list++;
      return (kv.list as (...a: unknown[]) => unknown)(...a);
    },
    put: (...a: unknown[]) => {
      counts.put++;
      return (kv.put as (...a: unknown[]) => unknown)(...a);
    },
    delete: (...a: unknown[]) => {
      counts.delete++;
      return (kv.delete as (...a: unknown[]) => unknown)(...a);
    },
  };
  return { kv: wrapped as unknown as KVNamespace, counts, sizes };
}

/** A stored article for direct seeding; `n` makes it unique and orders it in time. */
export function storedArticle(n: number, overrides: Partial<Article> = {}): Article {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    id: `seeded-${String(n).padStart(5, "0")}`,
    headline: `Seeded article ${n}`,
    category: "Archive",
    categorySlug: "archive",
    keywords: ["Archive"],
    authors: [],
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
    firstPublishedAt: overrides.publishedAt ?? at,
    language: "en",
    bodyFormat: "text",
    body: `Body ${n}`,
    bodyHtml: `<p>Body ${n}</p>`,
    ...overrides,
  };
}

/** Writes records and index keys exactly as ArticleWriter would, without the per-id object, and places them in the category registry. */
export async function seedDirect(articles: Article[]): Promise<void> {
  const registry = env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));
  const slugs = new Map(articles.map((a) => [a.categorySlug, a]));
  for (const a of slugs.values())
    await registry.place(a.id, { slug: a.categorySlug, name: a.category, visible: true });
  for (let i = 0; i < articles.length; i += 50) {
    await Promise.all(
      articles
        .slice(i, i + 50)
        .flatMap((a) => [
          env.ARTICLES.put(recordKey(a.id), JSON.stringify(a)),
          ...indexKeys(a).map((k) => env.ARTICLES.put(k, "", { metadata: summary(a) })),
        ]),
    );
  }
}
