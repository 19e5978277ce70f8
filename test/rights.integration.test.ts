// Rights on every item, in every format: an article's own copyright, usage terms, license, expires
// and canonical URL, or the site's defaults (SITE_COPYRIGHT, SITE_USAGE_TERMS, SITE_LICENSE,
// SITE_EXPIRES as a duration from publication); and PUBLIC_CONTENT=excerpt, where the public gets
// the summary and a link while a partner entitled to full text gets the whole body.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { article, put, settled } from "./helpers/api.ts";
import { issue } from "./helpers/partners.ts";

const SITE = {
  ...env,
  SITE_URL: "https://rights.test",
  SITE_COPYRIGHT: "© 2026 Edgewire Media",
  SITE_USAGE_TERMS: "Republish with credit.",
  SITE_LICENSE: "https://creativecommons.org/licenses/by-nd/4.0/",
  SITE_EXPIRES: "P30D",
  PUBLIC_CONTENT: "excerpt",
} as unknown as Env;

const get = (path: string, headers: Record<string, string> = {}) => settled(path, SITE, { headers });

describe("rights", () => {
  it("site defaults on every item, the article's own where it gives them, in RSS, Atom and JSON Feed", async () => {
    const publishedAt = "2026-03-01T08:00:00.000Z";
    expect((await put("rt-default", article({ category: "Rights Desk", publishedAt }))).status).toBe(201);
    expect(
      (
        await put(
          "rt-own",
          article({
            category: "Rights Desk",
            publishedAt,
            copyright: "© 2026 Wire Agency",
            usageTerms: "Not for print.",
            license: "https://example.org/license",
            expires: "2026-03-05T00:00:00Z",
            canonicalUrl: "https://wire.example/story",
          }),
        )
      ).status,
    ).toBe(201);
    const rss = await (await get("/category/rights-desk/feed.xml")).text();
    expect(rss).toContain("<copyright>© 2026 Edgewire Media</copyright>");
    expect(rss).toContain("<dc:rights>© 2026 Edgewire Media</dc:rights>");
    expect(rss).toContain("<dc:rights>© 2026 Wire Agency</dc:rights>");
    expect(rss).toContain("<dc:rights>Not for print.</dc:rights>");
    expect(rss).not.toMatch(/<item>[\s\S]*<copyright>/);
    const atom = await (await get("/category/rights-desk/feed.atom")).text();
    expect(atom).toMatch(/<rights>© 2026 Edgewire Media<\/rights>\n(?:.*\n)*?<author>/);
    expect(atom).toContain('<link rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/"/>');
    expect(atom).toContain('<link rel="license" href="https://example.org/license"/>');
    const json = (await (await get("/category/rights-desk/feed.json")).json()) as {
      items: { url: string; _rights: Record<string, string> }[];
    };
    const own = json.items.find((i) => i.url.endsWith("/rt-own"))?._rights;
    const byDefault = json.items.find((i) => i.url.endsWith("/rt-default"))?._rights;
    expect(own).toEqual({
      copyright: "© 2026 Wire Agency",
      usage_terms: "Not for print.",
      license: "https://example.org/license",
      expires: "2026-03-05T00:00:00.000Z",
      canonical_url: "https://wire.example/story",
    });
    // SITE_EXPIRES P30D from first publication.
    expect(byDefault?.expires).toBe("2026-03-31T08:00:00.000Z");
    expect(byDefault?.copyright).toBe("© 2026 Edgewire Media");
  });

  it("PUBLIC_CONTENT=excerpt: the public gets the summary and a link; a full-text partner the body", async () => {
    const body = "The whole first paragraph.\nThe second paragraph, for partners only.";
    expect((await put("rt-excerpt", article({ category: "Excerpt Desk", body }))).status).toBe(201);
    type Feed = { items: { url: string; content_html: string; summary: string }[] };
    const pub = (await (await get("/category/excerpt-desk/feed.json")).json()) as Feed;
    const item = pub.items.find((i) => i.url.endsWith("/rt-excerpt"));
    expect(item?.content_html).not.toContain("The second paragraph");
    expect(item?.content_html).toContain(item?.summary);
    expect(item?.content_html).toContain('href="https://rights.test/articles/rt-excerpt"');
    const rss = await (await get("/category/excerpt-desk/feed.xml")).text();
    expect(rss).not.toContain("The second paragraph");
    const p = await issue({ name: "Full text", content: "full" });
    const mine = (await (
      await get("/category/excerpt-desk/feed.json", { authorization: `Bearer ${p.key}` })
    ).json()) as Feed;
    expect(mine.items.find((i) => i.url.endsWith("/rt-excerpt"))?.content_html).toContain(
      "The second paragraph",
    );
  });
});
