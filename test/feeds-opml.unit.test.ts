// OPML 2.0 list of every feed, read back by feedsmith: one folder per format, each listing the
// all-articles feed and every category's, as type="rss" outlines with the real xmlUrl.
import { parseOpml } from "feedsmith";
import { describe, expect, it } from "vitest";
import { type OpmlSource, renderOpml } from "../src/feeds/opml.ts";
import { SITE } from "./helpers/articles.ts";
import { emptyElements, xmlProblems } from "./helpers/xml.ts";

function source(title: string, path: string, description?: string): OpmlSource {
  return {
    title,
    htmlUrl: `${SITE}${path}`,
    ...(description ? { description } : {}),
    language: "en",
    feeds: {
      rss: `${SITE}${path}feed.xml`,
      atom: `${SITE}${path}feed.atom`,
      json: `${SITE}${path}feed.json`,
    },
  };
}

const sources = [
  source("Edgewire", "/", "Latest articles from the Edgewire newsroom"),
  source("World News", "/category/world-news/"),
  source(`Culture & "Arts" < ]]> 𝕏 مرحبا`, "/category/culture-arts/"),
];
const head = {
  title: "Edgewire feeds",
  ownerName: "Edgewire",
  ownerId: SITE,
  dateCreated: "2026-01-01T00:00:00.000Z",
  dateModified: "2026-03-02T10:00:00.000Z",
};
const xml = renderOpml(sources, head);
const opml = parseOpml(xml);

describe("OPML", () => {
  it("is well-formed OPML 2.0 with no empty elements", () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(emptyElements(xml)).toEqual([]);
    expect(xml).toContain('<opml version="2.0">');
  });

  it("has the head OPML 2.0 describes, with RFC 822 dates from the caller (never now)", () => {
    expect(opml.head).toEqual({
      title: "Edgewire feeds",
      dateCreated: "Thu, 01 Jan 2026 00:00:00 GMT",
      dateModified: "Mon, 02 Mar 2026 10:00:00 GMT",
      ownerName: "Edgewire",
      ownerId: SITE,
      docs: "http://opml.org/spec2.opml",
    });
  });

  it("has one folder per format, each with the all-articles feed then every category", () => {
    const folders = opml.body?.outlines ?? [];
    expect(folders.map((f) => f.text)).toEqual(["RSS 2.0", "Atom 1.0", "JSON Feed 1.1"]);
    for (const [i, ext] of ["xml", "atom", "json"].entries()) {
      const feeds = folders[i]?.outlines ?? [];
      expect(feeds.map((f) => f.text)).toEqual(sources.map((s) => s.title));
      expect(feeds.map((f) => f.xmlUrl)).toEqual(sources.map((s) => `${s.htmlUrl}feed.${ext}`));
      expect(feeds.every((f) => f.type === "rss")).toBe(true);
    }
  });

  it("gives each subscription text, title, htmlUrl and, for RSS only, version", () => {
    const [rss, atom] = opml.body?.outlines ?? [];
    expect(rss?.outlines?.[0]).toEqual({
      text: "Edgewire",
      type: "rss",
      title: "Edgewire",
      description: "Latest articles from the Edgewire newsroom",
      language: "en",
      version: "RSS",
      xmlUrl: `${SITE}/feed.xml`,
      htmlUrl: `${SITE}/`,
    });
    expect(atom?.outlines?.[1]).toEqual({
      text: "World News",
      type: "rss",
      title: "World News",
      language: "en",
      xmlUrl: `${SITE}/category/world-news/feed.atom`,
      htmlUrl: `${SITE}/category/world-news/`,
    });
  });

  it("carries hostile names exactly", () => {
    expect(opml.body?.outlines?.[2]?.outlines?.[2]?.text).toBe(sources[2]?.title);
  });

  it("leaves out head fields that are not given", () => {
    const out = parseOpml(renderOpml(sources, { title: "Edgewire feeds" }));
    expect(out.head).toEqual({ title: "Edgewire feeds", docs: "http://opml.org/spec2.opml" });
  });

  it("matches the stored list", async () => {
    await expect(xml).toMatchFileSnapshot("./fixtures/feeds/feeds.opml");
  });
});
