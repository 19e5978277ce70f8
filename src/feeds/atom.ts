// Atom 1.0 (RFC 4287) with RFC 5005 paging and WebSub hub links.
// We render it ourselves instead of with the `feed` package, which writes <category> without `term`,
// throws on ids that do not parse as URLs, marks plain-text titles as HTML, escapes only the first
// `]]>` of a CDATA section, passes control characters and `<` in attributes, guesses `image/jpg`
// and dates the feed "now"; test/feeds-package.unit.test.ts proves each of those defects.
import { type Article, changedAt } from "../articles/article.ts";
import type { Author } from "../articles/schema.ts";
import { summaryOf } from "../articles/summary.ts";
import { absolute, paths } from "../urls.ts";
import { escapedContent, type ItemContext, type ItemParts, joinItems } from "./item.ts";
import { MEDIA_NAMESPACE, mediaElements } from "./media.ts";
import { articleLink, entryId, type FeedChannel, feedId, uri } from "./model.ts";
import { element, escapeAttr, escapeRssText, escapeText, rfc3339 } from "./xml.ts";

/**
 * Plain text constructs (title, subtitle, summary type="text") with hexadecimal references: the
 * same XML, but validators and readers that guess whether text is HTML see that a literal `&amp;`
 * typed by the newsroom is text (W3C ContainsUndeclaredHTML looks for `&#x` on the line).
 */
const plain = (name: string, value: string | undefined) => element(name, value, escapeRssText);

/**
 * RFC 6721 tombstones. The W3C validator warns of any namespace it does not know, this one included:
 * it is declared only in a document that carries a tombstone (the one warning we accept).
 */
const TOMBSTONES_NAMESPACE = 'xmlns:at="http://purl.org/atompub/tombstones/1.0"';

export function renderAtom(articles: readonly Article[], channel: FeedChannel): string {
  return assembleAtom(
    articles.map((a) => atomEntry(a, channel)),
    channel,
  );
}

/** The feed around entries already rendered (pre-rendered fragments, src/feeds/fragments.ts). */
export function assembleAtom(entries: readonly ItemParts[], channel: FeedChannel): string {
  const out = atomHead(channel, MEDIA_NAMESPACE);
  // One join copies each body once (bodies are most of the bytes).
  joinItems(entries, out);
  out.push("</feed>\n");
  return out.join("");
}

/** The feed element and its metadata (and tombstones), up to the first entry; `namespaces` beside Atom's own. */
export function atomHead(channel: FeedChannel, namespaces = ""): string[] {
  const deleted = channel.deleted ?? [];
  const ns = [namespaces, deleted.length > 0 ? TOMBSTONES_NAMESPACE : ""].filter(Boolean).join(" ");
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom"${ns ? ` ${ns}` : ""} xml:lang="${escapeAttr(channel.language)}">\n`,
    element("id", feedId(channel)),
    plain("title", channel.title),
    plain("subtitle", channel.description),
    `<updated>${rfc3339(channel.updated)}</updated>\n`,
    link("self", channel.selfUrl, "application/atom+xml"),
    link("alternate", channel.homeUrl, "text/html"),
    channel.nextUrl ? link("next", channel.nextUrl, "application/atom+xml") : "",
    channel.hubUrl ? link("hub", channel.hubUrl) : "",
    element("generator", channel.generator),
    element("icon", channel.icon && uri(channel.icon)),
    element("logo", channel.logo && uri(channel.logo)),
    plain("rights", channel.copyright),
    // RFC 4287 §4.1.1: an entry without an author of its own takes the feed's: the newsroom, the
    // same in every feed of the site.
    channel.author ? author(channel.author) : "",
  ];
  for (const d of deleted)
    out.push(
      `<at:deleted-entry ref="${escapeAttr(d.ref)}" when="${rfc3339(d.when)}">`,
      d.comment ? `<at:comment>${escapeRssText(d.comment)}</at:comment>` : "",
      "</at:deleted-entry>\n",
    );
  return out;
}

export function link(rel: string, href: string, type?: string): string {
  return `<link rel="${rel}"${type ? ` type="${type}"` : ""} href="${escapeAttr(uri(href))}"/>\n`;
}

/** One article's <entry>, split around its full-text <content> (see ItemParts). */
export function atomEntry(a: Article, ctx: ItemContext): ItemParts {
  const lang = a.language !== ctx.language ? ` xml:lang="${escapeAttr(a.language)}"` : "";
  const head: string[] = [
    `<entry${lang}>\n`,
    element("id", entryId(a, ctx)),
    plain("title", a.headline),
    `<updated>${rfc3339(changedAt(a))}</updated>\n`,
    `<published>${rfc3339(a.publishedAt)}</published>\n`,
  ];
  for (const au of a.authors) head.push(author(au));
  // The category as RSS and JSON Feed name it, its display name; the scheme says it is one of this
  // site's categories (its page is {scheme}{slug}).
  const scheme = escapeAttr(uri(absolute(ctx.siteUrl, paths.categories())));
  head.push(`<category term="${escapeAttr(a.category)}" scheme="${scheme}"/>\n`);
  // A keyword is its own identity and display: the exact text as term, no label, no scheme.
  for (const keyword of a.keywords) head.push(`<category term="${escapeAttr(keyword)}"/>\n`);
  head.push(`<summary type="text">${escapeRssText(summaryOf(a))}</summary>\n`);
  const content = `<content type="html">${escapedContent(a, escapeText)}</content>\n`;
  const tail: string[] = [link("alternate", articleLink(a, ctx), "text/html")];
  // RFC 4287 §4.2.10 rights; RFC 4946 rel="license".
  tail.push(plain("rights", a.copyright));
  if (a.license) tail.push(link("license", a.license));
  if (a.image) {
    tail.push(mediaElements(a.image));
    const { url, mimeType, length, alt } = a.image;
    // Atom's length is advisory and optional: given only when known. The alt text is the link title.
    const len = length !== undefined ? ` length="${length}"` : "";
    const title = alt ? ` title="${escapeAttr(alt)}"` : "";
    tail.push(
      `<link rel="enclosure" type="${escapeAttr(mimeType)}"${len}${title} href="${escapeAttr(uri(url))}"/>\n`,
    );
  }
  tail.push("</entry>\n");
  return { head: head.join(""), content, tail: tail.join("") };
}

function author(a: Omit<Author, "email"> & { email?: string }): string {
  return `<author>\n${element("name", a.name)}${element("uri", a.url && uri(a.url))}${element("email", a.email)}</author>\n`;
}
