// The request body schema that /openapi.json publishes (`ArticleInput`, generated from
// src/articles/input-schema.ts) against the validator the API runs (`validateArticle`): both must
// accept and refuse the same articles. First on a corpus (test/helpers/article-inputs.ts: the model
// outputs of test/corpus, the shipped samples, the fixtures and hostile variants of every rule), then
// on random text in every field. JSON Schema cannot say all the validator checks; each input where
// they still disagree is listed with the reason, and the test fails if that list goes stale.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateArticle } from "../src/articles/validate.ts";
import { call } from "./helpers/api.ts";
import { articleInputs } from "./helpers/article-inputs.ts";

const IDNA = "international host names follow IDNA (UTS 46), which maps some characters and refuses others";
/** Inputs the published schema judges differently from the validator, and why it cannot do better. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "body: html with nothing allowed":
    "the server sanitises HTML before it checks that text is left: a schema cannot sanitise",
  "category: compatibility character":
    "㎏ is a symbol whose compatibility decomposition is letters (kg); the slug keeps them",
  "category: trade mark sign": "™ decomposes to the letters TM, as above",
  "keywords: 30 entries, 25 after de-duplication":
    "the limit counts keywords after de-duplication ignoring case; `maxItems` counts entries",
  'publishedAt: "2200-01-01T00:00:00Z"': "the first instant of 2200 is allowed; the pattern stops at 2199",
  'publishedAt: "1970-01-01T00:30:00+01:00"': "the server applies the offset (1969 in UTC); a pattern cannot",
  'language: "de-1996-1996"': "BCP 47 refuses a repeated variant; a pattern cannot compare subtags",
  "url: host that IDNA maps": IDNA,
  "url: host that IDNA refuses": IDNA,
  "url: host ending in a number": "a host whose last label is a number must be an IPv4 address (WHATWG)",
  "url: port out of range": "a port is at most 65535: the pattern checks digits only",
};

async function publishedSchema() {
  const res = await call("/openapi.json");
  const doc = (await res.json()) as { components: { schemas: Record<string, unknown> } };
  // As a client would check a body before sending it: draft 2020-12 with the standard formats.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "https://edgewire.test/openapi.json", components: doc.components });
  return ajv.compile({ $ref: "https://edgewire.test/openapi.json#/components/schemas/ArticleInput" });
}

const verdict = async (input: unknown) => (await validateArticle(input, "en")).ok;

describe("ArticleInput in /openapi.json and validateArticle", async () => {
  const schema = await publishedSchema();
  const inputs = articleInputs();
  const verdicts = await Promise.all(
    inputs.map(async ({ name, input }) => {
      const server = await validateArticle(input, "en");
      return {
        name,
        server: server.ok
          ? "accepts"
          : `refuses: ${server.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
        published: schema(input) ? "accepts" : `refuses: ${JSON.stringify(schema.errors?.slice(0, 2))}`,
      };
    }),
  );
  const disagree = verdicts.filter(
    (v) => v.server.startsWith("accepts") !== v.published.startsWith("accepts"),
  );

  it("reads a corpus that holds valid and invalid articles of every kind", () => {
    expect(inputs.length).toBeGreaterThan(350);
    expect(inputs.filter((i) => i.name.startsWith("corpus")).length).toBeGreaterThan(20);
    const accepted = verdicts.filter((v) => v.server === "accepts").length;
    expect(accepted).toBeGreaterThan(150);
    expect(inputs.length - accepted).toBeGreaterThan(150);
  });

  it("accepts and refuses the same articles, but for the differences listed with their reason", () => {
    expect(disagree.filter((v) => !(v.name in KNOWN_DIFFERENCES))).toEqual([]);
  });

  it("lists no difference that is gone", () => {
    const now = new Set(disagree.map((v) => v.name));
    expect(Object.keys(KNOWN_DIFFERENCES).filter((name) => !now.has(name))).toEqual([]);
  });

  // Random text from characters every rule treats specially: whitespace of each kind, line breaks,
  // controls (the server drops them first), the pieces of markup, separators, astral characters,
  // lone surrogates, combining marks. Not IDNA-mapped or compatibility characters (listed above).
  const units = [..."aZ0é _-.,;:/\\?#@%+|^!<>[]CDATAhtps😀\u0301"].concat([
    "\t",
    "\n",
    "\r",
    "\u2028",
    "\u00a0",
    "\u000b",
    "\u0000",
    "\u0007",
    "\u0085",
    "\ufffe",
    "\ud800",
  ]);
  const text = fc.string({ unit: fc.constantFrom(...units), maxLength: 12 });
  const base = { headline: "H", body: "B", category: "C" };
  const fields: [string, (s: string) => unknown][] = [
    ["headline", (s) => ({ ...base, headline: s })],
    ["subheadline", (s) => ({ ...base, subheadline: s })],
    ["category", (s) => ({ ...base, category: s })],
    ["body", (s) => ({ ...base, body: s })],
    ["keywords as one string", (s) => ({ ...base, keywords: s })],
    ["a keyword", (s) => ({ ...base, keywords: [s] })],
    ["author", (s) => ({ ...base, author: s })],
    ["url", (s) => ({ ...base, url: s })],
    ["before a url", (s) => ({ ...base, url: `${s}https://example.org/a` })],
    ["url path", (s) => ({ ...base, url: `https://example.org/${s}` })],
    ["e-mail", (s) => ({ ...base, authors: [{ name: "N", email: `${s}@example.org` }] })],
    ["image type", (s) => ({ ...base, image: { url: "https://example.org/a", mimeType: `image/${s}` } })],
    ["image path", (s) => ({ ...base, image: { url: `https://example.org/${s}` } })],
    ["language", (s) => ({ ...base, language: s })],
    ["language subtags", (s) => ({ ...base, language: `en-${s}` })],
    ["publishedAt", (s) => ({ ...base, publishedAt: `2026-11-23T${s}` })],
  ];
  it.each(fields)("agrees on random text in %s", async (_, make) => {
    await fc.assert(
      fc.asyncProperty(text, async (s) => {
        const input = make(s);
        expect(schema(input), JSON.stringify(input)).toBe(await verdict(input));
      }),
      { numRuns: 1000 },
    );
  });
});
