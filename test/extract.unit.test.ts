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
  // The object followed by more fences, one of them holding a second object: one file, one
  // decision, so both are named and nothing is published (unless --all; see below).
  "05-second-fence.md": {
    error:
      /^the text holds 2 JSON objects, each possibly an article: "Rail strike called off after late-night talks" \(line 2, column 1\) and "Friday rail strike averted" \(line 19, column 1\)\. Publishing one of them would be a guess: keep one article per file, put them in one JSON array, or pass --all to publish each$/,
  },
  // Two different drafts: refused, naming each.
  "06-two-different-objects.txt": {
    error:
      /^the text holds 2 JSON objects, each possibly an article: "Museum returns looted bronzes to Benin City" \(line 2, column 1\) and "European museum hands back 21 Benin Bronzes" \(line 5, column 1\)\./,
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
  // The opening was lost and the text begins inside the first string value. The rest gives category
  // and body, so headline is the only required field without a value, and the value is one line of
  // fewer than 300 characters: the lost opening can only be {"headline": ", restored and reported.
  "13-lost-opening-headline.txt": {
    headline: "Harbour bridge reopens",
    category: "World News",
    bodyStart: "The harbour bridge reopened",
    notes: [
      'the opening {"headline": " was lost; restored it: headline is the only required field the rest does not give',
    ],
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
      /^the field "headline" appears twice with different values \(line 2, column 3 and line 5, column 3\): which one is meant is ambiguous; delete the one that is wrong$/,
  },
  // 19-array.json holds three articles: see its own test below.
  "19-array.json": { headline: "", notes: [] },
  // Prose, fence, single quotes, trailing commas, raw line breaks, a quote, a second fenced object:
  // the second object makes it two candidate articles, refused (with --all, see below).
  "20-everything.md": {
    error:
      /^the text holds 2 JSON objects, each possibly an article: "Fishermen protest new quota rules in Brussels" \(line 4, column 1\) and "Alternative: Fishing fleets take quota fight to Brussels" \(line 17, column 1\)/,
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
  "25-empty.txt": {
    error: /^the text is empty: there is no article in it; give the tool the model's JSON answer$/,
  },
  // Lost opening inside the body, but the rest gives neither headline nor body, and the one-line
  // value passes both fields' rules: which field it is cannot be told, so it is refused, naming both.
  "26-lost-opening-body.txt": {
    error:
      /^the text starts inside a string value \("and the council will vote on the final plan on Tuesday\.", ending at line 1, column 56\): its opening \{"…": " was lost, and the rest gives neither "headline" nor "body", so it could be either\. Add the opening of the one it is at the very start, such as \{"body": ", give the other, and try again$/,
  },
  // CRLF line endings, emoji and accented text around the object.
  "27-crlf-smart-chatter.txt": {
    headline: "Café owners fight rent rise in Zürich",
    category: "Business",
    notes: ["ignored 19 characters before the article", "ignored 19 characters after the article"],
  },
  // The reference input's shape: a model's JSON answer whose `{"body":"` was lost, so it begins
  // inside twelve paragraphs of prose with raw line breaks; then headline, subheadline, a keyword
  // string and the category, a closing code fence and pages of chatter. Only body is missing.
  "29-reference-lost-body-opening.txt": {
    headline: "Northmere tidal lagoon sends its first power to the grid",
    category: "Science & Environment",
    bodyStart: "The tidal lagoon off Northmere's southern breakwater sent its first electricity",
    bodyEnd: '"After that," she said, "the tide does the rest."',
    fields: {
      subheadline:
        "Nine years after it was proposed, the 42-megawatt plant runs on the ebb tide while fishermen and biologists watch the bay",
      keywords: "Northmere, Tidal Energy, Renewable Power, Fisheries",
    },
    notes: [
      'the opening {"body": " was lost; restored it: body is the only required field the rest does not give',
      "ignored 3,199 characters after the article",
      "repaired: raw line breaks in strings",
    ],
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
      error: "the JSON could not be repaired at line 2, column 12 (colon expected); fix it there",
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

  it("handles a 200,000-character body", () => {
    const body = "word ".repeat(40_000).trim();
    expect(ok(`Sure!\n{"headline": "A", "body": "${body}"}`).value.body).toBe(body);
  });

  it("places offsets as line and column", () => {
    expect(place("ab\ncd", 0)).toBe("line 1, column 1");
    expect(place("ab\ncd", 4)).toBe("line 2, column 2");
  });
});

describe("one file, one decision", () => {
  it("--all publishes each object of a file that holds several, each with its own notes", async () => {
    const got = extractArticles(corpus["05-second-fence.md"] as string, { all: true });
    if (!got.ok) throw new Error(got.error);
    expect(got.articles.map((a) => a.value.headline)).toEqual([
      "Rail strike called off after late-night talks",
      "Friday rail strike averted",
    ]);
    expect(got.articles.map((a) => a.notes)).toEqual([
      ["removed a Markdown code fence"],
      ["removed a Markdown code fence"],
    ]);
    expect(got.notes[0]).toBe("published each of the 2 JSON objects (--all)");
    const prepared = await prepareText(corpus["20-everything.md"] as string, { all: true });
    expect(prepared.map((p) => [p.item, p.id, p.problems])).toEqual([
      [1, "fishermen-protest-new-quota-rules-in-brussels", undefined],
      [2, "alternative-fishing-fleets-take-quota-fight-to-brussels", undefined],
    ]);
  });

  it("the refusal's hints work: one JSON array of the same objects publishes each", () => {
    const a = '{"headline": "A", "category": "C", "body": "a"}';
    const b = '{"headline": "B", "category": "C", "body": "b"}';
    const refused = extractArticles(`Draft:\n${a}\nOr:\n${b}\n`);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain('"A" (line 2, column 1) and "B" (line 4, column 1)');
    const array = extractArticles(`[${a},\n${b}]`);
    expect(array.ok && array.articles.map((x) => x.value.headline)).toEqual(["A", "B"]);
    const objectWithoutHeadline = extractArticles(`${a}\n{"note": "x"}`);
    expect(!objectWithoutHeadline.ok && objectWithoutHeadline.error).toContain(
      "an object without a headline (line 2, column 1)",
    );
  });
});

describe("a lost opening, resolved by elimination", () => {
  const extracted = (text: string) => {
    const got = extractArticle(text);
    if (!got.ok) throw new Error(got.error);
    return got;
  };
  const refusal = (text: string) => {
    const got = extractArticle(text);
    if (got.ok) throw new Error(`expected a refusal, got ${JSON.stringify(got.value)}`);
    return got.error;
  };
  /** The Worker's verdict on what the tool extracts: problems as "path: message", [] when valid. */
  const verdict = async (text: string) => {
    const [p] = await prepareText(text);
    if (p?.error) return [p.error];
    return (p?.problems ?? []).map((x) => `${x.path}: ${x.message}`);
  };

  it("restores the body, the only required field the rest leaves without a value", () => {
    const got = extracted(
      'The vote is on Tuesday.\nThe council meets at noon.", "headline": "Vote on Tuesday", "category": "Politics"}',
    );
    expect(got.value).toEqual({
      body: "The vote is on Tuesday.\nThe council meets at noon.",
      headline: "Vote on Tuesday",
      category: "Politics",
    });
    expect(got.notes[0]).toBe(
      'the opening {"body": " was lost; restored it: body is the only required field the rest does not give',
    );
  });

  it("restores the category, and works with single quotes", () => {
    const got = extracted("Business', 'headline': 'Rates held', 'body': 'The bank held rates.'}");
    expect(got.value).toEqual({ category: "Business", headline: "Rates held", body: "The bank held rates." });
  });

  it("warns when the restored value does not start like a sentence", () => {
    const got = extracted(
      'and the council will vote on Tuesday.\nMore follows.", "headline": "Vote", "category": "Politics"}',
    );
    expect(got.value.body).toBe("and the council will vote on Tuesday.\nMore follows.");
    expect(got.notes).toContain(
      'warning: the restored body begins "and the council will vote on Tuesday. M…", not like a sentence: its first words may be lost too; if so, add them at the start of the file and run again',
    );
    for (const start of ["«Non», dit-il.", "2026 was a year", "北京报道", '"Quoted," she said'])
      expect(
        extracted(`${start}", "headline": "H", "category": "C"}`).notes.some((n) => n.startsWith("warning")),
        start,
      ).toBe(false);
  });

  it("refuses a value that fails the only candidate's rules, and its hint works", async () => {
    const text = 'Line one.\nLine two.", "body": "The body.", "category": "Politics"}';
    const error = refusal(text);
    expect(error).toMatch(
      /"headline" is the only required field the rest does not give, but the value cannot be the headline \(it must be one line: line breaks are not allowed\): delete everything before "body" at line 2, column 13; give a "headline", and try again$/,
    );
    // Followed: the text before "body" deleted, a headline given.
    expect(await verdict(`"headline": "Council meets", ${text.slice(text.indexOf('"body"'))}`)).toEqual([]);
  });

  it("refuses when every required field is given after the value, and both hints work", async () => {
    const text = 'Lede lost here", "headline": "H", "body": "B", "category": "C"}';
    const error = refusal(text);
    expect(error).toMatch(
      /so it belongs to an optional field and which one cannot be told: add its opening at the very start, such as \{"subheadline": ", or delete everything before "headline" at line 1, column 18, and try again$/,
    );
    expect(await verdict(`{"subheadline": "${text}`)).toEqual([]);
    expect(await verdict(text.slice(17))).toEqual([]);
  });

  it("26: refuses naming both candidates, and following the hint publishes", async () => {
    const text = corpus["26-lost-opening-body.txt"] as string;
    expect(refusal(text)).toContain('the rest gives neither "headline" nor "body", so it could be either');
    // Only the opening added: the next message says exactly what is still missing.
    expect(await verdict(`{"body": "${text}`)).toEqual(["headline: is required"]);
    expect(await verdict(`{"headline": "Council to vote on housing plan", "body": "${text}`)).toEqual([]);
  });

  it("names the one possible field when the others would be missing too", () => {
    expect(refusal('Para one.\nPara two.", "category": "C"}')).toMatch(
      /the rest gives neither "headline" nor "body"; it can only be the body, but then "headline" would be missing too\. Add \{"body": " at the very start, give the rest, and try again$/,
    );
  });

  it('the old hint\'s trap: the reference input with {"headline": " added is ambiguous, not published', () => {
    expect(refusal(`{"headline": "${corpus["29-reference-lost-body-opening.txt"]}`)).toMatch(
      /^the field "headline" appears twice with different values/,
    );
  });
});
