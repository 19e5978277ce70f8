// One feed item as every format renders it: three parts, so that a feed can be assembled from
// items rendered earlier (src/feeds/fragments.ts) and an audience given its own content part. What
// an item depends on besides its article is the site (links, tag: ids, the default language).
import type { Article } from "../articles/article.ts";
import { correctionsHtml, figureHtml } from "./media.ts";
import type { FeedChannel } from "./model.ts";

/** What an item depends on besides the article: the same for every feed of one site. */
export type ItemContext = Pick<FeedChannel, "siteUrl" | "idAuthority" | "language">;

/**
 * An item's bytes: `head` + `content` + `tail`. `content` is the full text (RSS content:encoded,
 * Atom content, JSON Feed content_html) and nothing else, so an excerpt-only audience can swap it.
 */
export interface ItemParts {
  head: string;
  content: string;
  tail: string;
}

/**
 * The article's HTML content (its corrections, its image's figure, then the body) escaped for a format. The figure
 * and the body are escaped apart (the same characters either way: escaping is per character and
 * the figure ends with a tag), so the body, most of a feed's bytes, is never first copied into a
 * new string just to prepend the figure.
 */
export function escapedContent(
  a: Pick<Article, "image" | "bodyHtml" | "corrections">,
  escapeFn: (s: string) => string,
): string {
  const notes = correctionsHtml(a.corrections);
  const lead = (notes ? escapeFn(notes) : "") + (a.image ? escapeFn(figureHtml(a.image)) : "");
  return lead + escapeFn(a.bodyHtml);
}

/** Pushes each item's parts onto `out`, for one join (which copies each body once). */
export function joinItems(items: readonly ItemParts[], out: string[], separator?: string): void {
  items.forEach((p, i) => {
    if (separator !== undefined && i > 0) out.push(separator);
    out.push(p.head, p.content, p.tail);
  });
}
