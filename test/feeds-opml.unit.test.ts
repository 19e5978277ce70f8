// OPML 2.0 list of every feed, read back by feedsmith: one format per list (importing it subscribes
// each feed once), the all-articles feed then every category's, as type="rss" outlines with the real
// xmlUrl, each titled as its feed.
import { parseOpml } from "feedsmith";
import { describe, expect, it } from "vitest";
import { type OpmlFormat, type OpmlSource, renderOpml } from "../src/feeds/opml.ts";
import { SITE } from "./helpers/articles.ts";
import { emptyElements, xmlProblems } from "./helpers/xml.ts";

function source(title: string, path: string, ext: string, description?: string): OpmlSource {
  return {
    title,
    htmlUrl: `${SITE}${path}`,
    xmlUrl: `${SITE}${path}feed.${ext}`,
    ...(description ? { description } : {}),
    language: "en",
  };
}

const sourcesIn = (ext: string) => [
  source("Edgewire", "/", ext, "Latest articles from the Edgewire newsroom"),
  source("Edgewire: World News", "/category/world-news/", ext),
  source(`Edgewire: Culture & "Arts" < ]]> 𝕏 مرحبا`, "/category/culture-arts/", ext),
];
const sources = sourcesIn("xml");
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
    });
  });

  it("lists one format: the all-articles feed then every category, no folders", () => {
    const feeds = opml.body?.outlines ?? [];
    expect(feeds.map((f) => f.text)).toEqual(sources.map((s) => s.title));
    expect(feeds.map((f) => f.xmlUrl)).toEqual(sources.map((s) => s.xmlUrl));
    expect(feeds.every((f) => f.type === "rss" && f.outlines === undefined)).toBe(true);
  });

  it.each<[OpmlFormat, string]>([
    ["atom", "atom"],
    ["json", "json"],
  ])("in %s, has the same outlines with that format's URLs and no version", (format, ext) => {
    const feeds = parseOpml(renderOpml(sourcesIn(ext), head, format)).body?.outlines ?? [];
    expect(feeds.map((f) => f.xmlUrl)).toEqual(sourcesIn(ext).map((s) => s.xmlUrl));
    expect(feeds.some((f) => f.version !== undefined)).toBe(false);
  });

  it("gives each subscription text, title, htmlUrl and, for RSS, version", () => {
    expect(opml.body?.outlines?.[0]).toEqual({
      text: "Edgewire",
      type: "rss",
      title: "Edgewire",
      description: "Latest articles from the Edgewire newsroom",
      language: "en",
      version: "RSS",
      xmlUrl: `${SITE}/feed.xml`,
      htmlUrl: `${SITE}/`,
    });
    expect(opml.body?.outlines?.[1]).toMatchObject({
      text: "Edgewire: World News",
      title: "Edgewire: World News",
    });
  });

  it("carries hostile names exactly", () => {
    expect(opml.body?.outlines?.[2]?.text).toBe(sources[2]?.title);
  });

  it("leaves out head fields that are not given", () => {
    const out = parseOpml(renderOpml(sources, { title: "Edgewire feeds" }));
    expect(out.head).toEqual({ title: "Edgewire feeds" });
  });

  it("matches the stored list", async () => {
    await expect(xml).toMatchFileSnapshot("./fixtures/feeds/feeds.opml");
  });
});
