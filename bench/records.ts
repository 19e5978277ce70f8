// The KV entries the writer would put for generated articles (src/store/keys.ts: item fragments,
// record, index keys with their list metadata, category registry), validated, normalised and
// rendered by the Worker's own code. Pure: bench/seeder.ts runs it inside workerd.
import type { Article } from "../src/articles/article.ts";
import { validateArticle } from "../src/articles/validate.ts";
import { renderFragments } from "../src/feeds/fragments.ts";
import { fragmentValue, fragmentValueBytes } from "../src/store/fragments.ts";
import { categoryKey, fragmentKey, indexKeys, recordKey, summary } from "../src/store/keys.ts";
import { benchArticles } from "./corpus.ts";
import { BENCH_SITE_URL } from "./site.ts";

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
    const record = JSON.stringify(article);
    // As the writer renders them for the bench's site (SITE_URL, and wrangler.toml's language).
    const fragments = renderFragments(article, {
      siteUrl: BENCH_SITE_URL,
      idAuthority: new URL(BENCH_SITE_URL).hostname,
      language: "en",
    });
    out.push({ key: fragmentKey(article.id), value: fragmentValue(record, fragments) });
    out.push({ key: recordKey(article.id), value: record });
    const meta = summary(article, undefined, fragmentValueBytes(article, fragments));
    for (const key of indexKeys(article)) out.push({ key, value: "", metadata: meta });
    categories.set(article.categorySlug, article.category);
  }
  for (const [slug, name] of categories)
    out.push({ key: categoryKey(slug), value: name, metadata: { name } });
  return out;
}
