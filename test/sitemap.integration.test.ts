// The Google News sitemap and robots.txt: the structure the news sitemap protocol defines, articles
// first published in the last two days only, a new article in it at once, and <loc> pages that name
// the newsroom's own URL as canonical.
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { article, call, ORIGIN, put } from "./helpers/api.ts";
import { xmlProblems } from "./helpers/xml.ts";

interface NewsUrl {
  loc: string;
  "news:news": {
    "news:publication": { "news:name": string; "news:language": string };
    "news:publication_date": string;
    "news:title": string;
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === "url",
});

async function sitemap(): Promise<{ xml: string; urls: NewsUrl[]; res: Response }> {
  const res = await call("/sitemap-news.xml");
  const xml = await res.text();
  const doc = parser.parse(xml) as { urlset: { "@_xmlns": string; "@_xmlns:news": string; url?: NewsUrl[] } };
  expect(doc.urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
  expect(doc.urlset["@_xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
  return { xml, urls: doc.urlset.url ?? [], res };
}

/** Every entry as the protocol requires it: each element present, once, in its format. */
function expectValidEntry(u: NewsUrl) {
  expect(u.loc).toMatch(new RegExp(`^${ORIGIN}/articles/[a-z0-9-]+$`));
  const news = u["news:news"];
  expect(news["news:publication"]["news:name"]).toBe("Edgewire");
  expect(news["news:publication"]["news:language"]).toMatch(/^(?:[a-z]{2,3}|zh-cn|zh-tw)$/);
  // W3C Datetime, as the protocol asks: a full date-time with a time zone.
  expect(news["news:publication_date"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
  expect(news["news:title"].length).toBeGreaterThan(0);
}

describe("news sitemap", () => {
  it("has the protocol's structure, and a new article appears in it at once", async () => {
    expect(
      (await put("sitemap-first", article({ headline: "Sitemap first & 5 < 6", category: "Maps" }))).status,
    ).toBe(201);
    const first = await sitemap();
    expect(first.res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(xmlProblems(first.xml)).toEqual([]);
    expect(first.urls.length).toBeGreaterThan(0);
    for (const u of first.urls) expectValidEntry(u);
    expect(first.urls.map((u) => u["news:news"]["news:title"])).toContain("Sitemap first & 5 < 6");

    await put(
      "sitemap-second",
      article({ headline: "Sitemap second", category: "Maps", language: "zh-Hant-TW" }),
    );
    const second = await sitemap();
    const entry = second.urls.find((u) => u.loc === `${ORIGIN}/articles/sitemap-second`);
    expect(entry?.["news:news"]["news:publication"]["news:language"]).toBe("zh-tw");
    expect(second.res.headers.get("etag")).not.toBe(first.res.headers.get("etag"));
  });

  it("leaves out articles first published more than two days ago, and embargoed ones", async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    await put("sitemap-old", article({ category: "Maps", publishedAt: old }));
    await put("sitemap-embargoed", article({ category: "Maps", publishedAt: future }));
    await put("sitemap-fresh", article({ category: "Maps" }));
    const { urls } = await sitemap();
    const locs = urls.map((u) => u.loc);
    expect(locs).toContain(`${ORIGIN}/articles/sitemap-fresh`);
    expect(locs).not.toContain(`${ORIGIN}/articles/sitemap-old`);
    expect(locs).not.toContain(`${ORIGIN}/articles/sitemap-embargoed`);
  });

  it("drops a taken-down article at once", async () => {
    await put("sitemap-removed", article({ category: "Maps" }));
    expect((await sitemap()).urls.map((u) => u.loc)).toContain(`${ORIGIN}/articles/sitemap-removed`);
    await call("/api/articles/sitemap-removed", {
      method: "DELETE",
      headers: { authorization: "Bearer test-token-desk" },
    });
    expect((await sitemap()).urls.map((u) => u.loc)).not.toContain(`${ORIGIN}/articles/sitemap-removed`);
  });

  it("points <loc> at our page, whose rel=canonical is the newsroom's own URL", async () => {
    await put("sitemap-canonical", article({ category: "Maps", url: "https://news.example.org/maps/1" }));
    const page = await (await call("/articles/sitemap-canonical")).text();
    expect(page).toContain('<link rel="canonical" href="https://news.example.org/maps/1"');
  });

  it("takes no parameters: any is a 400 that names it", async () => {
    const res = await call("/sitemap-news.xml?page=2");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("page");
  });

  it("is named in robots.txt", async () => {
    const res = await call("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(await res.text()).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${ORIGIN}/sitemap-news.xml\n`);
  });
});
