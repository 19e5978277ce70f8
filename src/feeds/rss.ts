// RSS 2.0 after the RSS Advisory Board's Best Practices Profile (https://www.rssboard.org/rss-profile).
// We render it ourselves instead of with the `feed` package, whose output is invalid for text we
// accept (it escapes only the first `]]>` of a CDATA section, passes control characters and `<` in
// attributes, writes bare names in <author>, guesses `image/jpg`, dates the feed "now") and which
// costs several times the CPU; test/feeds-package.unit.test.ts proves each of those defects.
import { type Article, changedAt } from "../articles/article.ts";
import { escapeHtmlText } from "../articles/html-text.ts";
import { summaryOf } from "../articles/summary.ts";
import { escapedContent, type ItemContext, type ItemParts, joinItems } from "./item.ts";
import { MEDIA_NAMESPACE, mediaElements } from "./media.ts";
import { articleLink, entryId, type FeedChannel, uri } from "./model.ts";
import { element, escapeAttr, escapeRssHtmlText, escapeRssText, escapeText, rfc822, rfc3339 } from "./xml.ts";

const NAMESPACES =
  'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
  `xmlns:dc="http://purl.org/dc/elements/1.1/" ${MEDIA_NAMESPACE}`;

/** Plain text (names, categories): hexadecimal references, as the profile recommends. */
const text = (name: string, value: string | undefined) => element(name, value, escapeRssText);
/** Plain text readers may render as HTML (item title and description): shown exactly either way. */
const htmlSafe = (name: string, value: string | undefined) => element(name, value, escapeRssHtmlText);

export function renderRss(articles: readonly Article[], channel: FeedChannel): string {
  return assembleRss(
    articles.map((a) => rssItem(a, channel)),
    channel,
  );
}

/** The feed around items already rendered (pre-rendered fragments, src/feeds/fragments.ts). */
export function assembleRss(items: readonly ItemParts[], channel: FeedChannel): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<rss version="2.0" ${NAMESPACES}>\n<channel>\n`,
    text("title", channel.title),
    element("link", uri(channel.homeUrl)),
    // <description> is required: an empty one would be an empty element, so repeat the title.
    text("description", channel.description || channel.title),
    element("language", channel.language),
    text("copyright", channel.copyright),
    atomLink("self", channel.selfUrl, "application/rss+xml"),
    channel.nextUrl ? atomLink("next", channel.nextUrl, "application/rss+xml") : "",
    channel.hubUrl ? atomLink("hub", channel.hubUrl) : "",
    `<lastBuildDate>${rfc822(channel.updated)}</lastBuildDate>\n`,
    `<ttl>${Math.max(0, Math.round(channel.ttlMinutes))}</ttl>\n`,
    text("generator", channel.generator),
    channel.rssImage ? image(channel.rssImage, channel) : "",
  ];
  // One join copies each body once (bodies are most of the bytes).
  joinItems(items, out);
  out.push("</channel>\n</rss>\n");
  return out.join("");
}

/** RSS 2.0 <image>: its title and link must be the channel's (readers link the picture to the site). */
function image(img: NonNullable<FeedChannel["rssImage"]>, channel: FeedChannel): string {
  return [
    "<image>\n",
    element("url", uri(img.url)),
    text("title", channel.title),
    element("link", uri(channel.homeUrl)),
    img.width ? `<width>${img.width}</width>\n` : "",
    img.height ? `<height>${img.height}</height>\n` : "",
    "</image>\n",
  ].join("");
}

function atomLink(rel: string, href: string, type?: string): string {
  return `<atom:link href="${escapeAttr(uri(href))}" rel="${rel}"${type ? ` type="${type}"` : ""}/>\n`;
}

/**
 * One article's <item>, split around its full-text content (content:encoded), the one part an
 * audience may be given another way (an excerpt); what it depends on besides the article is `ctx`.
 */
export function rssItem(a: Article, ctx: ItemContext): ItemParts {
  const head: string[] = [
    "<item>\n",
    htmlSafe("title", a.headline),
    element("link", articleLink(a, ctx)),
    `<guid isPermaLink="false">${escapeText(entryId(a, ctx))}</guid>\n`,
    `<pubDate>${rfc822(a.publishedAt)}</pubDate>\n`,
    // RSS has no item-level modified date; the Atom namespace (declared for atom:link) has one.
    `<atom:updated>${rfc3339(changedAt(a))}</atom:updated>\n`,
  ];
  // <author> must hold an e-mail address (RSS 2.0, profile § author); names go in dc:creator.
  for (const author of a.authors) head.push(text("dc:creator", author.name));
  head.push(text("category", a.category));
  for (const keyword of a.keywords) head.push(text("category", keyword));
  // Every item has a description (Apple News requires one; many tools read nothing else): the
  // summary, as the HTML readers take it for, so `<` and a literal `&amp;` come out as written.
  head.push(element("description", escapeHtmlText(summaryOf(a))));
  const html = escapedContent(a, escapeText);
  const content = html ? `<content:encoded>${html}</content:encoded>\n` : "";
  const tail: string[] = [];
  if (a.image) {
    const { url, length, mimeType } = a.image;
    // An enclosure's length is required: one that says 0 misleads podcatchers, so only a known one.
    if (length !== undefined)
      tail.push(
        `<enclosure url="${escapeAttr(uri(url))}" length="${length}" type="${escapeAttr(mimeType)}"/>\n`,
      );
    tail.push(mediaElements(a.image));
  }
  // RSS has no item-level copyright (the W3C validator calls it an error): Dublin Core's rights.
  tail.push(text("dc:rights", a.copyright), text("dc:rights", a.usageTerms));
  // RSS has no per-item language; Dublin Core does (the channel's <language> is the default).
  if (a.language !== ctx.language) tail.push(element("dc:language", a.language));
  tail.push("</item>\n");
  return { head: head.join(""), content, tail: tail.join("") };
}
