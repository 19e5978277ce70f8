// Why we render feeds ourselves instead of with the `feed` package (6.0.0): each test below shows one
// of its defects with a concrete input, and asserts that the defect is still there, so a release that
// fixes it fails here and tells us to look again. Then a differential test: for benign input, our RSS
// and Atom agree with `feed`'s on every value it gets right (parsed and compared field by field).
import { Feed } from "feed";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderAtom } from "../src/feeds/atom.ts";
import { renderRss } from "../src/feeds/rss.ts";
import { HOSTILE, makeArticle, makeArticles, makeChannel } from "./helpers/articles.ts";
import { viaPackage } from "./helpers/feed-package.ts";
import { xmlProblems } from "./helpers/xml.ts";

const BASE = { title: "Edgewire", id: "https://news.example.org/", link: "https://news.example.org/" };
const DATE = new Date("2026-03-01T08:30:00.000Z");

/** A `feed` with one item: the package's defaults, our overrides. */
function oneItem(item: Partial<Parameters<Feed["addItem"]>[0]> = {}, options = {}): Feed {
  const feed = new Feed({ ...BASE, updated: DATE, ...options });
  feed.addItem({
    title: "Title",
    id: "https://news.example.org/a",
    link: "https://news.example.org/a",
    date: DATE,
    ...item,
  });
  return feed;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("feed 6.0.0 defects (each test passes while the defect exists)", () => {
  it("escapes only the first ]]> in a CDATA section: the output is not XML", () => {
    const rss = oneItem({ title: HOSTILE.cdataEnd, content: "<p>a ]]> b ]]]]> c</p>" }).rss2();
    expect(xmlProblems(rss)).toContain("]]> outside a CDATA section end");
    // Ours carries the same text intact.
    const ours = renderRss([makeArticle({ headline: HOSTILE.cdataEnd })], makeChannel());
    expect(xmlProblems(ours)).toEqual([]);
    expect(parseRssFeed(ours).items?.[0]?.title).toBe(HOSTILE.cdataEnd);
  });

  it("passes control characters through, which XML 1.0 cannot carry", () => {
    const rss = oneItem({ title: "bell\u0007", description: "nul\u0000" }).rss2();
    expect(rss).toContain("bell\u0007");
    expect(xmlProblems(rss)).toContain("character U+0007 is not allowed in XML 1.0");
  });

  it("does not escape < or & in attribute values", () => {
    const atom = oneItem({ category: [{ name: "a<b", term: "x<y" }] }).atom1();
    expect(atom).toContain('term="x<y"');
    expect(xmlProblems(atom)).toContain('< in attribute label="a<b"');
    const rss = oneItem({ category: [{ name: "World", domain: "https://example.org/?a=1&b=2" }] }).rss2();
    expect(xmlProblems(rss)).toContain('bare & in attribute domain="https://example.org/?a=1&b=2"');
  });

  it("writes bare names in RSS <author>, which must hold an e-mail address", () => {
    const rss = oneItem({ author: [{ name: "Zoë Müller" }] }).rss2();
    expect(rss).toContain("<author>Zoë Müller</author>");
  });

  it("writes Atom <category> without the required term", () => {
    const atom = oneItem({ category: [{ name: "World News" }] }).atom1();
    expect(atom).toContain('<category label="World News"/>');
    expect(parseAtomFeed(atom).entries?.[0]?.categories?.[0]?.term).toBeUndefined();
  });

  it("throws on an Atom entry id that does not parse as a URL", () => {
    expect(() => oneItem({ id: "article-1" }).atom1()).toThrow(TypeError);
  });

  it("guesses image types from the file name (image/jpg), ignoring the type given in Atom", () => {
    const feed = oneItem({ image: { url: "https://cdn.example.org/photo.jpg", type: "image/jpeg" } });
    expect(feed.atom1()).toContain('type="image/jpg"');
    expect(oneItem({ image: "https://cdn.example.org/photo.jpg" }).rss2()).toContain('type="image/jpg"');
    expect(oneItem({ image: "https://cdn.example.org/render?id=3" }).rss2()).toContain(
      'type="image//render"',
    );
  });

  it("writes JSON Feed 1.0, with a single author and no language", () => {
    const feed = oneItem({ author: [{ name: "Zoë" }, { name: "Sam" }] }, { language: "en" });
    const json = JSON.parse(feed.json1());
    expect(json.version).toBe("https://jsonfeed.org/version/1");
    expect(json.items[0].author).toEqual({ name: "Zoë" });
    expect(json.items[0].authors).toBeUndefined();
    expect(json.language).toBeUndefined();
  });

  it("dates the feed now when no date is given, so equal content gives different bytes", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const noDate = () => {
      const feed = new Feed(BASE);
      feed.addItem({ title: "T", id: "https://x.example/", link: "https://x.example/", date: DATE });
      return feed;
    };
    vi.setSystemTime(new Date("2031-05-05T05:05:05Z"));
    const first = noDate().rss2();
    expect(first).toContain("<lastBuildDate>Mon, 05 May 2031 05:05:05 GMT</lastBuildDate>");
    expect(noDate().atom1()).toContain("<updated>2031-05-05T05:05:05.000Z</updated>");
    vi.setSystemTime(new Date("2031-05-05T05:05:06Z"));
    expect(noDate().rss2()).not.toBe(first);
  });

  it("turns a literal &amp; in text into &, changing what the newsroom wrote", () => {
    const rss = new Feed({ ...BASE, title: HOSTILE.ampersand, updated: DATE }).rss2();
    expect(parseRssFeed(rss).title).toBe("Fish & Chips, AT&T and the literal & entity");
    const ours = renderRss([], makeChannel({ title: HOSTILE.ampersand }));
    expect(parseRssFeed(ours).title).toBe(HOSTILE.ampersand);
  });

  it("marks plain-text Atom titles as HTML, so readers decode entities the newsroom wrote", () => {
    const atom = oneItem({ title: "Write &lt; for <" }).atom1();
    expect(parseAtomFeed(atom).entries?.[0]?.title?.type).toBe("html");
  });
});

describe("differential: for benign input we agree with feed on what it gets right", () => {
  const articles = [...makeArticles(3), makeArticle({ url: "https://paper.example/story" })];
  const channel = makeChannel();

  it("RSS: channel and item titles, links, dates, guids, descriptions, content, categories", () => {
    const ours = parseRssFeed(renderRss(articles, channel));
    const theirs = parseRssFeed(viaPackage(articles, channel).rss2());
    const pick = (f: typeof ours) => ({
      title: f.title,
      link: f.link,
      description: f.description,
      language: f.language,
      ttl: f.ttl,
      lastBuildDate: f.lastBuildDate,
      self: f.atom?.links?.find((l) => l.rel === "self")?.href,
      items: f.items?.map((i) => ({
        title: i.title,
        link: i.link,
        guid: i.guid,
        pubDate: i.pubDate,
        description: i.description,
        content: i.content?.encoded,
        categories: i.categories?.map((c) => c.name),
        enclosure: i.enclosures?.map((e) => ({ url: e.url, length: e.length, type: e.type })),
      })),
    });
    expect(pick(ours)).toEqual(pick(theirs));
    expect(ours.items).toHaveLength(4);
  });

  it("Atom: feed id, title, updated, links; entry ids, titles, dates, content, summary, authors, terms", () => {
    const ours = parseAtomFeed(renderAtom(articles, channel));
    const theirs = parseAtomFeed(viaPackage(articles, channel).atom1());
    const pick = (f: typeof ours) => ({
      id: f.id,
      title: f.title?.value,
      updated: f.updated,
      self: f.links?.find((l) => l.rel === "self")?.href,
      alternate: f.links?.find((l) => l.rel === "alternate")?.href,
      entries: f.entries?.map((e) => ({
        id: e.id,
        title: e.title?.value,
        updated: e.updated,
        published: e.published,
        summary: e.summary?.value,
        content: e.content?.value,
        contentType: e.content?.type,
        link: e.links?.find((l) => l.rel === undefined || l.rel === "alternate")?.href,
        enclosure: e.links?.find((l) => l.rel === "enclosure")?.href,
        authors: e.authors?.map((a) => ({ name: a.name, email: a.email })),
        terms: e.categories?.map((c) => c.term),
      })),
    });
    expect(pick(ours)).toEqual(pick(theirs));
    expect(ours.entries).toHaveLength(4);
  });
});
