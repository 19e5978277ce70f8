// The HTML pages as a person (and a feed reader's autodiscovery) meets them: the front page with the
// latest articles and every feed, category and keyword pages, one page per article with its image,
// body and links, 404 / 410, secure headers with a CSP that admits only the inline stylesheet, and
// no URL that points anywhere but this site, except the articles' own links and images.
import { describe, expect, it } from "vitest";
import { STYLE } from "../src/pages/style.ts";
import { article, call, del, ORIGIN, put } from "./helpers/api.ts";
import { seedDirect, storedArticle } from "./helpers/kv.ts";

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Every `<tag ...>` of a kind, with its attributes decoded. */
function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}(\\s[^>]*)?>`, "g"))].map((m) =>
    Object.fromEntries(
      [...(m[1] ?? "").matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2] ?? "")]),
    ),
  );
}

const alternates = (html: string) =>
  tags(html, "link")
    .filter((l) => l.rel === "alternate")
    .map((l) => `${l.type} ${l.href}`);

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await call(path, { headers });
  return { res, html: await res.text() };
}

async function sha256Base64(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...d));
}

const HOSTILE = `Ports & harbours: 5 < 6 "quoted" it's <3`;
const IMAGE = {
  url: "https://images.news.example/harbour.jpg",
  alt: "Cranes over the harbour at dusk",
  width: 1200,
  height: 800,
};
const FUTURE = new Date(Date.now() + 86_400_000).toISOString();

describe("HTML pages", async () => {
  // Everything is stored before the first page is asked for: listing pages are cached for a while.
  for (const res of await Promise.all([
    put(
      "pg-harbour",
      article({
        headline: HOSTILE,
        subheadline: "Subheadline & more",
        category: "Page Desk",
        keywords: ["Harbour Bridge", "Ports"],
        author: null,
        authors: [{ name: "Zoë Müller", url: "https://people.news.example/zoe" }, "Ana Lima"],
        image: IMAGE,
        url: "https://news.example/2026/harbour",
        bodyFormat: "html",
        body: '<p>Opening <strong>strong</strong> words.</p><p>More <a href="https://elsewhere.example/x">here</a>.</p><script>alert(1)</script>',
        publishedAt: "2026-11-20T10:00:00Z",
      }),
    ),
    put(
      "pg-festival",
      article({
        headline: "Le festival couronne un premier film",
        category: "Page Culture",
        keywords: ["Cinéma"],
        language: "fr",
        body: "Premier paragraphe.\nSecond paragraphe.",
        publishedAt: "2026-11-21T10:00:00Z",
      }),
    ),
    put(
      "pg-embargoed",
      article({ headline: "Embargoed page story", category: "Page Desk", publishedAt: FUTURE }),
    ),
    put(
      "pg-gone",
      article({ headline: "Story to take down", category: "Page Desk", publishedAt: "2026-11-19T10:00:00Z" }),
    ),
    put(
      "pg-archive-0",
      article({ headline: "Archive story 0", category: "Page Archive", publishedAt: "2025-01-01T00:00:00Z" }),
    ),
  ]))
    expect([200, 201]).toContain(res.status);
  expect((await del("pg-gone")).status).toBe(204);
  await seedDirect(
    Array.from({ length: 24 }, (_, i) =>
      storedArticle(i + 1, {
        id: `pg-archive-${i + 1}`,
        category: "Page Archive",
        categorySlug: "page-archive",
      }),
    ),
  );

  it("the front page lists the latest articles, escaped, linking to their pages", async () => {
    const { res, html } = await page("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Ports &amp; harbours: 5 &lt; 6 &quot;quoted&quot; it&#39;s &lt;3");
    expect(html).not.toContain(HOSTILE);
    const links = tags(html, "a").map((a) => a.href);
    expect(links).toContain(`${ORIGIN}/articles/pg-harbour`);
    expect(links).toContain(`${ORIGIN}/articles/pg-festival`);
    expect(html).not.toContain("Embargoed page story");
    expect(html).not.toContain("Story to take down");
    // The French headline is marked as French inside the English page.
    expect(html).toMatch(/<li class="story" lang="fr">/);
  });

  it("the front page advertises every feed (all and each category, three formats) and the OPML list", async () => {
    const { html } = await page("/");
    const alt = alternates(html);
    for (const base of ["", "/category/page-desk", "/category/page-culture", "/category/page-archive"]) {
      expect(alt).toContain(`application/rss+xml ${ORIGIN}${base}/feed.xml`);
      expect(alt).toContain(`application/atom+xml ${ORIGIN}${base}/feed.atom`);
      expect(alt).toContain(`application/feed+json ${ORIGIN}${base}/feed.json`);
    }
    expect(alt).toContain(`text/x-opml ${ORIGIN}/feeds.opml`);
    // The site-wide RSS feed comes first: browsers and readers pick the first.
    expect(alt[0]).toBe(`application/rss+xml ${ORIGIN}/feed.xml`);
    const titles = tags(html, "link")
      .filter((l) => l.rel === "alternate")
      .map((l) => l.title);
    expect(titles).toContain("Edgewire: Page Desk (Atom)");
    // Subscribe links in the page itself, one per feed and format.
    const hrefs = tags(html, "a").map((a) => a.href);
    expect(hrefs).toContain(`${ORIGIN}/category/page-culture/feed.json`);
    expect(hrefs).toContain(`${ORIGIN}/feeds.opml`);
  });

  it("every advertised feed answers with its own content type", async () => {
    const { html } = await page("/");
    for (const l of tags(html, "link").filter((x) => x.rel === "alternate")) {
      const res = await call((l.href as string).replace(ORIGIN, ""));
      expect(res.status, l.href).toBe(200);
      expect(res.headers.get("content-type")).toContain(l.type as string);
      await res.body?.cancel();
    }
  });

  it("pages are landmarks and headings a screen reader can walk, with a skip link", async () => {
    const { html } = await page("/");
    expect(html).toContain('<a class="skip" href="#content">');
    for (const landmark of ["<header", "<nav", '<main id="content"', "<footer"])
      expect(html).toContain(landmark);
    expect(html.match(/<h1[ >]/g)?.length).toBe(1);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toMatch(
      /<time datetime="2026-11-20T10:00:00.000Z">20 November 2026 at 10:00 UTC<\/time>|<time datetime="2026-11-20T10:00:00.000Z">20 November 2026, 10:00 UTC<\/time>/,
    );
  });

  it("answers with secure headers and a CSP that admits only the inline stylesheet, by its hash", async () => {
    const { res, html } = await page("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${await sha256Base64(STYLE)}'`);
    expect(csp).toContain("img-src https: data:");
    expect(csp).not.toContain("script-src");
    expect(csp).not.toContain("unsafe-inline");
    // The stylesheet reaches the page byte for byte (no escaping), or the hash would not match.
    expect(html).toContain(`<style>${STYLE}</style>`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=60/);
    // No script, external stylesheet or font anywhere.
    expect(html).not.toMatch(/<script|<link[^>]+rel="stylesheet"|@import|@font-face/);
  });

  it("a conditional GET of an unchanged page is a 304", async () => {
    const first = await call("/");
    await first.body?.cancel();
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"/);
    const again = await call("/", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("a category page lists only its category and advertises its feeds", async () => {
    const { res, html } = await page("/category/page-desk");
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>Page Desk</h1>");
    expect(html).toContain("Ports &amp; harbours");
    expect(html).not.toContain("Le festival couronne");
    const alt = alternates(html);
    expect(alt.slice(0, 3)).toEqual([
      `application/rss+xml ${ORIGIN}/category/page-desk/feed.xml`,
      `application/atom+xml ${ORIGIN}/category/page-desk/feed.atom`,
      `application/feed+json ${ORIGIN}/category/page-desk/feed.json`,
    ]);
    expect(alt).not.toContain(`application/rss+xml ${ORIGIN}/category/page-culture/feed.xml`);
    expect(html).toMatch(/<a href="[^"]+\/category\/page-desk" aria-current="page">/);
  });

  it("a long category pages on with an 'Older articles' link that reaches the rest", async () => {
    const first = await page("/category/page-archive");
    const storiesOn = (html: string) =>
      [...html.matchAll(/href="[^"]*\/articles\/(pg-archive-\d+)"/g)].map((m) => m[1]);
    expect(storiesOn(first.html)).toHaveLength(20);
    const next = tags(first.html, "a").find((a) => a.rel === "next")?.href as string;
    expect(next).toMatch(/^https:\/\/edgewire\.test\/category\/page-archive\?cursor=/);
    expect(tags(first.html, "link").find((l) => l.rel === "next")?.href).toBe(next);
    const second = await page(next.replace(ORIGIN, ""));
    const all = [...storiesOn(first.html), ...storiesOn(second.html)];
    expect(new Set(all).size).toBe(25);
    expect(tags(second.html, "a").find((a) => a.rel === "next")).toBeUndefined();
  });

  it("an unknown category is a 404 page, and a bad cursor a 400 page", async () => {
    const missing = await page("/category/no-such-desk");
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(missing.html).toContain("No such section");
    const bad = await page("/category/page-desk?cursor=nonsense");
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("cursor: ");
  });

  it("a keyword page lists the articles with that keyword and advertises its filtered feeds", async () => {
    const { res, html } = await page("/?keyword=harbour%20bridge&utm_source=newsletter");
    expect(res.status).toBe(200);
    expect(html).toContain("Articles about “harbour bridge”");
    expect(html).toContain("Ports &amp; harbours");
    expect(html).not.toContain("Le festival");
    expect(alternates(html)[0]).toBe(`application/rss+xml ${ORIGIN}/feed.xml?keyword=harbour+bridge`);
  });

  it("an article page shows headline, subheadline, authors, dates, image with alt text, body and links", async () => {
    const { res, html } = await page("/articles/pg-harbour");
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>Ports &amp; harbours: 5 &lt; 6 &quot;quoted&quot; it&#39;s &lt;3</h1>");
    expect(html).toContain("<title>Ports &amp; harbours");
    expect(html).toContain("Subheadline &amp; more");
    expect(html).toContain('By <a href="https://people.news.example/zoe">Zoë Müller</a> and Ana Lima');
    expect(html).toContain('<time datetime="2026-11-20T10:00:00.000Z">');
    const img = tags(html, "img")[0];
    expect(img).toMatchObject({ src: IMAGE.url, alt: IMAGE.alt, width: "1200", height: "800" });
    // The sanitised body is HTML; what the sanitiser removed stays removed.
    expect(html).toContain("<strong>strong</strong>");
    expect(html).not.toContain("<script");
    const hrefs = tags(html, "a").map((a) => a.href);
    expect(hrefs).toContain(`${ORIGIN}/category/page-desk`);
    expect(hrefs).toContain(`${ORIGIN}/?keyword=Harbour+Bridge`);
    expect(hrefs).toContain("https://news.example/2026/harbour");
    expect(tags(html, "link").find((l) => l.rel === "canonical")?.href).toBe(
      "https://news.example/2026/harbour",
    );
    expect(alternates(html)).toContain(`application/atom+xml ${ORIGIN}/category/page-desk/feed.atom`);
    expect(res.headers.get("content-security-policy")).toContain("img-src https: data:");
  });

  it("an article page is in the article's language, with the site's labels marked as such", async () => {
    const { html } = await page("/articles/pg-festival");
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<header class="masthead" lang="en">');
    expect(html).toContain("<p>Premier paragraphe.</p>");
    expect(tags(html, "link").find((l) => l.rel === "canonical")?.href).toBe(
      `${ORIGIN}/articles/pg-festival`,
    );
  });

  it("points nowhere but this site, except the articles' own links and images", async () => {
    const allowed = new Set([
      IMAGE.url,
      "https://news.example/2026/harbour",
      "https://people.news.example/zoe",
      "https://elsewhere.example/x",
    ]);
    for (const path of [
      "/",
      "/category/page-desk",
      "/articles/pg-harbour",
      "/articles/pg-festival",
      "/docs",
    ]) {
      const { html } = await page(path);
      const urls = [...html.matchAll(/\s(?:href|src|action|srcset|poster)="([^"]*)"/g)].map((m) =>
        decode(m[1] ?? ""),
      );
      for (const u of urls) {
        if (u.startsWith("#") || u === "data:,") continue;
        const external = !u.startsWith(`${ORIGIN}/`);
        if (external) expect(allowed.has(u), `${path} links to ${u}`).toBe(true);
      }
      expect(html).not.toMatch(/url\(/);
    }
  });

  it("an unknown id and an embargoed article are 404 pages; a taken-down one is a 410 page", async () => {
    for (const [path, status, text] of [
      ["/articles/no-such-article", 404, "Article not found"],
      ["/articles/pg-embargoed", 404, "Article not found"],
      ["/articles/Not_An_Id", 404, "Article not found"],
      ["/articles/pg-gone", 410, "taken down"],
    ] as const) {
      const { res, html } = await page(path, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(html).toContain(text);
      expect(html).not.toContain("Embargoed page story");
    }
  });

  it("a client that prefers JSON gets 404 and 410 as problem+json", async () => {
    for (const [path, status] of [
      ["/articles/no-such-article", 404],
      ["/articles/pg-gone", 410],
    ] as const) {
      const res = await call(path, { headers: { accept: "application/json" } });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { status: number }).status).toBe(status);
    }
  });

  it("HEAD answers like GET without a body", async () => {
    const res = await call("/articles/pg-harbour", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toBe("");
  });
});
