// How an article's item fragments are kept in KV (`f:{id}`): a one-line header with the digest of
// the record they were rendered from and the article without its body (what filters, dates and
// names need), then the fragments as the renderer wrote them, which storage never reads.
import type { Article } from "../articles/article.ts";
import { utf8Bytes } from "../articles/text.ts";
import { digest } from "./keys.ts";
import type { ArticleHead } from "./types.ts";

/** The article without what only its item fragments need. */
export function headOf(a: Article): ArticleHead {
  const { body: _b, bodyHtml: _h, ...head } = a;
  return head;
}

/** The stored value: header line, then the fragments (JSON never holds a raw line break). */
export function fragmentValue(recordJson: string, fragments: string): string {
  const head = headOf(JSON.parse(recordJson) as Article);
  return `${JSON.stringify({ d: digest(recordJson), a: head })}\n${fragments}`;
}

/**
 * Bytes of the stored value for an article and its fragments, for index metadata (page reads stay
 * within the bulk get's byte bound); the same figure `fragmentValue` then writes.
 */
export const fragmentValueBytes = (a: Article, fragments: string) =>
  utf8Bytes(fragmentValue(JSON.stringify(a), fragments));

/** The head and fragments of a stored value when it was rendered from the record with digest `d`. */
export function readFragmentValue(
  value: string | null | undefined,
  d: string,
): { article: ArticleHead; fragments: string } | undefined {
  if (!value) return undefined;
  const end = value.indexOf("\n");
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(value.slice(0, end)) as { d?: string; a?: ArticleHead };
    if (header.d !== d || !header.a) return undefined;
    return { article: header.a, fragments: value.slice(end + 1) };
  } catch {
    return undefined;
  }
}
