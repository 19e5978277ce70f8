// The same articles and channel through the `feed` package (6.0.0), mapped as faithfully as its API
// allows: for the differential test (test/feeds-package.unit.test.ts) and the benchmark (bench/).
import { Feed } from "feed";
import type { Article } from "../../src/articles/article.ts";
import { changedAt } from "../../src/articles/article.ts";
import { summaryOf } from "../../src/articles/summary.ts";
import { contentHtml } from "../../src/feeds/media.ts";
import { articleLink, entryId, type FeedChannel, feedId } from "../../src/feeds/model.ts";

export function viaPackage(articles: readonly Article[], channel: FeedChannel): Feed {
  const feed = new Feed({
    title: channel.title,
    description: channel.description,
    id: feedId(channel),
    link: channel.homeUrl,
    language: channel.language,
    updated: new Date(channel.updated),
    ttl: channel.ttlMinutes,
    ...(channel.generator ? { generator: channel.generator } : {}),
    feedLinks: { rss: channel.selfUrl, atom: channel.selfUrl, json: channel.selfUrl },
  });
  for (const a of articles) {
    feed.addItem({
      title: a.headline,
      id: entryId(a, channel),
      link: articleLink(a, channel),
      date: new Date(changedAt(a)),
      published: new Date(a.publishedAt),
      description: summaryOf(a),
      content: contentHtml(a),
      author: a.authors.map((au) => ({ name: au.name, ...(au.email ? { email: au.email } : {}) })),
      category: [{ name: a.category, term: a.category }, ...a.keywords.map((k) => ({ name: k, term: k }))],
      ...(a.image?.length !== undefined ? { image: { url: a.image.url, length: a.image.length } } : {}),
    });
  }
  return feed;
}
