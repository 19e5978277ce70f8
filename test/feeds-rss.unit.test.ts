// RSS 2.0 after the Best Practices Profile, read back by an independent parser (feedsmith): every
// field round-trips exactly, hostile text included, and the elements the spec requires are there.
import { parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { contentHtml } from "../src/feeds/media.ts";
import { renderRss } from "../src/feeds/rss.ts";
import {
  expected,
  HOSTILE,
  hostileArticle,
  makeArticle,
  makeChannel,
  minimalArticle,
  snapshotArticles,
} from "./helpers/articles.ts";
import { xmlProblems } from "./helpers/xml.ts";

const channel = makeChannel({
  nextUrl: "https://news.example.org/feed.xml?cursor=c1&limit=20",
  hubUrl: "https://hub.example.org/",
});
const hostile = hostileArticle();
const xml = renderRss([hostile, makeArticle(), minimalArticle()], channel);
const feed = parseRssFeed(xml);
const [h, benign, minimal] = feed.items ?? [];

describe("RSS channel", () => {
  it("is well-formed", () => {
    expect(xmlProblems(xml)).toEqual([]);
  });

  it("declares RSS 2.0 with the atom, content and dc namespaces", () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0" /);
    expect(xml).toContain('xmlns:atom="http://www.w3.org/2005/Atom"');
    expect(xml).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    expect(xml).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
  });

  it("has the required title, link and description, and language, ttl and generator", () => {
    expect(feed.title).toBe("Edgewire");
    expect(feed.link).toBe("https://news.example.org/");
    expect(feed.description).toBe("Latest articles from the Edgewire newsroom");
    expect(feed.language).toBe("en");
    expect(feed.ttl).toBe(5);
    expect(feed.generator).toBe("Edgewire");
  });

  it("dates lastBuildDate from the channel (the newest change), never now", () => {
    expect(feed.lastBuildDate).toBe("Mon, 02 Mar 2026 10:00:00 GMT");
  });

  it("links to itself, the next page and the hub with atom:link", () => {
    expect(feed.atom?.links).toEqual([
      { href: "https://news.example.org/feed.xml?limit=20", rel: "self", type: "application/rss+xml" },
      {
        href: "https://news.example.org/feed.xml?cursor=c1&limit=20",
        rel: "next",
        type: "application/rss+xml",
      },
      { href: "https://hub.example.org/", rel: "hub" },
    ]);
  });

  it("has no next or hub link when the channel has none", () => {
    const last = renderRss([makeArticle()], makeChannel());
    expect(last).not.toContain('rel="next"');
    expect(last).not.toContain('rel="hub"');
  });

  it("repeats the title when the description is empty (RSS requires one)", () => {
    const out = parseRssFeed(renderRss([], makeChannel({ description: "" })));
    expect(out.description).toBe("Edgewire");
  });
});

/** What a reader that renders a decoded text as HTML shows: character references decoded once more. */
const htmlText = (s: string) =>
  s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_m, n: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[n] as string,
  );

describe("RSS item", () => {
  it("carries hostile text exactly in title, description, categories and creators", () => {
    // Title and description are shown exactly by a reader that renders them as HTML, too.
    expect(htmlText(h?.title ?? "")).toBe(expected(hostile.headline));
    expect(htmlText(h?.description ?? "")).toBe(expected(hostile.subheadline ?? ""));
    expect(h?.categories?.map((c) => c.name)).toEqual([hostile.category, ...hostile.keywords]);
    expect(h?.categories?.[1]?.name).toBe(HOSTILE.keyword);
    expect(h?.dc?.creators).toEqual(hostile.authors.map((a) => expected(a.name)));
  });

  it("carries the image's figure, then the full HTML body exactly in content:encoded, ]]> and CR included", () => {
    expect(h?.content?.encoded).toBe(expected(contentHtml(hostile)));
    expect(h?.content?.encoded).toMatch(
      /^<figure><img src="https:\/\/cdn\.example\.org\/img\/pic\?size=large&amp;fmt=png" alt="Alt &quot;text&quot; &amp; &lt; more/,
    );
    expect(h?.content?.encoded).toContain(HOSTILE.longWord);
  });

  it("links to the article's canonical URL, query string intact", () => {
    expect(h?.link).toBe("https://news.example.org/2026/03/hostile?ref=feed&utm=%22q%22"); // `"` percent-encoded: URIs cannot hold it
    expect(benign?.link).toBe("https://news.example.org/articles/harbour-bridge-reopens");
  });

  it("has a guid that is the tag: id, not a permalink", () => {
    expect(h?.guid).toEqual({
      value: "tag:news.example.org,2026-03-01:article/hostile-text",
      isPermaLink: false,
    });
  });

  it("dates pubDate from publishedAt in RFC 822 with a 4-digit year", () => {
    expect(benign?.pubDate).toBe("Sun, 01 Mar 2026 08:30:00 GMT");
  });

  it("names authors in dc:creator and never in <author>, which needs an e-mail address", () => {
    expect(benign?.dc?.creators).toEqual(["Zoë Müller"]);
    expect(benign?.authors).toBeUndefined();
    expect(xml).not.toContain("<author>");
  });

  it("lists the category first, then each keyword", () => {
    expect(benign?.categories).toEqual([
      { name: "World News" },
      { name: "Harbour Bridge" },
      { name: "Public Transport" },
    ]);
  });

  it("gives the image as Media RSS, and as an enclosure only when its length is known", () => {
    expect(benign?.enclosures).toEqual([
      { url: "https://cdn.example.org/img/bridge.webp", length: 48213, type: "image/webp" },
    ]);
    expect(h?.enclosures).toBeUndefined();
    expect(benign?.media?.contents?.[0]).toMatchObject({
      url: "https://cdn.example.org/img/bridge.webp",
      type: "image/webp",
      medium: "image",
      width: 1200,
      height: 800,
      fileSize: 48213,
    });
    expect(benign?.media?.thumbnails?.[0]).toEqual({
      url: "https://cdn.example.org/img/bridge.webp",
      width: 1200,
      height: 800,
    });
    // Without a caption, the alt text describes the picture.
    expect(h?.media?.contents?.[0]?.description?.value).toBe(expected(hostile.image?.alt ?? ""));
  });

  it("says when an item's language differs from the channel's", () => {
    expect(h?.dc?.languages).toEqual(["ar"]);
    expect(benign?.dc?.languages).toBeUndefined();
  });

  it("gives an item without a subheadline an excerpt of its body as description", () => {
    expect(htmlText(minimal?.description ?? "")).toBe(
      "The bridge reopened at dawn. Traffic was light & cyclists returned.",
    );
  });

  it("leaves out what the article does not have", () => {
    expect(minimal?.enclosures).toBeUndefined();
    expect(minimal?.dc).toBeUndefined();
    expect(minimal?.categories).toEqual([{ name: "World News" }]);
    expect(minimal?.title).toBe("Harbour bridge reopens after repairs");
  });

  it("writes plain text with hexadecimal references, as the profile recommends", () => {
    // "AT&T" stays as it is; the literal "&amp;" is escaped once more, so HTML shows it as typed.
    expect(xml).toContain("<title>Fish &#x26; Chips, AT&#x26;T and the literal &#x26;amp;amp; entity");
  });
});

describe("RSS snapshot", () => {
  it("matches the stored feed", async () => {
    const out = renderRss(snapshotArticles(), channel);
    await expect(out).toMatchFileSnapshot("./fixtures/feeds/rss.xml");
  });
});
