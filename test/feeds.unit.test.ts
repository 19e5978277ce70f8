// Every renderer, every kind of input: the output is well-formed (a strict XML 1.0 check, or JSON),
// deterministic and pure, one article keeps one id in all formats, and absent fields render nothing.
// Format-specific fields are checked in feeds-rss, feeds-atom, feeds-jsonfeed and feeds-opml.
import { describe, expect, it } from "vitest";
import { type Article, changedAt } from "../src/articles/article.ts";
import { articleInputSchema } from "../src/articles/schema.ts";
import { renderAtom } from "../src/feeds/atom.ts";
import { renderJsonFeed } from "../src/feeds/jsonfeed.ts";
import { articleLink, entryId, type FeedChannel, feedId, idAuthorityOf, uri } from "../src/feeds/model.ts";
import { renderRss } from "../src/feeds/rss.ts";
import { cleanJsonText, escapeAttr, escapeRssText, escapeText, rfc822, rfc3339 } from "../src/feeds/xml.ts";
import {
  HOSTILE,
  hostileArticle,
  makeArticle,
  makeArticles,
  makeChannel,
  minimalArticle,
} from "./helpers/articles.ts";
import { emptyElements, xmlProblems } from "./helpers/xml.ts";

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
type Format = keyof typeof RENDERERS;
const FORMATS = Object.keys(RENDERERS) as Format[];
const render = (format: Format, articles: Article[], channel: FeedChannel = makeChannel()) =>
  RENDERERS[format](articles, channel);

/** The article as a newsroom would send it, to prove the hostile fixtures are acceptable input. */
function asInput(a: Article) {
  return {
    id: a.id,
    headline: a.headline,
    subheadline: a.subheadline,
    body: a.bodyHtml,
    bodyFormat: "html",
    keywords: a.keywords,
    category: a.category,
    authors: a.authors,
    url: a.url,
    image: a.image,
    language: a.language,
  };
}

const CASES: [string, Article[]][] = [
  ["hostile text", [hostileArticle()]],
  ["benign article", [makeArticle()]],
  ["only required fields", [minimalArticle()]],
  ["no articles", []],
  ["100 full articles", makeArticles(100)],
];

describe("the hostile fixtures", () => {
  it("are articles the schema accepts, so feeds must carry them", () => {
    const result = articleInputSchema.safeParse(asInput(hostileArticle()));
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

describe.each(FORMATS)("%s output", (format) => {
  it.each(CASES)("is well-formed for %s", (_name, articles) => {
    const out = render(format, articles);
    if (format === "json") expect(() => JSON.parse(out)).not.toThrow();
    else expect(xmlProblems(out)).toEqual([]);
  });

  it("is well-formed with every optional channel link", () => {
    const channel = makeChannel({
      nextUrl: "https://news.example.org/feed.xml?cursor=a&b=<c>&limit=20",
      hubUrl: 'https://hub.example/?topic="x"&y=1',
      selfUrl: "https://news.example.org/feed.xml?q=Fish+%26+Chips&keyword=a&keyword=b",
    });
    const out = render(format, [hostileArticle()], channel);
    if (format === "json") expect(() => JSON.parse(out)).not.toThrow();
    else expect(xmlProblems(out)).toEqual([]);
  });

  it("renders no empty elements when optional fields are absent", () => {
    const channel = makeChannel({ description: "", generator: undefined });
    const out = render(format, [minimalArticle({ language: "fr" })], channel);
    if (format === "json") {
      expect(out).not.toMatch(/:""|:\[\]|:null/);
    } else {
      expect(emptyElements(out)).toEqual([]);
      expect(out).not.toMatch(/=""/);
    }
  });

  it("carries the 10,000-character word and the astral and right-to-left text intact", () => {
    const out = render(format, [hostileArticle()]);
    const decoded = format === "json" ? JSON.stringify(JSON.parse(out)) : out;
    expect(decoded).toContain(HOSTILE.longWord);
    for (const s of [HOSTILE.astral, HOSTILE.rtl]) expect(out).toContain(s);
  });

  it("never contains what the schema strips, even when handed it", () => {
    const dirty = hostileArticle({
      headline: "lone \uD800 high, lone \uDC00 low, nul \u0000, C1 \u0085, \uFFFF",
      bodyHtml: "<p>\u0001\u0008\u000B\u000C\u001F \uDBFF</p>",
    });
    const out = render(format, [dirty]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(out).not.toMatch(/\\u[dD][89a-fA-F]/); // JSON escapes of surrogates
    expect(out).toContain("lone \uFFFD high, lone \uFFFD low");
  });

  it("is deterministic and leaves its input untouched", () => {
    const articles = [hostileArticle(), makeArticle(), minimalArticle()];
    const copy = structuredClone(articles);
    const channel = makeChannel();
    expect(render(format, articles, channel)).toBe(render(format, copy, structuredClone(channel)));
    expect(articles).toEqual(copy);
  });

  it("does not depend on the clock: the channel's date is the feed's date", () => {
    const a = render(format, [makeArticle()], makeChannel({ updated: "2026-03-02T10:00:00.000Z" }));
    const b = render(format, [makeArticle()], makeChannel({ updated: "2026-03-02T10:00:00.000Z" }));
    expect(a).toBe(b);
    if (format !== "json") expect(a).toMatch(/2026-03-02T10:00:00|Mon, 02 Mar 2026 10:00:00 GMT/);
  });
});

describe("one id per article in every format", () => {
  it("uses the same tag: URI as RSS guid, Atom id and JSON Feed id", () => {
    const a = makeArticle();
    const id = entryId(a, makeChannel());
    expect(id).toBe("tag:news.example.org,2026-03-01:article/harbour-bridge-reopens");
    expect(render("rss", [a])).toContain(`<guid isPermaLink="false">${id}</guid>`);
    expect(render("atom", [a])).toContain(`<id>${id}</id>`);
    expect(JSON.parse(render("json", [a])).items[0].id).toBe(id);
  });

  it("does not change when the article is edited", () => {
    const before = makeArticle();
    const after = makeArticle({
      headline: "Harbour bridge closes again",
      updatedAt: "2026-04-01T00:00:00.000Z",
      publishedAt: "2026-04-01T00:00:00.000Z",
      url: "https://elsewhere.example/x",
    });
    expect(entryId(after, makeChannel())).toBe(entryId(before, makeChannel()));
  });
});

describe("model helpers", () => {
  it("dates an entry's last change from its publication when an embargo ends after the last edit", () => {
    const embargoed = makeArticle({
      updatedAt: "2026-03-01T09:00:00.000Z",
      publishedAt: "2026-03-05T06:00:00.000Z",
    });
    expect(changedAt(embargoed)).toBe("2026-03-05T06:00:00.000Z");
    expect(changedAt(makeArticle())).toBe("2026-03-01T09:15:00.000Z");
    expect(render("atom", [embargoed])).toContain("<updated>2026-03-05T06:00:00.000Z</updated>");
    expect(JSON.parse(render("json", [embargoed])).items[0].date_modified).toBe("2026-03-05T06:00:00.000Z");
    // RSS has no modification date: pubDate is the publication.
    expect(render("rss", [embargoed])).toContain("<pubDate>Thu, 05 Mar 2026 06:00:00 GMT</pubDate>");
  });

  it("links to the newsroom's URL, or to this service's article page", () => {
    expect(articleLink(makeArticle({ url: "https://paper.example/a" }), makeChannel())).toBe(
      "https://paper.example/a",
    );
    expect(articleLink(makeArticle({ url: undefined }), makeChannel())).toBe(
      "https://news.example.org/articles/harbour-bridge-reopens",
    );
  });

  it("percent-encodes what RFC 3986 forbids in a URL, and nothing else", () => {
    expect(uri('https://x.example/a b/"q"?k=<v>&w={1}|^`#frag')).toBe(
      "https://x.example/a%20b/%22q%22?k=%3Cv%3E&w=%7B1%7D%7C%5E%60#frag",
    );
    expect(uri("https://x.example/café/𝕏?q=مرحبا")).toBe(
      "https://x.example/caf%C3%A9/%F0%9D%95%8F?q=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7",
    );
    expect(uri("https://x.example/100%/ok%20already?a=1&b=[2]")).toBe(
      "https://x.example/100%25/ok%20already?a=1&b=[2]",
    );
    expect(uri("https://x.example/\uD800")).toBe("https://x.example/%EF%BF%BD");
    const plain = "https://news.example.org/feed.xml?cursor=a-b_c.d~e&limit=20";
    expect(uri(plain)).toBe(plain);
    expect(uri(uri('https://x.example/"a b"'))).toBe(uri('https://x.example/"a b"'));
  });

  it("takes the tag authority from the site URL without its port", () => {
    expect(idAuthorityOf("https://news.example.org")).toBe("news.example.org");
    expect(idAuthorityOf("http://localhost:8787")).toBe("localhost");
  });

  it("gives a feed one id for all its pages and for any order of its filters", () => {
    const id = (selfUrl: string) => feedId({ idAuthority: "news.example.org", selfUrl });
    const base = "https://news.example.org/category/world-news/feed.atom";
    expect(id(base)).toBe("tag:news.example.org,2026:feed/category/world-news/feed.atom");
    expect(id(`${base}?limit=5&cursor=abc`)).toBe(id(base));
    expect(id(`${base}?keyword=b&keyword=a&limit=5`)).toBe(id(`${base}?keyword=a&keyword=b`));
    expect(id(`${base}?keyword=a`)).toBe(
      "tag:news.example.org,2026:feed/category/world-news/feed.atom?keyword=a",
    );
    expect(id(`${base}?keyword=a`)).not.toBe(id(base));
    expect(id("https://news.example.org/feed.atom?q=Fish+%26+Chips")).toBe(
      "tag:news.example.org,2026:feed/feed.atom?q=Fish+%26+Chips",
    );
  });
});

describe("escaping", () => {
  it("escapes markup in text, with hexadecimal references for RSS plain text", () => {
    expect(escapeText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(escapeRssText(`a & b < c > d "e"`)).toBe(`a &#x26; b &#x3C; c &#x3E; d "e"`);
    expect(escapeText("]]> ]]> ]]> ]]]]>")).toBe("]]&gt; ]]&gt; ]]&gt; ]]]]&gt;");
  });

  it("escapes quotes and whitespace that attribute normalisation would change", () => {
    expect(escapeAttr(`a "b" & <c>\td\ne\rf 'g'`)).toBe(
      "a &quot;b&quot; &amp; &lt;c&gt;&#9;d&#10;e&#13;f 'g'",
    );
  });

  it("keeps CR in text as a reference, which XML would otherwise turn into LF", () => {
    expect(escapeText("a\r\nb\tc")).toBe("a&#13;\nb\tc");
  });

  it("drops controls, U+FFFE/U+FFFF and replaces lone surrogates, in one pass", () => {
    const dirty = "a\u0000b\u0007c\u001Fd\u007Fe\u009Ff\uFFFEg\uFFFFh\uD800i\uDFFFj";
    for (const escapeFn of [escapeText, escapeRssText, escapeAttr, cleanJsonText]) {
      expect(escapeFn(dirty)).toBe("abcdefgh\uFFFDi\uFFFDj");
    }
  });

  it("keeps astral characters, joiners and right-to-left text as they are", () => {
    const s = `${HOSTILE.astral} ${HOSTILE.rtl} \u200D\u200F\u202B`;
    for (const escapeFn of [escapeText, escapeRssText, escapeAttr, cleanJsonText])
      expect(escapeFn(s)).toBe(s);
  });

  it("writes RFC 822 dates with a 4-digit year and GMT, and RFC 3339 dates in UTC", () => {
    expect(rfc822("2026-03-01T08:30:00.000Z")).toBe("Sun, 01 Mar 2026 08:30:00 GMT");
    expect(rfc822("1970-01-01T00:00:00.000Z")).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(rfc3339("2026-03-01T08:30:00.000Z")).toBe("2026-03-01T08:30:00.000Z");
    expect(() => rfc822("")).toThrow(RangeError);
  });
});
