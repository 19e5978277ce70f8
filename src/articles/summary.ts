// The summary every feed item carries, the same text in every format: the subheadline, else an
// excerpt of the body as a reader sees it (at most EXCERPT.words words and EXCERPT.chars characters,
// cut at a word boundary that Intl.Segmenter finds, so scripts written without spaces are cut
// between words too). Pure; memoised per article object, since one build renders it three times.
import { EXCERPT } from "../limits.ts";
import type { Article } from "./article.ts";
import { htmlToText } from "./html-text.ts";
import { charCount } from "./text.ts";

type Summarised = Pick<Article, "headline" | "subheadline" | "bodyHtml" | "language">;

const memo = new WeakMap<Summarised, string>();
const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(language: string): Intl.Segmenter {
  let s = segmenters.get(language);
  if (!s) {
    s = new Intl.Segmenter(language, { granularity: "word" });
    segmenters.set(language, s);
  }
  return s;
}

/** The text of the first part of `html` that holds enough of it for an excerpt (bodies are long). */
function leadingText(html: string): string {
  for (let take = 4 * EXCERPT.chars; ; take *= 4) {
    if (take >= html.length) return htmlToText(html);
    // A tag cut in half at the end is not text.
    const text = htmlToText(html.slice(0, take).replace(/<[^>]*$/, ""));
    if (charCount(text) > EXCERPT.chars) return text;
  }
}

/** `text` whole when within the limits, else cut after a word, with an ellipsis (counted in the limit). */
export function excerpt(text: string, language: string): string {
  let chars = 0;
  let words = 0;
  let end = 0;
  for (const s of segmenter(language).segment(text)) {
    chars += charCount(s.segment);
    if (s.isWordLike) words++;
    if (chars > EXCERPT.chars || words > EXCERPT.words) {
      // A word longer than the whole excerpt has no boundary inside: it is cut by characters.
      const kept = end > 0 ? text.slice(0, end) : [...text].slice(0, EXCERPT.chars - 1).join("");
      return `${kept}\u2026`;
    }
    if (s.isWordLike && chars < EXCERPT.chars) end = s.index + s.segment.length;
  }
  return text;
}

/** The item's summary: the subheadline, or an excerpt of the body (the headline, for a body of images only). */
export function summaryOf(a: Summarised): string {
  if (a.subheadline) return a.subheadline;
  let s = memo.get(a);
  if (s === undefined) {
    s = excerpt(leadingText(a.bodyHtml), a.language) || a.headline;
    memo.set(a, s);
  }
  return s;
}
