// Stored articles and feed channels for rendering tests and benchmarks: fixed dates (stable snapshots),
// and hostile text that every feed must carry intact (`&`, `<`, `]]>`, controls, astral characters,
// right-to-left scripts, a 10,000-character word). Pure: no KV, no clock, runs in workerd and Node.
import type { Article } from "../../src/articles/article.ts";
import { textToHtml } from "../../src/articles/html-text.ts";
import { cleanText } from "../../src/articles/text.ts";
import type { FeedChannel } from "../../src/feeds/model.ts";

export const SITE = "https://news.example.org";

/** Text that breaks naive serializers; each value passes the article schema. */
export const HOSTILE = {
  /** A literal "&amp;" must come back as those five characters, not as "&". */
  ampersand: "Fish & Chips, AT&T and the literal &amp; entity",
  lessThan: "5 < 6, a <- b, x <= y",
  /** `]]>` three times and `]]]]>`: the `feed` package escapes only the first. */
  cdataEnd: "end ]]> again ]]> and ]]> plus ]]]]> done",
  /** What the schema strips; the renderers strip it again. Cleaned: "bell null esc fffe". */
  controls: "bell\u0007 null\u0000 esc\u001B fffe\uFFFE",
  astral: "𝕏 🏳️‍🌈 😀 𠜎",
  rtl: "مرحبا بالعالم — שלום עולם",
  /** A keyword with quotes, an apostrophe and `<` (not tag-like, so the schema accepts it). */
  keyword: `"Quoted" & 'single' < less`,
  longWord: "Wort".repeat(2_500),
} as const;

/** The hostile strings on one line, as a headline could carry them (without controls). */
export const HOSTILE_LINE = [
  HOSTILE.ampersand,
  HOSTILE.lessThan,
  HOSTILE.cdataEnd,
  HOSTILE.astral,
  HOSTILE.rtl,
].join(" | ");

/** What the renderers must output for a string: the schema's cleaning applied. */
export const expected = cleanText;

export function makeChannel(overrides: Partial<FeedChannel> = {}): FeedChannel {
  return {
    title: "Edgewire",
    description: "Latest articles from the Edgewire newsroom",
    language: "en",
    siteUrl: SITE,
    homeUrl: `${SITE}/`,
    selfUrl: `${SITE}/feed.xml?limit=20`,
    updated: "2026-03-02T10:00:00.000Z",
    ttlMinutes: 5,
    idAuthority: "news.example.org",
    generator: "Edgewire",
    ...overrides,
  };
}

/** A complete, benign article with fixed dates; `body` overrides also derive `bodyHtml`. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  const body = overrides.body ?? "The bridge reopened at dawn.\nTraffic was light & cyclists returned.";
  return {
    id: "harbour-bridge-reopens",
    headline: "Harbour bridge reopens after repairs",
    subheadline: "Commuters return to the crossing after six weeks of work",
    body,
    bodyFormat: "text",
    bodyHtml: textToHtml(body),
    keywords: ["Harbour Bridge", "Public Transport"],
    category: "World News",
    categorySlug: "world-news",
    authors: [{ name: "Zoë Müller", url: `${SITE}/staff/zoe`, email: "zoe@example.org" }],
    publishedAt: "2026-03-01T08:30:00.000Z",
    image: {
      url: "https://cdn.example.org/img/bridge.webp",
      alt: "The bridge at dawn",
      mimeType: "image/webp",
      width: 1200,
      height: 800,
      length: 48_213,
    },
    language: "en",
    createdAt: "2026-03-01T08:00:00.000Z",
    updatedAt: "2026-03-01T09:15:00.000Z",
    version: 1,
    firstPublishedAt: overrides.publishedAt ?? "2026-03-01T08:30:00.000Z",
    ...overrides,
  };
}

/** Every hostile string in every text field, HTML body with raw `]]>`, and a right-to-left language. */
export function hostileArticle(overrides: Partial<Article> = {}): Article {
  return makeArticle({
    id: "hostile-text",
    headline: `${HOSTILE_LINE} ${HOSTILE.controls}`,
    subheadline: `${HOSTILE.rtl} ${HOSTILE.cdataEnd} ${HOSTILE.controls}`,
    body: "(html)",
    bodyFormat: "html",
    // Sanitised HTML escapes `>` in text, but the renderer must not rely on it: raw `]]>` here.
    bodyHtml: `<p dir="rtl" lang="ar">${HOSTILE.rtl}</p>\n<p title="]]>">${HOSTILE.cdataEnd} &amp; &lt; ${HOSTILE.astral}</p>\r\n<p>${HOSTILE.longWord}</p>\n<p>${HOSTILE.controls}</p>`,
    keywords: [HOSTILE.keyword, HOSTILE.astral, HOSTILE.rtl, HOSTILE.longWord.slice(0, 100)],
    category: `Culture & Arts < ]]> ${HOSTILE.astral}`,
    categorySlug: "culture-arts",
    authors: [
      { name: `O'Brien "Ed" & Co <3 ${HOSTILE.controls}`, url: `${SITE}/staff/ed?x=1&y=2` },
      { name: "محمد الأحمد" },
    ],
    url: 'https://news.example.org/2026/03/hostile?ref=feed&utm="q"',
    image: {
      url: "https://cdn.example.org/img/pic?size=large&fmt=png",
      alt: `Alt "text" & < more ${HOSTILE.astral}`,
      mimeType: "image/png",
    },
    language: "ar",
    ...overrides,
  });
}

/** An article with only the required fields: every optional one absent. */
export function minimalArticle(overrides: Partial<Article> = {}): Article {
  const { subheadline: _s, image: _i, ...rest } = makeArticle({ id: "minimal", authors: [], keywords: [] });
  return { ...rest, ...overrides };
}

const PARAGRAPH =
  "Officials said the harbour crossing would stay open through the night while engineers check the " +
  "new bearings; commuters & cyclists welcomed the news, though some warned that <delays> may return.";

/** `n` full articles (~4 KB of body each), newest first, as a 100-item page would hold. */
export function makeArticles(n: number): Article[] {
  return Array.from({ length: n }, (_, i) => {
    const minute = String(59 - (i % 60)).padStart(2, "0");
    const day = String(28 - Math.floor(i / 60)).padStart(2, "0");
    const at = `2026-02-${day}T10:${minute}:00.000Z`;
    return makeArticle({
      id: `article-${i}`,
      headline: `Harbour bridge update number ${i}: what changes for commuters & cyclists`,
      body: Array.from({ length: 20 }, (_, p) => `${p + 1}. ${PARAGRAPH}`).join("\n"),
      keywords: ["Harbour Bridge", "Public Transport", `Update ${i}`],
      authors: [
        { name: "Zoë Müller", url: `${SITE}/staff/zoe`, email: "zoe@example.org" },
        { name: "Sam Okafor" },
      ],
      publishedAt: at,
      createdAt: at,
      updatedAt: at,
    });
  });
}

/** For snapshots: hostile, benign and minimal articles, without the 10,000-character word. */
export function snapshotArticles(): Article[] {
  const hostile = hostileArticle();
  return [
    { ...hostile, bodyHtml: hostile.bodyHtml.replace(HOSTILE.longWord, "(a 10,000-character word)") },
    makeArticle(),
    minimalArticle(),
  ];
}
