// The ninjs 2.1 mapping, field by field, written from the IPTC schema (ninjs-schema_2.1.json): each
// property we fill has the type and meaning the schema gives it, and nothing outside the schema's
// property names appears (its objects are `unevaluatedProperties: false`).
import { describe, expect, it } from "vitest";
import { withRights } from "../src/articles/rights.ts";
import { NINJS_STANDARD, renderNinjs } from "../src/feeds/ninjs.ts";
import { hostileArticle, makeArticle } from "./helpers/articles.ts";

const ctx = {
  siteUrl: "https://news.example.org",
  idAuthority: "news.example.org",
  siteTitle: "Edgewire",
  partial: false,
};

// The schema's top-level properties (ninjsType), and those of the objects we write.
const TOP = new Set(
  "uri type representationtype profile version firstcreated versioncreated contentcreated embargoed pubstatus urgency copyrightholder copyrightnotice usageterms ednote language descriptions bodies headlines people organisations places subjects events objects infosources title by slugline located renditions associations altids trustindicators standard genres expires rightsinfo".split(
    " ",
  ),
);
const HEADLINE = new Set(["role", "contenttype", "value"]);
const BODY = new Set(["role", "contenttype", "charcount", "wordcount", "value"]);
const SUBJECT = new Set(["name", "rel", "uri", "literal", "creator", "relevance", "confidence"]);
const RENDITION = new Set([
  "name",
  "href",
  "contenttype",
  "title",
  "height",
  "width",
  "sizeinbytes",
  "duration",
  "format",
]);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const keysIn = (o: object, allowed: Set<string>) => Object.keys(o).filter((k) => !allowed.has(k));

describe("ninjs 2.1", () => {
  const a = withRights(
    makeArticle({
      copyright: "© 2026 Edgewire Media",
      usageTerms: "Republish in full with credit; no edits to the headline.",
      license: "https://creativecommons.org/licenses/by-nd/4.0/",
      expires: "2026-04-01T00:00:00.000Z",
      canonicalUrl: "https://www.example.com/original/bridge",
      image: {
        url: "https://cdn.example.org/img/bridge.webp",
        alt: "The bridge at dawn",
        caption: "Traffic returns",
        credit: "Jo Lens",
        mimeType: "image/webp",
        width: 1200,
        height: 800,
        length: 48_213,
      },
    }),
    {},
  );
  const n = renderNinjs(a, ctx) as Record<string, unknown> & ReturnType<typeof renderNinjs>;

  it("uses only the schema's property names", () => {
    expect(keysIn(n, TOP)).toEqual([]);
    for (const h of n.headlines) expect(keysIn(h, HEADLINE)).toEqual([]);
    for (const b of n.bodies) expect(keysIn(b, BODY)).toEqual([]);
    for (const s of n.subjects) expect(keysIn(s, SUBJECT)).toEqual([]);
    const pic = n.associations?.[0];
    expect(pic && keysIn(pic, new Set([...TOP, "name"]))).toEqual([]);
    for (const r of pic?.renditions ?? []) expect(keysIn(r, RENDITION)).toEqual([]);
  });

  it("uri: the item's stable id, a URI; standard: ninjs 2.1", () => {
    expect(n.uri).toMatch(/^tag:news\.example\.org,2026-03-01:article\/harbour-bridge-reopens$/);
    expect(n.standard).toEqual(NINJS_STANDARD);
    expect(n.standard.version).toBe("2.1");
  });

  it("type text, representationtype full (partial for excerpt audiences)", () => {
    expect(n.type).toBe("text");
    expect(n.representationtype).toBe("full");
    expect(renderNinjs(a, { ...ctx, partial: true }).representationtype).toBe("partial");
  });

  it("firstcreated and versioncreated are date-times: first publication and the last change readers see", () => {
    expect(n.firstcreated).toBe("2026-03-01T08:30:00.000Z");
    expect(n.versioncreated).toBe("2026-03-01T09:15:00.000Z");
    expect(n.firstcreated).toMatch(RFC3339);
  });

  it("pubstatus is usable by default, and one of the schema's three values", () => {
    expect(n.pubstatus).toBe("usable");
    expect(renderNinjs(a, ctx, "canceled").pubstatus).toBe("canceled");
    expect(renderNinjs(a, ctx, "withheld").pubstatus).toBe("withheld");
  });

  it("headlines: main and sub, as plain text", () => {
    expect(n.headlines).toEqual([
      { role: "main", contenttype: "text/plain", value: "Harbour bridge reopens after repairs" },
      {
        role: "sub",
        contenttype: "text/plain",
        value: "Commuters return to the crossing after six weeks of work",
      },
    ]);
    const noSub = renderNinjs({ ...a, subheadline: undefined }, ctx);
    expect(noSub.headlines).toHaveLength(1);
  });

  it("bodies: the HTML body with its character and word counts; descriptions: the summary", () => {
    expect(n.bodies).toHaveLength(1);
    const [body] = n.bodies;
    expect(body?.role).toBe("main");
    expect(body?.contenttype).toBe("text/html");
    expect(body?.value).toBe(a.bodyHtml);
    expect(body?.wordcount).toBe(11);
    expect(body?.charcount).toBeGreaterThan(50);
    expect(n.descriptions).toEqual([
      {
        role: "summary",
        contenttype: "text/plain",
        value: "Commuters return to the crossing after six weeks of work",
      },
    ]);
  });

  it("subjects: the category (with its URI) and each keyword", () => {
    expect(n.subjects).toEqual([
      { name: "World News", rel: "category", uri: "https://news.example.org/category/world-news" },
      { name: "Harbour Bridge", rel: "keyword", literal: "Harbour Bridge" },
      { name: "Public Transport", rel: "keyword", literal: "Public Transport" },
    ]);
  });

  it("by: the authors' names; language: the BCP 47 tag", () => {
    expect(n.by).toBe("Zoë Müller");
    expect(renderNinjs({ ...a, authors: [{ name: "A" }, { name: "B" }] }, ctx).by).toBe("A, B");
    expect("by" in renderNinjs({ ...a, authors: [] }, ctx)).toBe(false);
    expect(n.language).toBe("en");
  });

  it("rights: copyrightnotice, usageterms, rightsinfo.linkedrights, expires; the holder only for the site's own notice", () => {
    expect(n.copyrightnotice).toBe("© 2026 Edgewire Media");
    expect(n.usageterms).toBe("Republish in full with credit; no edits to the headline.");
    expect(n.rightsinfo).toEqual({ linkedrights: "https://creativecommons.org/licenses/by-nd/4.0/" });
    expect(n.expires).toBe("2026-04-01T00:00:00.000Z");
    // Another notice than the site's names a holder we do not know.
    expect("copyrightholder" in n).toBe(false);
    const own = renderNinjs(a, { ...ctx, siteCopyright: "© 2026 Edgewire Media" });
    expect(own.copyrightholder).toBe("Edgewire");
    const none = renderNinjs(makeArticle(), ctx);
    expect(none.copyrightholder).toBe("Edgewire");
    expect(
      "copyrightnotice" in none || "usageterms" in none || "rightsinfo" in none || "expires" in none,
    ).toBe(false);
  });

  it("version: the article's version as a string; ednote only for an audience that may read it", () => {
    const v = renderNinjs({ ...a, version: 3, ednote: "Hold the second paragraph for legal." }, ctx);
    expect(v.version).toBe("3");
    expect("ednote" in v).toBe(false);
    const partner = renderNinjs(
      { ...a, version: 3, ednote: "Hold the second paragraph for legal." },
      { ...ctx, ednote: true },
    );
    expect(partner.ednote).toBe("Hold the second paragraph for legal.");
  });

  it("embargoed: only on an article still under embargo in a preview", () => {
    expect("embargoed" in n).toBe(false);
    const e = renderNinjs({ ...a, embargoed: "2026-05-01T06:00:00.000Z" }, ctx);
    expect(e.embargoed).toBe("2026-05-01T06:00:00.000Z");
  });

  it("altids: our id, the article's page and the canonical original", () => {
    expect(n.altids).toEqual([
      { role: "id", value: "harbour-bridge-reopens" },
      { role: "url", value: "https://news.example.org/articles/harbour-bridge-reopens" },
      { role: "canonical", value: "https://www.example.com/original/bridge" },
    ]);
  });

  it("the lead image: an association of type picture with its own renditions", () => {
    expect(n.associations).toEqual([
      {
        name: "leadimage",
        uri: "https://cdn.example.org/img/bridge.webp",
        type: "picture",
        by: "Jo Lens",
        descriptions: [
          { role: "caption", contenttype: "text/plain", value: "Traffic returns" },
          { role: "alt", contenttype: "text/plain", value: "The bridge at dawn" },
        ],
        renditions: [
          {
            name: "original",
            href: "https://cdn.example.org/img/bridge.webp",
            contenttype: "image/webp",
            width: 1200,
            height: 800,
            sizeinbytes: 48_213,
          },
        ],
      },
    ]);
    expect("associations" in renderNinjs({ ...a, image: undefined }, ctx)).toBe(false);
  });

  it("hostile text comes out as JSON that parses to the same text, without lone surrogates", () => {
    const h = renderNinjs(hostileArticle(), ctx);
    const round = JSON.parse(JSON.stringify(h)) as typeof h;
    expect(round.headlines[0]?.value).toBe(h.headlines[0]?.value);
    expect(JSON.stringify(h)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\udc)/i);
  });
});
