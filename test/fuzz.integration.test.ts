// Hostile input, fuzzed with seeded property tests through the Worker's fetch: random and malformed
// JSON, wrong types, huge strings and arrays, deep nesting, lone surrogates and control characters,
// lying headers, odd query strings. Properties: never a 500; every rejection is problem+json that
// names the problem and stores nothing; every accepted article yields feeds a strict XML parser
// accepts and JSON that parses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call, send, TOKEN } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";
import { xmlProblems } from "./helpers/xml.ts";

const SEED = 7_2026;
const tally = { requests: 0, accepted: 0, rejected: 0 };

async function expectRejection(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const body = (await res.json()) as {
    status: number;
    detail: string;
    errors?: { path: string; message: string }[];
  };
  expect(body.status).toBe(res.status);
  expect(body.detail.length).toBeGreaterThan(0);
  if (res.status === 422) {
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const e of body.errors ?? []) expect(typeof e.path === "string" && e.message.length > 0).toBe(true);
  }
}

/** POSTs a body; a rejection must be a problem and leave KV exactly as it was. */
async function postAndCheck(body: string, headers: Record<string, string> = {}) {
  const before = await allKeys();
  const res = await send("POST", "/api/articles", body, TOKEN, headers);
  tally.requests++;
  expect(res.status).not.toBe(500);
  if (res.status >= 400) {
    tally.rejected++;
    await expectRejection(res);
    expect(await allKeys()).toEqual(before);
  } else {
    tally.accepted++;
    await res.body?.cancel();
  }
  return res.status;
}

// Text with what breaks naive escaping: markup characters, CDATA ends, controls, lone surrogates,
// astral characters, right-to-left text.
const hostileChar = fc.oneof(
  fc.constantFrom(
    "&",
    "<",
    ">",
    '"',
    "'",
    "]]>",
    "]]]]>",
    "\u0000",
    "\u0007",
    "\u001b",
    "\u0085",
    "\ufffe",
    "\ud800",
    "\udc00",
    "😀",
    "🏳️‍🌈",
    "𝕏",
    "مرحبا",
    "שלום",
    "\u202e",
    "\t",
    "\r\n",
  ),
  fc.string({ unit: "binary", maxLength: 3 }),
);
const hostileText = (max: number) => fc.array(hostileChar, { maxLength: max }).map((parts) => parts.join(""));

describe("fuzzed input (seeded)", () => {
  it("random JSON values as the body are answered without 500, and rejections store nothing", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await postAndCheck(JSON.stringify(value));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("malformed JSON text gets 400 with a place", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const status = await postAndCheck(text);
        if (!valid) expect(status).toBe(400);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("article-shaped objects with wrong types, huge values and deep nesting never cause a 500", {
    timeout: 120_000,
  }, async () => {
    const anything = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ minLength: 0, maxLength: 50 }),
      fc.constant("x".repeat(250_000)),
      fc.constant(Array.from({ length: 2_000 }, (_, i) => `k${i}`)),
      fc.constant(JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`)),
    );
    const articleLike = fc.record(
      {
        headline: anything,
        body: anything,
        category: anything,
        keywords: anything,
        author: anything,
        authors: anything,
        image: anything,
        publishedAt: anything,
        id: anything,
        url: anything,
        extra: anything,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(articleLike, async (a) => {
        await postAndCheck(JSON.stringify(a));
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("every accepted article with hostile text yields well-formed feeds in all three formats", {
    timeout: 180_000,
  }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          headline: hostileText(20),
          subheadline: hostileText(20),
          body: hostileText(60),
          keywords: fc.array(hostileText(6), { maxLength: 4 }),
          author: hostileText(6),
          html: fc.boolean(),
        }),
        async (a) => {
          n++;
          const category = `Fuzz ${n % 3}`;
          const article = {
            id: `fuzz-${n}`,
            headline: `H ${a.headline.replace(/[\r\n\u2028\u2029]/g, " ").replace(/</g, "‹")}`,
            subheadline: a.subheadline.replace(/[\r\n\u2028\u2029]/g, " ").replace(/</g, "‹"),
            body: `B ${a.body}`,
            bodyFormat: a.html ? "html" : "text",
            keywords: a.keywords.map((k) => k.replace(/</g, "‹")),
            author: `A ${a.author.replace(/[\r\n\u2028\u2029]/g, " ").replace(/</g, "‹")}`,
            category,
          };
          const status = await postAndCheck(JSON.stringify(article));
          if (status !== 201) return;
          const slug = category.toLowerCase().replace(" ", "-");
          for (const f of ["xml", "atom"]) {
            const xml = await (await call(`/category/${slug}/feed.${f}`)).text();
            expect(xmlProblems(xml), `${f} for ${JSON.stringify(article)}`).toEqual([]);
          }
          const json = await (await call(`/category/${slug}/feed.json`)).text();
          expect(() => JSON.parse(json)).not.toThrow();
          expect(json).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    expect(tally.accepted).toBeGreaterThan(20);
  });

  it("odd query strings on every public URL give 200 or a 400 problem, never a 500", {
    timeout: 120_000,
  }, async () => {
    const paths = ["/api/articles", "/feed.xml", "/feed.atom", "/feed.json", "/category/fuzz-1/feed.xml"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        async (path, name, value) => {
          const query = `${encodeURIComponent(name)}=${encodeURIComponent(value)}&limit=${encodeURIComponent(value)}`;
          const res = await call(`${path}?${query}`);
          tally.requests++;
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) await expectRejection(res);
          else await res.body?.cancel();
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
    for (const raw of ["%", "%zz", "%E0%A4%A", "limit=%FF", "keyword=%00", "category=%C0%AF"]) {
      const res = await call(`/feed.xml?${raw}`);
      expect([200, 400]).toContain(res.status);
    }
  });

  it("headers that lie about type or length are refused cleanly", async () => {
    await postAndCheck("not json at all", { "content-type": "application/json" });
    await postAndCheck(JSON.stringify({ headline: "x" }), { "content-type": "text/html" });
    await postAndCheck(JSON.stringify({ headline: "x" }), {
      "content-type": "application/json; charset=latin1",
    });
    await postAndCheck("{}", { "content-length": "999999999" });
    console.log(
      `fuzz: ${tally.requests} requests, ${tally.accepted} accepted, ${tally.rejected} rejected, 0 server errors, 0 partial writes`,
    );
  });
});
