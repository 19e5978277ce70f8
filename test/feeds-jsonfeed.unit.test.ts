// JSON Feed 1.1 read back as JSON and by an independent parser (feedsmith): the fields the contract
// lists, hostile text exact, absent fields absent, key order fixed.
import { parseJsonFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderJsonFeed } from "../src/feeds/jsonfeed.ts";
import { contentHtml } from "../src/feeds/media.ts";
import {
  expected,
  HOSTILE,
  hostileArticle,
  makeArticle,
  makeChannel,
  minimalArticle,
  snapshotArticles,
} from "./helpers/articles.ts";

const channel = makeChannel({
  author: { name: "Edgewire", url: "https://news.example.org/" },
  icon: "https://news.example.org/icon.png",
  selfUrl: "https://news.example.org/feed.json?limit=20",
  nextUrl: "https://news.example.org/feed.json?cursor=c1&limit=20",
  hubUrl: "https://hub.example.org/",
});
const hostile = hostileArticle();
const json = renderJsonFeed([hostile, makeArticle(), minimalArticle()], channel);
const feed = JSON.parse(json);
const [h, benign, minimal] = feed.items;

describe("JSON Feed", () => {
  it("is version 1.1 with title, home_page_url, feed_url, description and language", () => {
    expect(Object.keys(feed)).toEqual([
      "version",
      "title",
      "home_page_url",
      "feed_url",
      "description",
      "next_url",
      "language",
      "icon",
      "favicon",
      "author",
      "authors",
      "hubs",
      "items",
    ]);
    expect(feed.icon).toBe("https://news.example.org/icon.png");
    expect(feed.authors).toEqual([{ name: "Edgewire", url: "https://news.example.org/" }]);
    expect(feed.author).toEqual(feed.authors[0]);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe("Edgewire");
    expect(feed.home_page_url).toBe("https://news.example.org/");
    expect(feed.feed_url).toBe("https://news.example.org/feed.json?limit=20");
    expect(feed.language).toBe("en");
  });

  it("pages with next_url and advertises the WebSub hub", () => {
    expect(feed.next_url).toBe("https://news.example.org/feed.json?cursor=c1&limit=20");
    expect(feed.hubs).toEqual([{ type: "WebSub", url: "https://hub.example.org/" }]);
    const last = JSON.parse(renderJsonFeed([], makeChannel({ description: "" })));
    expect(Object.keys(last)).toEqual(["version", "title", "home_page_url", "feed_url", "language", "items"]);
  });

  it("is read by feedsmith as JSON Feed with the same fields", () => {
    const parsed = parseJsonFeed(json);
    expect(parsed.title).toBe("Edgewire");
    expect(parsed.feed_url).toBe(feed.feed_url);
    expect(parsed.items?.map((i) => i.id)).toEqual(feed.items.map((i: { id: string }) => i.id));
    expect(parsed.items?.[0]?.title).toBe(expected(hostile.headline));
    expect(parsed.items?.[0]?.content_html).toBe(expected(contentHtml(hostile)));
    expect(parsed.items?.[0]?.tags).toEqual([hostile.category, ...hostile.keywords]);
  });
});

describe("JSON Feed item", () => {
  it("has every field the contract lists, in a fixed order", () => {
    expect(Object.keys(benign)).toEqual([
      "id",
      "url",
      "title",
      "summary",
      "content_html",
      "image",
      "banner_image",
      "date_published",
      "date_modified",
      "author",
      "authors",
      "tags",
      "language",
      "_edgewire",
    ]);
    expect(benign).toEqual({
      id: "tag:news.example.org,2026-03-01:article/harbour-bridge-reopens",
      url: "https://news.example.org/articles/harbour-bridge-reopens",
      title: "Harbour bridge reopens after repairs",
      summary: "Commuters return to the crossing after six weeks of work",
      content_html:
        '<figure><img src="https://cdn.example.org/img/bridge.webp" alt="The bridge at dawn" width="1200" height="800"></figure>\n<p>The bridge reopened at dawn.</p>\n<p>Traffic was light &amp; cyclists returned.</p>',
      image: "https://cdn.example.org/img/bridge.webp",
      banner_image: "https://cdn.example.org/img/bridge.webp",
      date_published: "2026-03-01T08:30:00.000Z",
      date_modified: "2026-03-01T09:15:00.000Z",
      author: { name: "Zoë Müller", url: "https://news.example.org/staff/zoe" },
      authors: [{ name: "Zoë Müller", url: "https://news.example.org/staff/zoe" }],
      tags: ["World News", "Harbour Bridge", "Public Transport"],
      language: "en",
      _edgewire: { version: 1 },
    });
  });

  it("carries hostile text exactly", () => {
    expect(h.title).toBe(expected(hostile.headline));
    expect(h.summary).toBe(expected(hostile.subheadline ?? ""));
    expect(h.content_html).toBe(expected(contentHtml(hostile)));
    expect(h.content_html).toContain(HOSTILE.longWord);
    expect(h.url).toBe("https://news.example.org/2026/03/hostile?ref=feed&utm=%22q%22"); // `"` percent-encoded: URIs cannot hold it
    expect(h.authors).toEqual([
      { name: expected(hostile.authors[0]?.name ?? ""), url: "https://news.example.org/staff/ed?x=1&y=2" },
      { name: "محمد الأحمد" },
    ]);
    expect(h.tags[1]).toBe(HOSTILE.keyword);
    expect(h.language).toBe("ar");
  });

  it("leaves out what the article does not have, and summarises it with an excerpt", () => {
    expect(minimal.summary).toBe("The bridge reopened at dawn. Traffic was light & cyclists returned.");
    expect(Object.keys(minimal)).toEqual([
      "id",
      "url",
      "title",
      "summary",
      "content_html",
      "date_published",
      "date_modified",
      "tags",
      "language",
      "_edgewire",
    ]);
  });

  it("writes no lone surrogate, not even as a \\u escape", () => {
    const out = renderJsonFeed(
      [makeArticle({ headline: "half \uD83D emoji", keywords: ["\uDE00"] })],
      channel,
    );
    expect(out).not.toMatch(/\\ud[89a-f]/i);
    expect(JSON.parse(out).items[0].title).toBe("half \uFFFD emoji");
  });
});

describe("JSON Feed snapshot", () => {
  it("matches the stored feed", async () => {
    const out = JSON.stringify(JSON.parse(renderJsonFeed(snapshotArticles(), channel)), null, 2);
    await expect(`${out}\n`).toMatchFileSnapshot("./fixtures/feeds/feed.json");
  });
});
