// Atom 1.0 (RFC 4287) read back by an independent parser (feedsmith): every field round-trips
// exactly, hostile text included, and the elements RFC 4287 requires are present.
import { parseAtomFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../src/feeds/atom.ts";
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
import { xmlProblems } from "./helpers/xml.ts";

const channel = makeChannel({
  author: { name: "Edgewire", url: "https://news.example.org/" },
  icon: "https://news.example.org/icon.png",
  logo: "https://news.example.org/logo.png",
  selfUrl: "https://news.example.org/feed.atom?limit=20",
  nextUrl: "https://news.example.org/feed.atom?cursor=c1&limit=20",
  hubUrl: "https://hub.example.org/",
});
const hostile = hostileArticle();
const xml = renderAtom([hostile, makeArticle(), minimalArticle()], channel);
const feed = parseAtomFeed(xml);
const [h, benign, minimal] = feed.entries ?? [];

describe("Atom feed", () => {
  it("is well-formed", () => {
    expect(xmlProblems(xml)).toEqual([]);
  });

  it("is in the Atom namespace with the channel's xml:lang", () => {
    expect(xml).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">',
    );
    expect(feed.xml?.lang).toBe("en");
  });

  it("has the required id, title and updated (the channel's date, never now)", () => {
    expect(feed.id).toBe("tag:news.example.org,2026:feed/feed.atom");
    expect(feed.title).toEqual({ value: "Edgewire" });
    expect(feed.updated).toBe("2026-03-02T10:00:00.000Z");
    expect(feed.subtitle).toEqual({ value: "Latest articles from the Edgewire newsroom" });
    expect(feed.generator).toEqual({ text: "Edgewire" });
  });

  it("has one feed-level author, the icon and the logo", () => {
    expect(feed.authors).toEqual([{ name: "Edgewire", uri: "https://news.example.org/" }]);
    expect(feed.icon).toBe("https://news.example.org/icon.png");
    expect(feed.logo).toBe("https://news.example.org/logo.png");
  });

  it("links to itself, the HTML page, the next page and the hub", () => {
    expect(feed.links).toEqual([
      { rel: "self", type: "application/atom+xml", href: "https://news.example.org/feed.atom?limit=20" },
      { rel: "alternate", type: "text/html", href: "https://news.example.org/" },
      {
        rel: "next",
        type: "application/atom+xml",
        href: "https://news.example.org/feed.atom?cursor=c1&limit=20",
      },
      { rel: "hub", href: "https://hub.example.org/" },
    ]);
  });

  it("keeps one feed id across pages", () => {
    const page2 = parseAtomFeed(renderAtom([], { ...channel, selfUrl: channel.nextUrl ?? "" }));
    expect(page2.id).toBe(feed.id);
  });

  it("has no next, hub, subtitle or generator when the channel has none", () => {
    const out = renderAtom([], makeChannel({ description: "", generator: undefined }));
    expect(out).not.toMatch(/rel="next"|rel="hub"|<subtitle|<generator/);
  });
});

describe("Atom entry", () => {
  it("carries hostile text exactly in title, summary, content, categories and authors", () => {
    expect(h?.title).toEqual({ value: expected(hostile.headline) });
    expect(h?.summary).toEqual({ value: expected(hostile.subheadline ?? ""), type: "text" });
    expect(h?.content).toEqual({ value: expected(contentHtml(hostile)), type: "html" });
    expect(h?.authors).toEqual([
      { name: expected(hostile.authors[0]?.name ?? ""), uri: "https://news.example.org/staff/ed?x=1&y=2" },
      { name: "محمد الأحمد" },
    ]);
  });

  it("gives the category's display name as term, with the site's scheme, and each keyword as a term", () => {
    expect(h?.categories).toEqual([
      { term: expected(hostile.category), scheme: "https://news.example.org/category/" },
      ...hostile.keywords.map((term) => ({ term })),
    ]);
    expect(h?.categories?.[1]?.term).toBe(HOSTILE.keyword);
  });

  it("has the required id, title and updated, and published", () => {
    expect(benign?.id).toBe("tag:news.example.org,2026-03-01:article/harbour-bridge-reopens");
    expect(benign?.title).toEqual({ value: "Harbour bridge reopens after repairs" });
    expect(benign?.updated).toBe("2026-03-01T09:15:00.000Z");
    expect(benign?.published).toBe("2026-03-01T08:30:00.000Z");
  });

  it("names every author with uri and email", () => {
    expect(benign?.authors).toEqual([
      { name: "Zoë Müller", uri: "https://news.example.org/staff/zoe", email: "zoe@example.org" },
    ]);
  });

  it("names no author of its own when the article names nobody: the feed's holds (RFC 4287 §4.1.1)", () => {
    expect(minimal?.authors).toBeUndefined();
  });

  it("links to the article and gives the image as an enclosure with type, length and alt text", () => {
    expect(benign?.links).toEqual([
      {
        rel: "alternate",
        type: "text/html",
        href: "https://news.example.org/articles/harbour-bridge-reopens",
      },
      {
        rel: "enclosure",
        type: "image/webp",
        length: 48213,
        title: "The bridge at dawn",
        href: "https://cdn.example.org/img/bridge.webp",
      },
    ]);
    expect(h?.links?.[0]?.href).toBe("https://news.example.org/2026/03/hostile?ref=feed&utm=%22q%22"); // `"` percent-encoded: URIs cannot hold it
    // Unknown length: no length attribute (it is optional in Atom).
    expect(h?.links?.[1]).toEqual({
      rel: "enclosure",
      type: "image/png",
      title: hostile.image?.alt,
      href: "https://cdn.example.org/img/pic?size=large&fmt=png",
    });
  });

  it("says xml:lang only when the entry's language differs from the feed's", () => {
    expect(h?.xml?.lang).toBe("ar");
    expect(benign?.xml).toBeUndefined();
  });

  it("summarises an entry without a subheadline with an excerpt of its body, as text", () => {
    expect(minimal?.summary).toEqual({
      value: "The bridge reopened at dawn. Traffic was light & cyclists returned.",
      type: "text",
    });
  });

  it("leaves out what the article does not have", () => {
    expect(minimal?.links).toEqual([
      { rel: "alternate", type: "text/html", href: "https://news.example.org/articles/minimal" },
    ]);
    expect(minimal?.categories).toEqual([
      { term: "World News", scheme: "https://news.example.org/category/" },
    ]);
  });
});

describe("Atom snapshot", () => {
  it("matches the stored feed", async () => {
    await expect(renderAtom(snapshotArticles(), channel)).toMatchFileSnapshot("./fixtures/feeds/atom.xml");
  });
});
