// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), served as application/feed+json.
// We render it ourselves instead of with the `feed` package, which writes JSON Feed 1.0 (a singular
// `author`, no `language`, no `authors`, no `hubs`); test/feeds-package.unit.test.ts proves it.
// Key order is fixed by the object literals below, so equal input gives equal bytes (ETags).
import { type Article, changedAt } from "../articles/article.ts";
import type { Author } from "../articles/schema.ts";
import { summaryOf } from "../articles/summary.ts";
import { escapedContent, type ItemContext, type ItemParts, joinItems } from "./item.ts";
import { articleLink, entryId, type FeedChannel, uri } from "./model.ts";
import { cleanJsonText as clean, rfc3339 } from "./xml.ts";

export function renderJsonFeed(articles: readonly Article[], channel: FeedChannel): string {
  return assembleJsonFeed(
    articles.map((a) => jsonItem(a, channel)),
    channel,
  );
}

/** The feed around items already rendered (pre-rendered fragments, src/feeds/fragments.ts). */
export function assembleJsonFeed(items: readonly ItemParts[], channel: FeedChannel): string {
  // Absent optional fields are `undefined`, which JSON.stringify leaves out: no empty strings.
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: clean(channel.title),
    home_page_url: uri(channel.homeUrl),
    feed_url: uri(channel.selfUrl),
    description: channel.description ? clean(channel.description) : undefined,
    next_url: channel.nextUrl ? uri(channel.nextUrl) : undefined,
    language: clean(channel.language),
    icon: channel.icon ? uri(channel.icon) : undefined,
    favicon: channel.icon ? uri(channel.icon) : undefined,
    // JSON Feed 1.0's singular `author` beside 1.1's `authors`: feedparser-based readers know only it.
    author: channel.author ? person(channel.author) : undefined,
    authors: channel.author ? [person(channel.author)] : undefined,
    hubs: channel.hubUrl ? [{ type: "WebSub", url: uri(channel.hubUrl) }] : undefined,
    // Last, so that the items' JSON goes between the `[` and the `]}` this writes.
    items: [],
  };
  // JSON.stringify escapes quotes and controls; `clean` has already removed lone surrogates from text
  // (URLs pass through `uri`, which leaves only ASCII), which it would write as `\ud800` escapes that
  // strict JSON decoders refuse (RFC 8259 §8.2).
  const out = [JSON.stringify(feed).slice(0, -"]}".length)];
  joinItems(items, out, ",");
  out.push("]}");
  return out.join("");
}

const person = (au: Pick<Author, "name" | "url">) => ({
  name: clean(au.name),
  url: au.url ? uri(au.url) : undefined,
});

/**
 * One article's item as JSON text, split around `content_html` (see ItemParts): exactly what
 * JSON.stringify writes for the whole object, key order included.
 */
export function jsonItem(a: Article, ctx: ItemContext): ItemParts {
  const image = a.image ? uri(a.image.url) : undefined;
  const head = JSON.stringify({
    id: entryId(a, ctx),
    url: articleLink(a, ctx),
    title: clean(a.headline),
    summary: clean(summaryOf(a)),
  });
  const tail = JSON.stringify({
    image,
    banner_image: image,
    date_published: rfc3339(a.publishedAt),
    date_modified: rfc3339(changedAt(a)),
    // An empty array says nothing; JSON Feed wants the field absent then (the feed's author holds).
    author: a.authors[0] ? person(a.authors[0]) : undefined,
    authors: a.authors.length > 0 ? a.authors.map(person) : undefined,
    tags: [clean(a.category), ...a.keywords.map(clean)],
    language: clean(a.language),
    _rights: rights(a),
    // JSON Feed 1.1 extensions start with "_": the article's version, for consumers that keep copies.
    _edgewire: { version: a.version },
  });
  return {
    head: head.slice(0, -1),
    content: `,"content_html":${JSON.stringify(escapedContent(a, clean))}`,
    tail: `,${tail.slice(1)}`,
  };
}

/**
 * JSON Feed 1.1 extension (an object under a key that starts with "_"): the item's rights, and
 * for a partner previewing embargoes, until when it must not be published. Absent when empty.
 */
function rights(a: Article) {
  const r = {
    copyright: a.copyright ? clean(a.copyright) : undefined,
    usage_terms: a.usageTerms ? clean(a.usageTerms) : undefined,
    license: a.license ? uri(a.license) : undefined,
    expires: a.expires ? rfc3339(a.expires) : undefined,
    canonical_url: a.canonicalUrl ? uri(a.canonicalUrl) : undefined,
    embargoed: a.embargoed ? rfc3339(a.embargoed) : undefined,
  };
  return Object.values(r).some((v) => v !== undefined) ? r : undefined;
}
