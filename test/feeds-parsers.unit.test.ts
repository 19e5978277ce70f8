// Two independent readings of every format, as a feed reader and a partner's ingest read them:
// feedsmith (fast-xml-parser underneath) and rss-parser (xml2js and sax underneath) for RSS and Atom;
// feedsmith and a plain JSON.parse reading of the spec for JSON Feed. The articles are the sample
// articles and a hostile set, taken through the Worker's own validation and settling (so bodies are
// sanitised and dates, ids and summaries are what the store holds), then rendered with the channel
// the registry builds. Both readings must agree with each other and with the article, field by field.
import { readdirSync, readFileSync } from "node:fs";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { type Article, changedAt, settle } from "../src/articles/article.ts";
import { summaryOf } from "../src/articles/summary.ts";
import { validateArticle } from "../src/articles/validate.ts";
import type { SiteConfig } from "../src/config.ts";
import { renderAtom } from "../src/feeds/atom.ts";
import { channelFor } from "../src/feeds/formats.ts";
import { renderJsonFeed } from "../src/feeds/jsonfeed.ts";
import { contentHtml } from "../src/feeds/media.ts";
import { articleLink, entryId, type FeedChannel, uri } from "../src/feeds/model.ts";
import { renderRss } from "../src/feeds/rss.ts";

const SITE_URL = "https://news.example.org";
const site: SiteConfig = {
  title: "Edgewire",
  description: "Latest articles from the Edgewire newsroom",
  language: "en",
  url: SITE_URL,
  maxAge: 300,
  idAuthority: "news.example.org",
  icon: `${SITE_URL}/icon.png`,
  publicContent: "full",
  rights: {},
  logo: `${SITE_URL}/icon.png`,
};
const NOW = "2026-12-01T12:00:00.000Z";
const TIE = "2026-11-30T08:00:00.000Z";

/** Articles a newsroom might send that break naive feeds; each passes validation. */
const HOSTILE_INPUTS: Record<string, unknown>[] = [
  {
    id: "relative-links-and-embeds",
    headline: "Council embeds the debate & links its papers",
    category: "World News",
    url: "https://paper.example/2026/11/council",
    bodyFormat: "html",
    body: '<p>Read <a href="/papers/budget.pdf">the budget</a>, <a href="//cdn.paper.example/x">the annex</a> and <a href="#vote">the vote</a>.</p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe><video poster="still.jpg"><source src="debate.mp4"></video><p id="vote">Passed 5 &lt; 6 &gt; 4.</p><img src="chart.png" alt="A chart">',
  },
  {
    id: "captioned-image",
    headline: "Harbour crane lifts the last span",
    subheadline: "Engineers say the bridge reopens in spring",
    category: "Science",
    body: "The crane lifted the span at dawn.",
    image: {
      url: "https://images.example.org/crane.jpg",
      alt: "A crane over the harbour",
      caption: "The last span rises over the harbour, Tuesday",
      credit: "Photo: Ana Ruiz / Edgewire",
      width: 1600,
      height: 900,
    },
  },
  {
    id: "literal-entities",
    headline: "5 < 6 > 4 & the literal &amp; stays",
    category: "Culture & Arts",
    keywords: ["AT&T", "less < more"],
    author: 'O\'Brien "Ed" & Co',
    body: "Text with less-than < and greater-than > and a literal &amp; and &lt;b&gt; as typed.",
  },
  {
    id: "cjk-excerpt",
    headline: "北京大学图书馆延长开放时间",
    category: "World News",
    language: "zh",
    body: "我们今天去北京大学参观了图书馆。".repeat(30),
  },
  ...[0, 1, 2].map((i) => ({
    id: `same-instant-${i}`,
    headline: `One of three written in the same millisecond, number ${i}`,
    category: "Science",
    publishedAt: TIE,
    body: `Batch body ${i}.`,
  })),
];

async function stored(raw: Record<string, unknown>): Promise<Article> {
  const v = await validateArticle(raw, site.language, SITE_URL);
  if (!v.ok) throw new Error(`${String(raw.id)}: ${JSON.stringify(v.errors)}`);
  return settle(v.draft, undefined, NOW, "desk", {}, site.idAuthority);
}

const samples = readdirSync("articles")
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(`articles/${f}`, "utf8")) as Record<string, unknown>);
const all = await Promise.all([...samples, ...HOSTILE_INPUTS].map(stored));
// The registry unties equal dates once, at write time, a millisecond at a time (store/categories.ts);
// here as it would for these writes in this order (test/feed-delivery.integration.test.ts runs it).
const held = new Set<number>();
const untie = (a: Article): Article => {
  let at = Date.parse(a.updatedAt);
  while (held.has(at)) at++;
  held.add(at);
  return { ...a, updatedAt: new Date(at).toISOString() };
};
const articles = all.map(untie).sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));

const channel = (path: string, items: readonly Article[]): FeedChannel =>
  channelFor({
    site,
    selfUrl: `${SITE_URL}${path}`,
    updated: items.map(changedAt).sort().at(-1) ?? "2026-11-01T00:00:00.000Z",
  });

/** One item as either reading gives it, in the article's own terms. */
interface Read {
  id?: string;
  title?: string;
  link?: string;
  published?: string;
  updated?: string;
  authors: string[];
  categories: string[];
  summary?: string;
  content?: string;
  image?: string;
}

const iso = (d: string | undefined) => (d ? new Date(d).toISOString() : undefined);
/** RSS descriptions are HTML: what a reader shows of them (the summary is escaped text only). */
const htmlText = (s: string | undefined) =>
  s?.replace(/&(lt|gt|amp);/g, (_m, n: string) => ({ lt: "<", gt: ">", amp: "&" })[n] as string);
const text = (v: unknown): string | undefined =>
  typeof v === "string"
    ? v
    : v && typeof v === "object" && "_" in v
      ? String((v as { _: unknown })._)
      : undefined;

function expectedOf(a: Article, format: "rss" | "atom" | "json", ch: FeedChannel): Read {
  return {
    id: entryId(a, ch),
    title: a.headline,
    link: articleLink(a, ch),
    // RSS dates have whole seconds (RFC 822), and RSS has no modification date.
    published:
      format === "rss"
        ? iso(new Date(Math.floor(Date.parse(a.publishedAt) / 1000) * 1000).toISOString())
        : iso(a.publishedAt),
    updated: format === "rss" ? undefined : iso(changedAt(a)),
    authors: a.authors.map((x) => x.name),
    categories: [a.category, ...a.keywords],
    summary: summaryOf(a),
    content: contentHtml(a),
    image: a.image ? uri(a.image.url) : undefined,
  };
}

const rssParser = new Parser({
  customFields: {
    item: [
      ["dc:creator", "creators", { keepArray: true }],
      ["media:content", "media"],
      ["category", "cats", { keepArray: true }],
      ["author", "people", { keepArray: true }],
      "summary",
      "updated",
      "published",
      "id",
    ],
  },
});

async function readRss(xml: string): Promise<[Read[], Read[]]> {
  // Readers take RSS titles and descriptions for HTML: what they show is compared.
  const a = (parseRssFeed(xml).items ?? []).map((i) => ({
    id: i.guid?.value,
    title: htmlText(i.title),
    link: i.link,
    published: iso(i.pubDate),
    updated: undefined,
    authors: i.dc?.creators ?? [],
    categories: (i.categories ?? []).map((c) => c.name ?? ""),
    summary: htmlText(i.description),
    content: i.content?.encoded,
    image: i.media?.contents?.[0]?.url,
  }));
  const b = ((await rssParser.parseString(xml)).items as unknown as Record<string, unknown>[]).map((i) => ({
    id: text(i.guid),
    title: htmlText(text(i.title)),
    link: text(i.link),
    published: iso(text(i.isoDate)),
    updated: undefined,
    authors: ((i.creators as unknown[]) ?? []).map((x) => text(x) ?? ""),
    categories: ((i.cats as unknown[]) ?? []).map((x) => text(x) ?? ""),
    summary: htmlText(text(i.content)),
    content: text(i["content:encoded"]),
    image: (i.media as { $?: { url?: string } } | undefined)?.$?.url,
  }));
  return [a, b];
}

async function readAtom(xml: string): Promise<[Read[], Read[]]> {
  const a = (parseAtomFeed(xml).entries ?? []).map((e) => ({
    id: e.id,
    title: e.title?.value,
    link: e.links?.find((l) => l.rel === "alternate")?.href,
    published: iso(e.published),
    updated: iso(e.updated),
    authors: (e.authors ?? []).map((x) => x.name ?? ""),
    categories: (e.categories ?? []).map((c) => c.term ?? ""),
    summary: e.summary?.value,
    content: e.content?.value,
    image: (e as { media?: { contents?: { url?: string }[] } }).media?.contents?.[0]?.url,
  }));
  const b = ((await rssParser.parseString(xml)).items as unknown as Record<string, unknown>[]).map((i) => ({
    id: text(i.id),
    title: text(i.title),
    link: text(i.link),
    published: iso(text(i.published)),
    updated: iso(text(i.updated)),
    authors: ((i.people as { name?: unknown[] }[]) ?? []).map((p) => text(p.name?.[0]) ?? ""),
    categories: ((i.cats as { $?: { term?: string } }[]) ?? []).map((c) => c.$?.term ?? ""),
    summary: text(i.summary),
    content: text(i.content),
    image: (i.media as { $?: { url?: string } } | undefined)?.$?.url,
  }));
  return [a, b];
}

type JsonItem = {
  id?: string;
  title?: string;
  url?: string;
  date_published?: string;
  date_modified?: string;
  authors?: { name?: string }[];
  tags?: string[];
  summary?: string;
  content_html?: string;
  image?: string;
};
const fromJson = (i: JsonItem): Read => ({
  id: i.id,
  title: i.title,
  link: i.url,
  published: iso(i.date_published),
  updated: iso(i.date_modified),
  authors: (i.authors ?? []).map((x) => x.name ?? ""),
  categories: i.tags ?? [],
  summary: i.summary,
  content: i.content_html,
  image: i.image,
});

async function readJson(json: string): Promise<[Read[], Read[]]> {
  return [
    (parseJsonFeed(json).items ?? []).map((i) => fromJson(i as JsonItem)),
    ((JSON.parse(json) as { items: JsonItem[] }).items ?? []).map(fromJson),
  ];
}

const FORMATS = {
  rss: { path: "/feed.xml", render: renderRss, read: readRss },
  atom: { path: "/feed.atom", render: renderAtom, read: readAtom },
  json: { path: "/feed.json", render: renderJsonFeed, read: readJson },
} as const;

describe.each(Object.keys(FORMATS) as (keyof typeof FORMATS)[])("%s, read twice", (format) => {
  const { path, render, read } = FORMATS[format];
  const ch = channel(path, articles);
  const out = render(articles, ch);

  it("both readings agree with each other and with every article, field by field", async () => {
    const [a, b] = await read(out);
    const want = articles.map((x) => expectedOf(x, format, ch));
    expect(a).toHaveLength(articles.length);
    for (const [i, w] of want.entries()) {
      expect(a[i], `${format} ${articles[i]?.id} (first reading)`).toEqual(w);
      expect(b[i], `${format} ${articles[i]?.id} (second reading)`).toEqual(w);
    }
  });

  it("an empty feed is read as empty by both, dated by its scope, never 1970", async () => {
    const empty = render([], { ...ch, updated: "2026-11-29T10:00:00.000Z" });
    const [a, b] = await read(empty);
    expect([a, b]).toEqual([[], []]);
    expect(empty).not.toContain("1970");
  });
});

describe("what the hostile set proves", () => {
  const byId = new Map(articles.map((a) => [a.id, a]));
  it("no two items share an updated, even three written in one millisecond", () => {
    const dates = articles.map(changedAt);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it("a CJK body without spaces is cut at a word boundary, within 300 characters", () => {
    const s = summaryOf(byId.get("cjk-excerpt") as Article);
    expect(s.endsWith("\u2026")).toBe(true);
    expect([...s].length).toBeLessThanOrEqual(300);
    expect("我们今天去北京大学参观了图书馆。".repeat(30).startsWith(s.slice(0, -1))).toBe(true);
  });

  it("relative links, embeds and images arrive resolved, and the text as written", () => {
    const body = (byId.get("relative-links-and-embeds") as Article).bodyHtml;
    expect(body).toContain('href="https://paper.example/papers/budget.pdf"');
    expect(body).toContain('href="https://cdn.paper.example/x"');
    expect(body).toContain('href="https://paper.example/2026/11/council#vote"');
    expect(body).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(body).toContain('<img src="https://paper.example/2026/11/still.jpg" alt="Video">');
    expect(body).toContain('<img src="https://paper.example/2026/11/chart.png" alt="A chart">');
    expect(body).toContain("Passed 5 &lt; 6 &gt; 4.");
  });
});
