// The KV entries the writer would put for generated articles (src/store/keys.ts: record, index keys
// with their list metadata, category registry), validated and normalised by the Worker's own code.
// Pure: bench/seeder.ts runs it inside workerd.
import type { Article } from "../src/articles/article.ts";
import { validateArticle } from "../src/articles/validate.ts";
import { categoryKey, indexKeys, recordKey, summary } from "../src/store/keys.ts";
import { benchArticles } from "./corpus.ts";

export interface Entry {
  key: string;
  value: string;
  metadata?: unknown;
}

export async function storedEntries(from: number, to: number, baseMs: number): Promise<Entry[]> {
  const out: Entry[] = [];
  const categories = new Map<string, string>();
  for (const a of benchArticles(from, to, baseMs)) {
    const v = await validateArticle(a, "en");
    if (!v.ok) throw new Error(`${a.id}: ${JSON.stringify(v.errors)}`);
    const at = v.draft.publishedAt ?? new Date(baseMs).toISOString();
    const article: Article = {
      ...v.draft,
      publishedAt: at,
      createdAt: at,
      updatedAt: at,
      version: 1,
      firstPublishedAt: at,
    };
    out.push({ key: recordKey(article.id), value: JSON.stringify(article) });
    for (const key of indexKeys(article)) out.push({ key, value: "", metadata: summary(article) });
    categories.set(article.categorySlug, article.category);
  }
  for (const [slug, name] of categories)
    out.push({ key: categoryKey(slug), value: name, metadata: { name } });
  return out;
}
