// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), served as application/feed+json.
// We render it ourselves instead of with the `feed` package, which writes JSON Feed 1.0 (a singular
// `author`, no `language`, no `authors`, no `hubs`); test/feeds-package.unit.test.ts proves it.
// Key order is fixed by the object literals below, so equal input gives equal bytes (ETags).
import { type Article, changedAt } from "../articles/article.ts";
import { articleLink, entryId, type FeedChannel, uri } from "./model.ts";
import { cleanJsonText as clean, rfc3339 } from "./xml.ts";

export function renderJsonFeed(articles: readonly Article[], channel: FeedChannel): string {
  // Absent optional fields are `undefined`, which JSON.stringify leaves out: no empty strings.
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: clean(channel.title),
    home_page_url: uri(channel.homeUrl),
    feed_url: uri(channel.selfUrl),
    description: channel.description ? clean(channel.description) : undefined,
    next_url: channel.nextUrl ? uri(channel.nextUrl) : undefined,
    language: clean(channel.language),
    hubs: channel.hubUrl ? [{ type: "WebSub", url: uri(channel.hubUrl) }] : undefined,
    items: articles.map((a) => item(a, channel)),
  };
  // JSON.stringify escapes quotes and controls; `clean` has already removed lone surrogates from text
  // (URLs pass through `uri`, which leaves only ASCII), which it would write as `\ud800` escapes that
  // strict JSON decoders refuse (RFC 8259 §8.2).
  return JSON.stringify(feed);
}

function item(a: Article, channel: FeedChannel) {
  return {
    id: entryId(a, channel),
    url: articleLink(a, channel),
    title: clean(a.headline),
    summary: a.subheadline ? clean(a.subheadline) : undefined,
    content_html: clean(a.bodyHtml),
    image: a.image ? uri(a.image.url) : undefined,
    date_published: rfc3339(a.publishedAt),
    date_modified: rfc3339(changedAt(a)),
    // An empty array says nothing; JSON Feed wants the field absent then.
    authors:
      a.authors.length > 0
        ? a.authors.map((au) => ({ name: clean(au.name), url: au.url ? uri(au.url) : undefined }))
        : undefined,
    tags: [clean(a.category), ...a.keywords.map(clean)],
    language: clean(a.language),
  };
}
