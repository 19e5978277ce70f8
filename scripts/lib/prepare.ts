// From one file's text to the articles it holds, each extracted, renamed and validated with the
// Worker's own validation (src/articles/validate.ts), so the tool refuses exactly what the API would.
// Pure: no `node:` imports.
import type { Problem } from "../../src/articles/problems.ts";
import { validateArticle } from "../../src/articles/validate.ts";
import { type ExtractOptions, extractArticles } from "./extract.ts";

export interface Prepared {
  /** Position in a JSON array of articles, from 1; absent for a file holding one article. */
  item?: number;
  /** The article to send: the extracted object (aliases renamed), not the normalised output. */
  raw?: Record<string, unknown>;
  /** The id the article has or the server will derive. */
  id?: string;
  notes: string[];
  /** Why the article is invalid, in the API's words. */
  problems?: Problem[];
  /** Why no article could be extracted, with the place. */
  error?: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("; ");
}

export async function prepareText(text: string, options: ExtractOptions = {}): Promise<Prepared[]> {
  const extracted = extractArticles(text, options);
  if (!extracted.ok) return [{ notes: [], error: extracted.error }];
  const many = extracted.articles.length > 1;
  return Promise.all(
    extracted.articles.map(async ({ value, notes }, i) => {
      const base = {
        ...(many ? { item: i + 1 } : {}),
        notes: i === 0 || !many ? [...extracted.notes, ...notes] : notes,
      };
      // The default language only fills a missing `language`; validity does not depend on it.
      const v = await validateArticle(value, "en");
      return v.ok ? { ...base, raw: value, id: v.draft.id } : { ...base, raw: value, problems: v.errors };
    }),
  );
}
