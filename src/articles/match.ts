// Filters of feeds and listings, as the contract defines them: a keyword term matches ignoring case
// and accents, either a whole keyword or one word of a keyword phrase (`taliban` matches "Russia
// Taliban Relations"); `q` needs every word in the headline, subheadline or keywords; `exclude`
// removes an item by keyword or word. Plain comparisons of folded words: no client-controlled regex.
import type { Article } from "./article.ts";
import { words } from "./text.ts";

export interface Filter {
  /** Category slugs; an article in any of them passes. */
  categories: string[];
  /** Keyword terms as folded words; an article must match all of them. */
  keywords: string[][];
  /** Words of `q`; all must appear. */
  q: string[];
  /** Terms as folded words; an article matching any of them is removed. */
  exclude: string[][];
}

export const emptyFilter = (): Filter => ({ categories: [], keywords: [], q: [], exclude: [] });

const sameWords = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((w, i) => w === b[i]);

/** A term (folded words) against the article's keywords: a whole keyword, or one word of one. */
export function matchesKeyword(articleKeywords: readonly string[], term: readonly string[]): boolean {
  return articleKeywords.some((k) => {
    const kw = words(k);
    return sameWords(kw, term) || (term.length === 1 && kw.includes(term[0] as string));
  });
}

/** What a filter reads of an article: never its body (so it runs on a fragment's head too). */
type Matched = Pick<Article, "categorySlug" | "keywords" | "headline" | "subheadline">;

function textWords(a: Matched): Set<string> {
  return new Set([
    ...words(a.headline),
    ...words(a.subheadline ?? ""),
    ...a.keywords.flatMap((k) => words(k)),
  ]);
}

export function matches(a: Matched, f: Filter): boolean {
  if (f.categories.length > 0 && !f.categories.includes(a.categorySlug)) return false;
  if (!f.keywords.every((term) => matchesKeyword(a.keywords, term))) return false;
  if (f.q.length > 0 || f.exclude.length > 0) {
    const all = textWords(a);
    if (!f.q.every((w) => all.has(w))) return false;
    if (
      f.exclude.some(
        (term) => matchesKeyword(a.keywords, term) || (term.length > 0 && term.every((w) => all.has(w))),
      )
    )
      return false;
  }
  return true;
}
