// The reference input's shape (test/corpus/29): a model's JSON answer whose `{"body":"` was lost.
// Extracted by the newsroom tool's own code, published through the API, it arrives with every field
// exactly as in the text and its twelve paragraphs as twelve paragraphs in every representation.
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { prepareText } from "../scripts/lib/prepare.ts";
import text from "./corpus/29-reference-lost-body-opening.txt?raw";
import { call, post } from "./helpers/api.ts";

const paragraphs = (html: string) => html.match(/<p>[\s\S]*?<\/p>/g) ?? [];
const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

describe("the reference input", async () => {
  const [prepared] = await prepareText(text);
  const raw = prepared?.raw as Record<string, string>;
  const res = await post(raw);
  const stored = (await res.json()) as Record<string, unknown>;
  const id = "northmere-tidal-lagoon-sends-its-first-power-to-the-grid";
  const lines = raw.body?.split("\n").filter((l) => l.trim() !== "") ?? [];

  it("publishes with every field exactly as in the text", () => {
    expect(res.status).toBe(201);
    expect(prepared?.notes[0]).toBe(
      'the opening {"body": " was lost; restored it: body is the only required field the rest does not give',
    );
    expect(lines).toHaveLength(12);
    expect(stored).toMatchObject({
      id,
      headline: "Northmere tidal lagoon sends its first power to the grid",
      subheadline:
        "Nine years after it was proposed, the 42-megawatt plant runs on the ebb tide while fishermen and biologists watch the bay",
      keywords: ["Northmere", "Tidal Energy", "Renewable Power", "Fisheries"],
      category: "Science & Environment",
      body: raw.body,
    });
    expect(String(stored.body).startsWith("The tidal lagoon off Northmere's southern breakwater")).toBe(true);
    expect(String(stored.body).endsWith('"After that," she said, "the tide does the rest."')).toBe(true);
  });

  it("arrives as twelve paragraphs in RSS, Atom, JSON Feed, the API and the article page", async () => {
    const rss = await (await call("/feed.xml")).text();
    const item = rss.slice(
      rss.lastIndexOf("<item>", rss.indexOf(id)),
      rss.indexOf("</item>", rss.indexOf(id)),
    );
    const encoded = /<content:encoded>([\s\S]*?)<\/content:encoded>/.exec(item)?.[1] ?? "";
    const atom = await (await call("/feed.atom")).text();
    const entry = atom.slice(
      atom.lastIndexOf("<entry", atom.indexOf(id)),
      atom.indexOf("</entry>", atom.indexOf(id)),
    );
    const content = /<content type="html">([\s\S]*?)<\/content>/.exec(entry)?.[1] ?? "";
    const json = (await (await call("/feed.json")).json()) as {
      items: { id: string; content_html: string }[];
    };
    const jsonItem = json.items.find((i) => i.id.endsWith(`:article/${id}`));
    const api = (await (await call(`/api/articles/${id}`)).json()) as { bodyHtml: string };
    const page = await (await call(`/articles/${id}`)).text();
    const bodies = {
      rss: paragraphs(decodeEntities(encoded)),
      atom: paragraphs(decodeEntities(content)),
      json: paragraphs(jsonItem?.content_html ?? ""),
      api: paragraphs(api.bodyHtml),
      page: paragraphs(page.slice(page.indexOf(">The tidal lagoon") - 3)),
    };
    for (const [where, ps] of Object.entries(bodies)) {
      // The page goes on after the body (its footer), the feeds' content is the body alone.
      expect(where === "page" ? ps.slice(0, 12) : ps, where).toHaveLength(12);
      expect(ps[0], where).toContain("The tidal lagoon off Northmere");
      expect(ps[11], where).toContain("the tide does the rest.");
    }
  });
});
