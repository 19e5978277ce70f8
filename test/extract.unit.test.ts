// Finding the article in messy model output: every file in test/corpus/ is a realistic model answer,
// and each test says exactly which article comes out (and what the tool reports it changed), or
// which error names the problem and its place. Then the Worker's own validation runs on it.
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { extractArticle, extractArticles, place } from "../scripts/lib/extract.ts";
import { prepareText } from "../scripts/lib/prepare.ts";

// Vite's `?raw` imports work inside the workers pool: no node:fs needed to read the corpus.
const files = import.meta.glob("./corpus/*", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const corpus = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace("./corpus/", ""), text]),
);

interface Extracts {
  headline: string;
  category?: string;
  bodyStart?: string;
  bodyEnd?: string;
  /** Other fields that must come out exactly. */
  fields?: Record<string, unknown>;
  notes: string[];
  /** The Worker's verdict: undefined = valid, otherwise "path: message" strings. */
  problems?: string[];
}
type Case = Extracts | { error: RegExp };

const cases: Record<string, Case> = {
  // A code fence, with prose before and chatter after.
  "01-fenced-with-prose.md": {
    headline: "Harbour bridge reopens after two years of repairs",
    category: "World News",
    bodyStart: "The harbour bridge reopened to traffic on Monday morning",
    fields: { author: "Maria Okafor", keywords: ["infrastructure", "transport", "Sydney"] },
    notes: [
      "removed a Markdown code fence",
      "ignored 52 characters before the article",
      "ignored 64 characters after the article",
    ],
  },
  // Already valid JSON: nothing to report.
  "02-clean.json": {
    headline: "North Sea wind farm wins final approval",
    category: "Business",
    fields: { id: "wind-farm-approved-north-sea", language: "en-GB" },
    notes: [],
  },
  // Prose before the object, no fence.
  "03-prose-before.txt": {
    headline: "City council votes to pedestrianise the old market square",
    category: "Politics",
    bodyEnd: "Shop owners remain divided over the plan.",
    notes: ["ignored 182 characters before the article"],
  },
  // Pages of chatter after the object (the count has a thousands separator).
  "04-long-chatter-after.txt": {
    headline: "Glacier retreat accelerates in the Alps, survey finds",
    category: "Science",
    bodyEnd: "repeated summer heatwaves.",
    notes: ["ignored 1,826 characters after the article"],
  },
  // The object followed by more fences, one of them holding a second object.
  "05-second-fence.md": {
    headline: "Rail strike called off after late-night talks",
    category: "Business",
    bodyEnd: "Services will run as normal.",
    notes: [
      "removed a Markdown code fence",
      "ignored 287 characters after the article (they include another JSON object: only the first is published)",
    ],
  },
  // Two different articles: the first is taken and the rest reported as ignored.
  "06-two-different-objects.txt": {
    headline: "Museum returns looted bronzes to Benin City",
    category: "Culture",
    notes: [
      "ignored 8 characters before the article",
      "ignored 207 characters after the article (they include another JSON object: only the first is published)",
    ],
  },
  // Raw line breaks inside the body string become paragraph breaks.
  "07-raw-line-breaks.json": {
    headline: "Flood warnings lifted as river levels fall",
    category: "World News",
    fields: {
      body:
        "Authorities lifted all remaining flood warnings on Sunday.\n\nRiver levels fell by more than a metre " +
        "overnight, and residents in the lower town were allowed to return home.\n\nClean-up crews expect the " +
        "work to take several weeks.",
    },
    notes: ["repaired: raw line breaks in strings"],
  },
  // Unescaped quotes: mid-string, before a comma, and ending a line (where jsonrepair alone fails).
  "08-unescaped-quotes.txt": {
    headline: 'Mayor says "no" to tower plan',
    category: "Politics",
    fields: {
      body:
        'Mayor Ana Ruiz rejected the 40-storey tower on Wednesday. "It does not belong in a historic district," ' +
        'she told reporters.\nThe developer called the decision "short-sighted", and said it would appeal.\n' +
        'Residents welcomed the ruling. "We will rebuild the square ourselves."\nThe appeal is expected in the spring.',
    },
    notes: ["repaired: unescaped quotes, raw line breaks in strings"],
  },
  // Single quotes (a Python dict) with apostrophes inside them, and None.
  "09-single-quotes-python.txt": {
    headline: "Britain's oldest lighthouse keeper retires at 91",
    category: "World News",
    fields: {
      subheadline: null,
      body: 'After 64 years on the rocks, he said: "It\'s time someone younger climbed the stairs."',
    },
    notes: [
      "ignored 37 characters before the article",
      "repaired: single quotes, unescaped apostrophes, Python True/False/None",
    ],
  },
  // Trailing commas in objects and arrays.
  "10-trailing-commas.json": {
    headline: "Chess prodigy, 12, becomes youngest grandmaster",
    category: "Sport",
    fields: { keywords: ["chess", "records"], authors: [{ name: "Priya Natarajan" }] },
    notes: ["repaired: trailing comma"],
  },
  // Cut off in the middle of the body: repairable, and reported.
  "11-truncated-in-body.txt": {
    headline: "Central bank holds rates steady for third month",
    category: "Business",
    bodyEnd:
      'would "look through" the recent rise in energy prices, but warned that wage growth remained too strong for the bank to consider cuts before the spr',
    notes: ["removed a Markdown code fence", 'the article was cut off in "body"; closed it'],
  },
  // Cut off before the body: the half-written field name is dropped; validation then refuses.
  "12-truncated-before-body.txt": {
    headline: "Volcano erupts near Reykjavik for the fifth time this year",
    category: "World News",
    fields: { keywords: ["Iceland", "volcano"] },
    notes: ['the article was cut off in a field name ("bo"); dropped it and closed the article'],
    problems: ["body: is required"],
  },
  // The opening was lost and the text begins inside the first string value. Refused: the field name
  // is gone, so the value could be the headline, a subheadline or an id, and its start may be lost
  // too; guessing "headline" would publish a possibly truncated headline without anyone noticing.
  "13-lost-opening-headline.txt": {
    error:
      /^the text starts inside a string value \("Harbour bridge reopens", ending at line 1, column 23\): its opening "\{" and field name were lost/,
  },
  // Only the "{" is missing and the text begins with a field name: unambiguous, repaired.
  "14-missing-brace.txt": {
    headline: "Heatwave forces schools to close early",
    category: "World News",
    notes: ['the opening "{" was missing; added it'],
  },
  // No JSON at all.
  "15-no-json.md": { error: /^no article found: the 237 characters of text hold no JSON object/ },
  // "content" is the body (in the tool only).
  "16-content-alias.json": {
    headline: "Space agency confirms water ice at lunar south pole",
    category: "Science",
    bodyStart: "Instruments on the orbiter detected water ice",
    notes: ['renamed "content" to "body"'],
  },
  // {"article": {...}} wrapper, with "text" as the body.
  "17-article-wrapper.json": {
    headline: "Marathon record falls in Berlin",
    category: "Sport",
    bodyStart: "The men's marathon world record fell in Berlin",
    notes: ['took the article from inside "article"', 'renamed "text" to "body"'],
  },
  // The same field twice with different values: ambiguous, refused with both places.
  "18-duplicate-headline.txt": {
    error:
      /^the field "headline" appears twice with different values \(line 2, column 3 and line 5, column 3\): which one is meant is ambiguous$/,
  },
  // 19-array.json holds three articles: see its own test below.
  "19-array.json": { headline: "", notes: [] },
  // Prose, fence, single quotes, trailing commas, raw line breaks, a quote, a second fenced object.
  "20-everything.md": {
    headline: "Fishermen protest new quota rules in Brussels",
    category: "Politics",
    fields: {
      keywords: ["fishing", "EU", "quotas"],
      body:
        "Several hundred fishermen gathered outside the European Commission on Tuesday.\nOne of them, Jan de Vries, " +
        'said the rules were "written by people who have never been to sea".\nThe Commission said it would review the figures',
    },
    notes: [
      "removed a Markdown code fence",
      "ignored 59 characters before the article",
      "ignored 215 characters after the article (they include another JSON object: only the first is published)",
      "repaired: single quotes, trailing comma, raw line breaks in strings",
    ],
  },
  // Extracted as is; the Worker's validation names the typo and the unknown field.
  "21-unknown-field.json": {
    headline: "Court blocks airport expansion",
    fields: { catgory: "Politics", summary: "A setback for the government." },
    notes: [],
    problems: [
      "category: is required",
      'catgory: unknown field "catgory" (did you mean "category"?)',
      'summary: unknown field "summary"',
    ],
  },
  // A JavaScript object literal: comments and unquoted field names.
  "22-comments-unquoted-keys.txt": {
    headline: "Orchestra cancels tour over visa delays",
    category: "Culture",
    fields: { keywords: ["music", "touring"] },
    notes: [
      "ignored 15 characters before the article",
      "ignored 1 character after the article",
      "repaired: comments, unquoted field names",
    ],
  },
  // HTML body with unescaped attribute quotes.
  "23-html-body-unescaped-attributes.md": {
    headline: "Report finds 1 in 5 bridges need urgent repair",
    category: "World News",
    bodyEnd: '<p>Read <a href="https://example.org/bridge-audit">the full report</a>.</p>',
    fields: { bodyFormat: "html" },
    notes: ["removed a Markdown code fence", "repaired: unescaped quotes"],
  },
  // Cut off inside a keyword: the partial keyword is dropped, the rest kept.
  "24-truncated-in-keywords.txt": {
    headline: "Orchestra returns to restored concert hall",
    category: "Culture",
    fields: { keywords: ["music", "architecture"] },
    notes: ['the article was cut off in "keywords"; dropped the incomplete item "renov"'],
  },
  "25-empty.txt": { error: /^the text is empty: there is no article in it$/ },
  // Lost opening inside the body: refused, naming where the value ends.
  "26-lost-opening-body.txt": {
    error:
      /^the text starts inside a string value \("and the council will vote on the final plan on Tuesday\.", ending at line 1, column 56\)/,
  },
  // CRLF line endings, emoji and accented text around the object.
  "27-crlf-smart-chatter.txt": {
    headline: "Café owners fight rent rise in Zürich",
    category: "Business",
    notes: ["ignored 19 characters before the article", "ignored 19 characters after the article"],
  },
  // A bolded field name breaks the structure: where "category" ends is unclear, so it is refused
  // rather than letting the string swallow the body.
  "28-broken-structure.md": {
    error:
      /^cannot tell where the string "category" that starts at line 5, column 15 ends: the quote at line 5, column 26 is followed by `", \*\*"body"\*\*: "The 6 km/,
  },
};

describe("the corpus of model outputs", () => {
  it("has at least 22 files, each with an expectation", () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(22);
    expect(Object.keys(corpus).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, expected] of Object.entries(cases)) {
    if (name === "19-array.json") continue;
    it(name, async () => {
      const text = corpus[name] as string;
      const got = extractArticle(text);
      if ("error" in expected) {
        expect(got.ok).toBe(false);
        if (!got.ok) expect(got.error).toMatch(expected.error);
        const [prepared] = await prepareText(text);
        expect(prepared?.error).toMatch(expected.error);
        return;
      }
      if (!got.ok) throw new Error(`expected an article, got: ${got.error}`);
      const a = got.value;
      expect(a.headline).toBe(expected.headline);
      if (expected.category !== undefined) expect(a.category).toBe(expected.category);
      if (expected.bodyStart !== undefined) expect(String(a.body).startsWith(expected.bodyStart)).toBe(true);
      if (expected.bodyEnd !== undefined) expect(String(a.body).endsWith(expected.bodyEnd)).toBe(true);
      for (const [k, v] of Object.entries(expected.fields ?? {})) expect(a[k], k).toEqual(v);
      expect(got.notes).toEqual(expected.notes);

      const [prepared] = await prepareText(text);
      expect(prepared?.raw).toEqual(a);
      const problems = prepared?.problems?.map((p) => `${p.path}: ${p.message}`);
      expect(problems).toEqual(expected.problems);
    });
  }

  it("19-array.json: a JSON array publishes each article separately", async () => {
    const text = corpus["19-array.json"] as string;
    const got = extractArticles(text);
    if (!got.ok) throw new Error(got.error);
    expect(got.articles.map((a) => a.value.headline)).toEqual([
      "Storm Ada brings 150 km/h gusts to the coast",
      "Power restored to 40,000 homes",
      "Schools reopen on Wednesday",
    ]);
    expect(got.articles[1]?.value.body).toBe("Crews worked through the night.");
    expect(got.articles.map((a) => a.notes)).toEqual([[], ['renamed "content" to "body"'], []]);
    expect(got.notes).toEqual(["repaired: trailing comma"]);
    expect(extractArticle(text)).toEqual({
      ok: false,
      error: "the text holds a JSON array of 3 articles, not one article",
    });
    const prepared = await prepareText(text);
    expect(prepared.map((p) => [p.item, p.id, p.problems])).toEqual([
      [1, "storm-ada-brings-150-km-h-gusts-to-the-coast", undefined],
      [2, "power-restored-to-40-000-homes", undefined],
      [3, "schools-reopen-on-wednesday", undefined],
    ]);
  });
});

describe("extraction details", () => {
  const ok = (text: string) => {
    const got = extractArticle(text);
    if (!got.ok) throw new Error(got.error);
    return got;
  };

  it("leaves valid JSON exactly as it is and reports nothing", () => {
    const article = { headline: 'A "quoted" word', category: "X", body: "a\nb", keywords: ["k"], n: 1.5e3 };
    expect(ok(JSON.stringify(article, null, 2))).toEqual({ ok: true, value: article, notes: [] });
  });

  it("names the line and column of JSON that cannot be repaired", () => {
    expect(extractArticle('{"headline": "A",\n  "c": 1 ) }')).toEqual({
      ok: false,
      error: "the JSON could not be repaired at line 2, column 12 (colon expected)",
    });
  });

  it("refuses strings that swallow structure (`=` instead of `:`)", () => {
    const got = extractArticle('{"headline": "A", "category" = "B"}');
    expect(got).toEqual({
      ok: false,
      error:
        'cannot tell where the string "headline" that starts at line 1, column 14 ends: the quote at line 1, ' +
        'column 28 is followed by `" = "B"}`, which is neither text nor valid JSON; fix the JSON there',
    });
  });

  it("drops a field cut off after its colon, and keeps a cut-off headline visible in the note", () => {
    expect(ok('{"headline": "A", "category": "B", "body": ').notes).toEqual([
      'the article was cut off before the value of "body"; dropped that field and closed the article',
    ]);
    expect(ok('{"headline": "Harbour bri').value).toEqual({ headline: "Harbour bri" });
  });

  it("does not rename when the body is already there, nor guess between two aliases", () => {
    expect(ok('{"headline": "A", "body": "b", "text": "t"}').value).toEqual({
      headline: "A",
      body: "b",
      text: "t",
    });
    expect(ok('{"headline": "A", "content": "c", "text": "t"}').notes).toEqual([
      'did not rename "content" or "text" to "body": which one is the body is unclear',
    ]);
  });

  it("removes a repeated field with the same value", () => {
    expect(ok('{"headline": "A", "headline": "A", "body": "b"}').notes).toEqual([
      'removed a repeated "headline" field with the same value',
    ]);
  });

  it("ignores braces in prose that are not JSON objects", () => {
    const got = ok('Here is the {JSON} you asked for:\n{"headline": "A", "body": "{curly} text"}');
    expect(got.value).toEqual({ headline: "A", body: "{curly} text" });
    expect(got.notes).toEqual(["ignored 33 characters before the article"]);
  });

  it("ends a fenced article at the fence even when its closing brace is missing", () => {
    const got = ok('```json\n{"headline": "A", "body": "text."\n```\nThanks!');
    expect(got.value).toEqual({ headline: "A", body: "text." });
    expect(got.notes).toEqual([
      "removed a Markdown code fence",
      "ignored 7 characters after the article",
      'the article was cut off after "body"; closed it',
    ]);
  });

  it("repairs missing commas and Python literals", () => {
    const got = ok(
      '{"headline": "A"\n"category": "B"\n"image": {"url": "https://x.org/a.png", "width": 10}}',
    );
    expect(got.value).toEqual({
      headline: "A",
      category: "B",
      image: { url: "https://x.org/a.png", width: 10 },
    });
    expect(got.notes).toEqual(["repaired: missing commas"]);
  });

  it("handles a 200,000-character body quickly", () => {
    const body = "word ".repeat(40_000).trim();
    const started = Date.now();
    expect(ok(`Sure!\n{"headline": "A", "body": "${body}"}`).value.body).toBe(body);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("places offsets as line and column", () => {
    expect(place("ab\ncd", 0)).toBe("line 1, column 1");
    expect(place("ab\ncd", 4)).toBe("line 2, column 2");
  });
});
