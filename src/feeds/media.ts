// The article's image as readers expect it in every format: Media RSS (https://www.rssboard.org/media-rss)
// `media:content` and `media:thumbnail` with its caption (or alt text) and credit, for RSS and Atom;
// and a <figure> at the top of the HTML content, which every reader shows, whatever it knows of Media RSS.
import type { Article } from "../articles/article.ts";
import { escapeHtml } from "../articles/html-text.ts";
import type { ArticleImage } from "../articles/schema.ts";
import { uri } from "./model.ts";
import { escapeAttr, escapeRssText } from "./xml.ts";

export const MEDIA_NAMESPACE = 'xmlns:media="http://search.yahoo.com/mrss/"';

const size = (img: ArticleImage) =>
  `${img.width ? ` width="${img.width}"` : ""}${img.height ? ` height="${img.height}"` : ""}`;

/** `media:content` (with `media:description` and `media:credit`) and `media:thumbnail`. */
export function mediaElements(img: ArticleImage): string {
  const url = escapeAttr(uri(img.url));
  const fileSize = img.length !== undefined ? ` fileSize="${img.length}"` : "";
  const description = img.caption || img.alt;
  return [
    `<media:content url="${url}" type="${escapeAttr(img.mimeType)}" medium="image"${size(img)}${fileSize}>\n`,
    // Plain text with hexadecimal references, so a literal `&amp;` is not taken for HTML (as in RSS).
    description ? `<media:description type="plain">${escapeRssText(description)}</media:description>\n` : "",
    img.credit ? `<media:credit>${escapeRssText(img.credit)}</media:credit>\n` : "",
    "</media:content>\n",
    `<media:thumbnail url="${url}"${size(img)}/>\n`,
  ].join("");
}

/** The image as the first thing in the content: picture, caption and credit. */
export function figureHtml(img: ArticleImage): string {
  const alt = ` alt="${escapeHtml(img.alt ?? "")}"`;
  const credit = img.credit ? `<small>${escapeHtml(img.credit)}</small>` : "";
  const caption = [img.caption && escapeHtml(img.caption), credit].filter(Boolean).join(" ");
  return `<figure><img src="${escapeHtml(uri(img.url))}"${alt}${size(img)}>${
    caption ? `<figcaption>${caption}</figcaption>` : ""
  }</figure>\n`;
}

/**
 * The article's public corrections, newest first, as the first thing readers see: one paragraph
 * each, dated, in the few elements every reader keeps (a reader that drops classes still shows them).
 */
export function correctionsHtml(corrections: Article["corrections"]): string {
  if (!corrections || corrections.length === 0) return "";
  const notes = corrections.map(
    (c) => `<p><strong>Correction (${c.at.slice(0, 10)}):</strong> ${escapeHtml(c.note)}</p>`,
  );
  return `<div class="corrections">${notes.join("")}</div>\n`;
}

/** The article's HTML content in a feed: its corrections, its image's figure, then the body. */
export function contentHtml(a: Pick<Article, "image" | "bodyHtml" | "corrections">): string {
  return correctionsHtml(a.corrections) + (a.image ? figureHtml(a.image) + a.bodyHtml : a.bodyHtml);
}
