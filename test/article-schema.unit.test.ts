// The article contract as newsroom scripts meet it: what passes, how it is normalised, and what is
// refused with which path and message.
import { describe, expect, it } from "vitest";
import { prepare } from "../src/articles/article.ts";
import { validateArticle } from "../src/articles/validate.ts";

const base = { headline: "Harbour bridge reopens", category: "World News", body: "The bridge reopened." };

async function ok(input: Record<string, unknown>) {
  const v = await validateArticle(input, "en");
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.draft;
}
async function problems(input: unknown) {
  const v = await validateArticle(input, "en");
  if (v.ok) throw new Error("expected problems");
  return v.errors;
}

describe("article schema", () => {
  it("rejects unknown fields by name and suggests the intended one", async () => {
    expect(await problems({ ...base, catgory: "x" })).toEqual([
      { path: "catgory", message: 'unknown field "catgory" (did you mean "category"?)' },
    ]);
    expect(await problems({ ...base, image: { url: "https://img.example/a.png", atl: "x" } })).toEqual([
      { path: "image.atl", message: 'unknown field "atl" (did you mean "alt"?)' },
    ]);
  });

  it("lists every problem at once, each with its path", async () => {
    const errors = await problems({
      headline: "",
      body: 3,
      keywords: [1],
      authors: [{ name: "A", email: "nope" }],
      publishedAt: "yesterday",
    });
    expect(errors.map((e) => e.path).sort()).toEqual(
      ["authors[0].email", "body", "category", "headline", "keywords", "publishedAt"].sort(),
    );
    expect(errors.find((e) => e.path === "category")?.message).toBe("is required");
    expect(errors.find((e) => e.path === "headline")?.message).toBe("must not be empty");
  });

  it("accepts keywords as an array or as one string split on , ; and line breaks, de-duplicated ignoring case", async () => {
    expect((await ok({ ...base, keywords: "Climate; Arctic Research, sea ice\nCLIMATE" })).keywords).toEqual([
      "Climate",
      "Arctic Research",
      "sea ice",
    ]);
    expect((await ok({ ...base, keywords: "Russia Taliban Relations" })).keywords).toEqual([
      "Russia Taliban Relations",
    ]);
    expect((await ok({ ...base, keywords: ["A b", " a B ", "c", ""] })).keywords).toEqual(["A b", "c"]);
  });

  it("limits keywords to 25 of at most 100 characters", async () => {
    const many = Array.from({ length: 26 }, (_, i) => `k${i}`);
    expect(await problems({ ...base, keywords: many })).toEqual([
      { path: "keywords", message: "must hold at most 25 keywords (got 26)" },
    ]);
    expect((await problems({ ...base, keywords: ["ok", "x".repeat(101)] }))[0]?.path).toBe("keywords[1]");
  });

  it("expands the author shorthand", async () => {
    expect((await ok({ ...base, author: "Zoë Müller" })).authors).toEqual([{ name: "Zoë Müller" }]);
    expect((await problems({ ...base, author: "A", authors: [{ name: "B" }] }))[0]?.path).toBe("author");
  });

  it("refuses tag-like markup in plain-text fields but keeps a literal comparison", async () => {
    expect((await problems({ ...base, headline: "Markets <b>soar</b>" }))[0]).toEqual({
      path: "headline",
      message: 'must be plain text: tag-like markup such as <b> is not allowed (a literal "5 < 6" is fine)',
    });
    expect((await problems({ ...base, subheadline: "a <!-- b -->" }))[0]?.path).toBe("subheadline");
    expect((await ok({ ...base, headline: "Why 5 < 6 & 7 > 3 still matters" })).headline).toBe(
      "Why 5 < 6 & 7 > 3 still matters",
    );
  });

  it("measures headline length after trimming, in characters, and keeps it to one line", async () => {
    expect((await ok({ ...base, headline: `  ${"é".repeat(300)}  ` })).headline).toHaveLength(300);
    expect((await ok({ ...base, headline: "😀".repeat(300) })).headline).toBe("😀".repeat(300));
    expect((await problems({ ...base, headline: "x".repeat(301) }))[0]?.message).toBe(
      "must be at most 300 characters (got 301)",
    );
    expect((await problems({ ...base, headline: "two\nlines" }))[0]?.message).toMatch(/one line/);
  });

  it("cleans characters XML cannot carry before checking anything", async () => {
    const d = await ok({ ...base, headline: "Bell\u0007 and \ud800 lone", body: "a\u0000b" });
    expect(d.headline).toBe("Bell and \ufffd lone");
    expect(d.body).toBe("ab");
  });

  it("checks ids, URLs, dates, images and languages", async () => {
    const errors = await problems({
      ...base,
      id: "Bad_ID",
      url: "javascript:alert(1)",
      publishedAt: "2026-13-01T00:00:00Z",
      image: { url: "https://img.example/photo" },
      language: "not a tag!",
    });
    expect(Object.fromEntries(errors.map((e) => [e.path, e.message]))).toEqual({
      id: "must match ^[a-z0-9][a-z0-9-]{0,99}$ (lower-case letters, digits and dashes)",
      url: "must be an absolute http(s) URL of the article's canonical page",
      publishedAt: 'must be an RFC 3339 date-time with an offset, such as "2026-11-23T09:30:00Z"',
      "image.mimeType":
        "is required when the image URL does not end in .jpg, .jpeg, .png, .gif, .webp, .avif or .svg",
      language: 'must be a BCP 47 language tag such as "en" or "pt-BR"',
    });
    expect((await problems({ ...base, publishedAt: "2026-11-23T09:30:00" }))[0]?.path).toBe("publishedAt");
    // Found by the fuzz test: an empty URL once reached the normaliser and threw.
    expect(await problems({ ...base, url: "" })).toEqual([
      { path: "url", message: "must not be empty" },
      { path: "url", message: "must be an absolute http(s) URL of the article's canonical page" },
    ]);
  });

  it("normalises dates to UTC, image types from the extension, and language tags", async () => {
    const d = await ok({
      ...base,
      publishedAt: "2026-11-23T10:30:00+01:00",
      image: { url: "https://img.example/a/photo.JPG", alt: "A bridge" },
      language: "pt-br",
    });
    expect(d.publishedAt).toBe("2026-11-23T09:30:00.000Z");
    expect(d.image).toEqual({
      url: "https://img.example/a/photo.JPG",
      alt: "A bridge",
      mimeType: "image/jpeg",
    });
    expect(d.language).toBe("pt-BR");
    expect((await ok(base)).language).toBe("en");
  });

  it("treats null as not given for optional fields", async () => {
    expect((await ok({ ...base, subheadline: null, image: null })).subheadline).toBeUndefined();
  });

  it("derives a stable id from the headline, and a hash for non-Latin headlines", async () => {
    expect((await ok({ ...base, headline: "Straße & Café: Zürich's “new” plan!" })).id).toBe(
      "strasse-cafe-zurich-s-new-plan",
    );
    const arabic = await ok({ ...base, headline: "مرحبا بالعالم" });
    expect(arabic.id).toMatch(/^article-[0-9a-f]{12}$/);
    expect((await ok({ ...base, headline: "مرحبا بالعالم" })).id).toBe(arabic.id);
    const long = await ok({ ...base, headline: "word ".repeat(60) });
    expect(long.id.length).toBeLessThanOrEqual(100);
    expect(long.id).toMatch(/^[a-z0-9][a-z0-9-]{0,99}$/);
    expect(long.id.endsWith("-")).toBe(false);
  });

  it("names its category's feeds with a slug", async () => {
    expect((await ok({ ...base, category: "World News" })).categorySlug).toBe("world-news");
    expect((await ok({ ...base, category: "Économie & Société" })).categorySlug).toBe("economie-societe");
    expect((await problems({ ...base, category: "!!!" }))[0]?.message).toMatch(/letter or a digit/);
  });

  it("renders plain text as escaped paragraphs", async () => {
    const d = await ok({ ...base, body: "First <b>not bold</b> & more\n\n  Second line  \r\nThird" });
    expect(d.bodyHtml).toBe(
      "<p>First &lt;b&gt;not bold&lt;/b&gt; &amp; more</p>\n<p>Second line</p>\n<p>Third</p>",
    );
  });

  it("refuses an HTML body that sanitising empties", async () => {
    expect(await problems({ ...base, bodyFormat: "html", body: "<script>alert(1)</script>" })).toEqual([
      { path: "body", message: "has no text left after removing HTML that is not allowed" },
    ]);
  });

  it("refuses what is not an object", async () => {
    expect(await problems([base])).toEqual([{ path: "", message: "must be a JSON object (got an array)" }]);
  });

  it("prepare keeps a given publishedAt and leaves it out otherwise", async () => {
    const v = await validateArticle({ ...base, publishedAt: "2030-01-01T00:00:00Z" }, "en");
    expect(v.ok && v.draft.publishedAt).toBe("2030-01-01T00:00:00.000Z");
    expect(typeof prepare).toBe("function");
  });
});
