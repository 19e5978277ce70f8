// Article bodies as newsroom scripts send them, for comparing two judges of the same contract: every
// article the model-output corpus yields (test/corpus, through the tool's extraction), the sample
// articles shipped in articles/, the fixtures of test/helpers, and hostile variants that probe each
// rule of the article schema at its edges (lengths in code points, trimming, markup, nulls, types).
/// <reference types="vite/client" />
import { extractArticles } from "../../scripts/lib/extract.ts";
import { LIMITS } from "../../src/articles/schema.ts";
import { article } from "./api.ts";
import { hostileArticle, makeArticle, minimalArticle } from "./articles.ts";

export interface NamedInput {
  name: string;
  input: unknown;
}

const corpusFiles = import.meta.glob("../corpus/*", { query: "?raw", import: "default", eager: true });
const shipped = import.meta.glob("../../articles/*.json", { import: "default", eager: true });

/** Every object the tool extracts from the corpus of model answers (the ones it cannot read are left out). */
function fromCorpus(): NamedInput[] {
  return Object.entries(corpusFiles).flatMap(([path, text]) => {
    const many = extractArticles(text as string, { all: true });
    if (!many.ok) return [];
    return many.articles.map((a, i) => ({ name: `corpus ${path.split("/").at(-1)} #${i}`, input: a.value }));
  });
}

/** A stored article back as input: the fields a client may send, as the fixtures hold them. */
function asInput(a: Record<string, unknown>): Record<string, unknown> {
  const { bodyHtml: _h, categorySlug: _s, createdAt: _c, updatedAt: _u, publisher: _p, ...rest } = a;
  return rest;
}

const fixtures = (): NamedInput[] => [
  { name: "fixture makeArticle (as stored)", input: makeArticle() },
  { name: "fixture makeArticle", input: asInput({ ...makeArticle() }) },
  { name: "fixture hostileArticle (as stored)", input: hostileArticle() },
  { name: "fixture hostileArticle", input: asInput({ ...hostileArticle(), body: "<p>hostile</p>" }) },
  { name: "fixture minimalArticle", input: asInput({ ...minimalArticle() }) },
  { name: "fixture api article()", input: article() },
];

const BASE = {
  id: "harbour-bridge",
  headline: "Harbour bridge reopens after repairs",
  subheadline: "Commuters return after six weeks",
  body: "The bridge reopened at dawn.\nTraffic was light.",
  bodyFormat: "text",
  keywords: ["Harbour Bridge", "Transport"],
  category: "World News",
  authors: [{ name: "Zoë Müller", url: "https://news.example.org/zoe", email: "zoe@example.org" }],
  publishedAt: "2026-03-01T08:30:00Z",
  url: "https://news.example.org/2026/03/bridge",
  image: { url: "https://cdn.example.org/bridge.webp", alt: "The bridge", width: 1200, height: 800 },
  language: "en",
};
const REQUIRED = ["headline", "body", "category"] as const;
const { authors: _a, ...NO_AUTHORS } = BASE;

const a = (n: number, c = "a") => c.repeat(n);
const ASTRAL = "😀";
const image = (over: Record<string, unknown>) => ({ ...BASE, image: { ...BASE.image, ...over } });
const author = (over: Record<string, unknown>) => ({ ...BASE, authors: [{ name: "Jane Doe", ...over }] });

/** Text rules shared by every one-line plain-text field, at `field`'s limits. */
function lineVariants(field: string, max: number, at: (v: unknown) => unknown): [string, unknown][] {
  const v = (s: unknown): unknown => at(s);
  return [
    ["empty", v("")],
    ["blank", v("   ")],
    ["at limit", v(a(max))],
    ["over limit", v(a(max + 1))],
    ["at limit, padded", v(`  ${a(max)} \t`)],
    ["at limit in astral characters", v(ASTRAL.repeat(max))],
    ["over limit in astral characters", v(ASTRAL.repeat(max + 1))],
    ["trailing line break", v(`${a(10)}\n`)],
    ["leading line break", v(`\r\n${a(10)}`)],
    ["two lines", v("one\ntwo")],
    ["line separator", v("one\u2028two")],
    ["tab inside", v("one\ttwo")],
    ["no-break spaces around", v("\u00a0word\u00a0")],
    ["tag", v("<b>bold</b>")],
    ["closing tag", v("text</p>")],
    ["comment", v("a <!-- b")],
    ["cdata", v("<![CDATA[x")],
    ["doctype", v("<!DOCTYPE html>")],
    ["processing instruction", v("<?xml x")],
    ["less-than, not markup", v("5 < 6, a <- b, x <= y")],
    ["ampersands and quotes", v(`Fish & Chips "quoted" 'single' ]]>`)],
    ["right-to-left", v("مرحبا بالعالم — שלום עולם")],
    ["control character only", v("\u0007")],
    ["control characters inside", v("bell\u0007 null\u0000 end")],
    ["at limit plus a control character", v(`${a(max)}\u0007`)],
    ["markup split by a control character", v("<\u0000b>")],
    ["lone surrogate", v("a\ud800b")],
    ["number", v(42)],
    ["array", v(["x"])],
  ].map(([name, input]) => [`${field}: ${name}`, input]);
}

function variants(): [string, unknown][] {
  const out: [string, unknown][] = [
    ["base", BASE],
    ["only required fields", { headline: "H", body: "B", category: "C" }],
    ["null", null],
    ["array", [BASE]],
    ["string", "headline"],
    ["number", 5],
    ["empty object", {}],
    ...REQUIRED.map((f): [string, unknown] => [`without ${f}`, { ...BASE, [f]: undefined }]),
    ...Object.keys(BASE).map((f): [string, unknown] => [`${f}: null`, { ...BASE, [f]: null }]),
    ["unknown field", { ...BASE, catgory: "x" }],
    ["unknown field, null", { ...BASE, catgory: null }],
    ["body alias content", { ...NO_AUTHORS, body: undefined, content: "text" }],
    ...lineVariants("headline", LIMITS.headline, (v) => ({ ...BASE, headline: v })),
    ...lineVariants("subheadline", LIMITS.subheadline, (v) => ({ ...BASE, subheadline: v })),
    ...lineVariants("category", LIMITS.category, (v) => ({ ...BASE, category: v })),
    ...lineVariants("author name", LIMITS.authorName, (v) => author({ name: v })),
    ...lineVariants("author shorthand", LIMITS.authorName, (v) => ({ ...NO_AUTHORS, author: v })),
    ...lineVariants("image alt", LIMITS.alt, (v) => image({ alt: v })),
    ["category: punctuation only", { ...BASE, category: "!!! ---" }],
    ["category: combining mark only", { ...BASE, category: "\u0301" }],
    ["category: digits", { ...BASE, category: "2026" }],
    ["category: non-Latin", { ...BASE, category: "Культура" }],
    ["category: compatibility character", { ...BASE, category: "㎏" }],
    ["category: trade mark sign", { ...BASE, category: "™" }],
    ["body: empty", { ...BASE, body: "" }],
    ["body: blank lines", { ...BASE, body: " \n\t\n " }],
    ["body: one character", { ...BASE, body: "x" }],
    ["body: at limit", { ...BASE, body: a(LIMITS.body) }],
    ["body: over limit", { ...BASE, body: a(LIMITS.body + 1) }],
    ["body: at limit in astral characters", { ...BASE, body: ASTRAL.repeat(LIMITS.body) }],
    ["body: at limit plus a control character", { ...BASE, body: `${a(LIMITS.body)}\u0007` }],
    ["body: control character only", { ...BASE, body: "\u0007" }],
    ["body: markup in text", { ...BASE, body: "<b>not html</b>" }],
    ["body: html", { ...BASE, bodyFormat: "html", body: "<p>A <em>paragraph</em>.</p>" }],
    ["body: html with nothing allowed", { ...BASE, bodyFormat: "html", body: "<script>x()</script>" }],
    ["body: number", { ...BASE, body: 7 }],
    ["bodyFormat: HTML", { ...BASE, bodyFormat: "HTML" }],
    ["bodyFormat: markdown", { ...BASE, bodyFormat: "markdown" }],
    ["keywords: empty array", { ...BASE, keywords: [] }],
    ["keywords: one string with separators", { ...BASE, keywords: "a, b; c\nd" }],
    ["keywords: one phrase", { ...BASE, keywords: "Russia Taliban Relations" }],
    ["keywords: empty string", { ...BASE, keywords: "" }],
    ["keywords: blank entries", { ...BASE, keywords: ["", " ", "x"] }],
    ["keywords: 25", { ...BASE, keywords: Array.from({ length: 25 }, (_, i) => `k${i}`) }],
    ["keywords: 26", { ...BASE, keywords: Array.from({ length: 26 }, (_, i) => `k${i}`) }],
    [
      "keywords: 30 entries, 25 after de-duplication",
      { ...BASE, keywords: [...Array.from({ length: 25 }, (_, i) => `k${i}`), "K1", "K2", "k3", "K4", "k0"] },
    ],
    [
      "keywords: 26 in one string",
      { ...BASE, keywords: Array.from({ length: 26 }, (_, i) => `k${i}`).join(",") },
    ],
    ["keywords: at limit", { ...BASE, keywords: [a(LIMITS.keyword)] }],
    ["keywords: over limit", { ...BASE, keywords: [a(LIMITS.keyword + 1)] }],
    ["keywords: at limit, padded", { ...BASE, keywords: [`  ${a(LIMITS.keyword)}  `] }],
    ["keywords: spaces collapse", { ...BASE, keywords: [`${a(50)}     ${a(49)}`] }],
    ["keywords: markup", { ...BASE, keywords: ["<b>k</b>"] }],
    ["keywords: less-than", { ...BASE, keywords: [`"Quoted" & 'single' <less`] }],
    ["keywords: number", { ...BASE, keywords: [1] }],
    ["keywords: object", { ...BASE, keywords: { a: 1 } }],
    ["authors: none", { ...BASE, authors: [] }],
    ["authors: names", { ...BASE, authors: ["Jane Doe", "John Roe"] }],
    ["authors: 10", { ...BASE, authors: Array.from({ length: 10 }, (_, i) => `Author ${i}`) }],
    ["authors: 11", { ...BASE, authors: Array.from({ length: 11 }, (_, i) => `Author ${i}`) }],
    ["authors: null entry", { ...BASE, authors: [null] }],
    ["authors: number entry", { ...BASE, authors: [5] }],
    ["authors: not an array", { ...BASE, authors: "Jane Doe" }],
    ["author: object", { ...NO_AUTHORS, author: { name: "Jane Doe", url: "https://x.example/j" } }],
    ["author and authors", { ...BASE, author: "Jane Doe" }],
    ["author and authors: null", { ...BASE, authors: null, author: "Jane Doe" }],
    ["author: null and authors", { ...BASE, author: null }],
    ["author: number", { ...NO_AUTHORS, author: 5 }],
    ["author: unknown field", author({ nmae: "x" })],
    ["author: null url", author({ url: null })],
    ["author: email", author({ email: "jane@example.org" })],
    ["author: email padded", author({ email: "  jane@example.org " })],
    ["author: email invalid", author({ email: "jane@" })],
    ["author: email with plus", author({ email: "jane+news@mail.example.org" })],
    ["author: email too long", author({ email: `${a(250)}@example.org` })],
    ["author: url ftp", author({ url: "ftp://example.org/jane" })],
    ["author: url relative", author({ url: "/staff/jane" })],
  ];
  const urls: [string, string][] = [
    ["https", "https://example.org/a"],
    ["http", "http://example.org"],
    ["upper-case scheme", "HTTPS://EXAMPLE.ORG/A"],
    ["padded", "  https://example.org/a  "],
    ["space in path", "https://example.org/a b"],
    ["international domain", "https://例え.jp/記事"],
    ["host that IDNA maps", "https://ex\ufeffample.org/"],
    ["host that IDNA refuses", "https://\u0301example.org/"],
    ["host ending in a number", "https://example.org.5/"],
    ["port out of range", "https://example.org:99999/"],
    ["port and query", "https://example.org:8443/a?b=c&d=e#f"],
    ["no slashes", "https:example.org"],
    ["space in host", "https://exa mple.org/"],
    ["no host", "https://"],
    ["ftp", "ftp://example.org/a"],
    ["mailto", "mailto:desk@example.org"],
    ["javascript", "javascript:alert(1)"],
    ["relative", "/2026/03/bridge"],
    ["words", "not a url"],
    ["at limit", `https://example.org/${a(LIMITS.url - 20)}`],
    ["over limit", `https://example.org/${a(LIMITS.url - 19)}`],
  ];
  for (const [name, url] of urls) out.push([`url: ${name}`, { ...BASE, url }]);
  const dates = [
    "2026-11-23T09:30:00Z",
    "2026-11-23T09:30:00+02:00",
    "2026-11-23T09:30:00.123456-05:30",
    "2026-11-23T09:30Z",
    "2026-11-23t09:30:00z",
    "2026-11-23 09:30:00Z",
    "2026-11-23",
    "2026-11-23T09:30:00",
    "2026-11-23T09:30:00+0200",
    "  2026-11-23T09:30:00Z ",
    "2026-02-30T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-11-23T24:00:00Z",
    "2026-12-31T23:59:60Z",
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:30:00+01:00",
    "1969-12-31T23:59:59Z",
    "2200-01-01T00:00:00Z",
    "2200-01-01T00:00:01Z",
    "yesterday",
  ];
  for (const d of dates) out.push([`publishedAt: ${JSON.stringify(d)}`, { ...BASE, publishedAt: d }]);
  out.push(
    ["publishedAt: number", { ...BASE, publishedAt: 1_700_000_000_000 }],
    ["image: jpg without type", image({ url: "https://cdn.example.org/a.jpg" })],
    ["image: upper-case extension", image({ url: "https://cdn.example.org/a.JPEG" })],
    ["image: extension before query", image({ url: "https://cdn.example.org/a.png?w=200" })],
    ["image: extension in query only", image({ url: "https://cdn.example.org/a?f=.png" })],
    ["image: no extension, no type", image({ url: "https://cdn.example.org/a" })],
    ["image: no extension, null type", image({ url: "https://cdn.example.org/a", mimeType: null })],
    ["image: no extension, with type", image({ url: "https://cdn.example.org/a", mimeType: "image/png" })],
    ["image: upper-case type", image({ url: "https://cdn.example.org/a", mimeType: "IMAGE/PNG" })],
    ["image: padded type", image({ url: "https://cdn.example.org/a", mimeType: " image/png " })],
    ["image: not an image type", image({ mimeType: "text/html" })],
    ["image: width 0", image({ width: 0 })],
    ["image: width 1.5", image({ width: 1.5 })],
    ["image: width 100000", image({ width: 100_000 })],
    ["image: width 100001", image({ width: 100_001 })],
    ["image: height as string", image({ height: "800" })],
    ["image: length 0", image({ length: 0 })],
    ["image: length -1", image({ length: -1 })],
    ["image: null width", image({ width: null })],
    ["image: unknown field", image({ caption: "x" })],
    ["image: as a string", { ...BASE, image: "https://cdn.example.org/a.jpg" }],
    ["image: bad url", image({ url: "cdn.example.org/a.jpg" })],
  );
  for (const tag of ["en", "pt-BR", "pt-br", "EN", " en ", "zh-Hant-TW", "en-US-x-twain", "english"])
    out.push([`language: ${JSON.stringify(tag)}`, { ...BASE, language: tag }]);
  for (const tag of [
    "e",
    "en-",
    "en_US",
    "en-ab-ab",
    "en-a",
    "i-klingon",
    "x-private",
    "12",
    "",
    "de-1996-1996",
  ])
    out.push([`language: ${JSON.stringify(tag)}`, { ...BASE, language: tag }]);
  for (const id of ["a", "a-b-1", a(100), a(101), "Bad_ID", "-x", "x y"])
    out.push([`id: ${JSON.stringify(id.length > 20 ? `${id.length} characters` : id)}`, { ...BASE, id }]);
  out.push(["id: number", { ...BASE, id: 5 }]);
  return out;
}

/** Every input, named; names are unique so a test can list the ones where two judges disagree. */
export function articleInputs(): NamedInput[] {
  const all = [
    ...fromCorpus(),
    ...Object.entries(shipped).map(([path, value]) => ({
      name: `shipped ${path.split("/").at(-1)}`,
      input: value,
    })),
    ...fixtures(),
    ...variants().map(([name, input]) => ({ name, input: JSON.parse(JSON.stringify(input ?? null)) })),
  ];
  const names = new Set(all.map((i) => i.name));
  if (names.size !== all.length) throw new Error("article inputs: duplicate names");
  return all;
}
