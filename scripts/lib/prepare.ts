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
  /** What was extracted, for a dry run to show. */
  preview?: Preview;
}

/** The extracted article at a glance: what a person checks before it goes out. */
export interface Preview {
  headline: string;
  category: string;
  keywords: string[];
  paragraphs: number;
  characters: number;
  /** The first lines of the body, each cut to a readable length. */
  firstLines: string[];
}

const PREVIEW_LINES = 3;
const PREVIEW_WIDTH = 96;
const text = (v: unknown) =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);
const cut = (s: string) => (s.length > PREVIEW_WIDTH ? `${s.slice(0, PREVIEW_WIDTH - 1)}…` : s);

/** From the extracted object as sent, so that an invalid article shows what the tool found too. */
export function preview(raw: Record<string, unknown>): Preview {
  const lines = text(raw.body)
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const keywords = Array.isArray(raw.keywords)
    ? raw.keywords.map(text)
    : text(raw.keywords)
        .split(/[,;\r\n]+/)
        .map((k) => k.trim())
        .filter((k) => k !== "");
  return {
    headline: text(raw.headline),
    category: text(raw.category),
    keywords,
    paragraphs: lines.length,
    characters: [...text(raw.body)].length,
    firstLines: lines.slice(0, PREVIEW_LINES).map(cut),
  };
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
      const seen = { ...base, raw: value, preview: preview(value) };
      return v.ok ? { ...seen, id: v.draft.id } : { ...seen, problems: v.errors };
    }),
  );
}
