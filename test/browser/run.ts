#!/usr/bin/env node
/// <reference types="node" />
// Browser test: what a person sees. Starts the Worker with `wrangler dev` on a free local port and a
// throwaway store, publishes the sample articles (articles/*.json) through the API, then drives
// Debian's Chromium with playwright-core: the front page lists them, a click reaches an article, the
// category and feed links work, autodiscovery is there, the console stays clean and no request leaves
// 127.0.0.1 (article images, which live on newsrooms' servers, are answered locally by a
// placeholder). Screenshots go to test-results/screenshots/. Prints "browser: N passed, N failed".
//
//   node test/browser/run.ts            (CHROMIUM=/path/to/chromium to use another build)
//
// Without Chromium it skips (exit 0), unless CI is set: then it fails.
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { HOST, type LocalWorker, startWorker, stopWorker } from "../../scripts/lib/local-worker.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SHOTS = join(ROOT, "test-results", "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Counts for .ci/run, which adds them to vitest's: test-results/browser.json. */
function report(passed: number, failed: number, skipped = 0) {
  mkdirSync(join(ROOT, "test-results"), { recursive: true });
  writeFileSync(join(ROOT, "test-results", "browser.json"), JSON.stringify({ passed, failed, skipped }));
  console.log(`browser: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}

if (!existsSync(CHROMIUM)) {
  if (process.env.CI) {
    console.error(`browser: Chromium not found at ${CHROMIUM} (install Debian's "chromium")`);
    report(0, 1);
    process.exit(1);
  }
  console.log(`browser: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  report(0, 0, 1);
  process.exit(0);
}

interface SampleArticle {
  id: string;
  headline: string;
  category: string;
  publishedAt?: string;
  image?: { url: string };
}

const results: { name: string; error?: string }[] = [];
async function check(name: string, fn: () => Promise<void>) {
  try {
    await fn();
    results.push({ name });
    console.log(`  ✓ ${name}`);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    results.push({ name, error });
    console.log(`  ✗ ${name}\n      ${error.replace(/\n/g, "\n      ")}`);
  }
}

function assert(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

function samples(): SampleArticle[] {
  const dir = join(ROOT, "articles");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as SampleArticle);
}

async function seed(base: string, token: string, list: SampleArticle[]) {
  for (const a of list) {
    const res = await fetch(`${base}/api/articles`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(a),
    });
    const text = await res.text();
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`publishing ${a.id} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

/** A calm grey picture with the words "image placeholder", served for every article image. */
function placeholder(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800"><rect width="1200" height="800" fill="#d9d4ca"/><path d="M0 620 L300 420 L520 560 L760 360 L1200 640 L1200 800 L0 800 Z" fill="#bfb8ab"/><circle cx="930" cy="220" r="70" fill="#e9e4da"/><text x="600" y="420" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#6b655b">image placeholder</text></svg>`;
}

interface Watch {
  problems: string[];
  external: string[];
}

/** Records console errors, page errors and failed requests; answers article images locally. */
async function watch(context: BrowserContext, images: Set<string>): Promise<Watch> {
  const w: Watch = { problems: [], external: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    const host = new URL(url).hostname;
    if (host === HOST) return route.continue();
    if (images.has(url))
      return route.fulfill({ status: 200, contentType: "image/svg+xml", body: placeholder() });
    w.external.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("page", (p) => attach(p, w));
  return w;
}

function attach(page: Page, w: Watch) {
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") w.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => w.problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    if (!w.external.includes(r.url()))
      w.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) w.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

async function run(base: string, list: SampleArticle[]) {
  const visible = list.filter((a) => !a.publishedAt || Date.parse(a.publishedAt) <= Date.now());
  const embargoed = list.filter((a) => !visible.includes(a));
  const images = new Set(list.flatMap((a) => (a.image ? [a.image.url] : [])));
  const slugOf = (name: string) =>
    name
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  const categories = [...new Set(visible.map((a) => a.category))];

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-default-apps",
      "--disable-features=Translate,OptimizationHints,MediaRouter",
    ],
  });
  try {
    const desktop = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: "light",
    });
    const w = await watch(desktop, images);
    const page = await desktop.newPage();
    attach(page, w);
    mkdirSync(SHOTS, { recursive: true });

    let articleUrl = "";
    let articleId = "";

    await check(
      "the front page lists the sample articles, newest first, and none under embargo",
      async () => {
        const res = await page.goto(`${base}/`, { waitUntil: "load" });
        assert(res?.status() === 200, `front page answered ${res?.status()}`);
        const shown = (await page.locator("main .story h2 a").allTextContents()).map((s) => s.trim());
        const expected = [...visible]
          .sort((a, b) => Date.parse(b.publishedAt ?? "") - Date.parse(a.publishedAt ?? ""))
          .map((a) => a.headline.trim());
        assert(
          JSON.stringify(shown) === JSON.stringify(expected),
          `headlines differ:\n  shown    ${JSON.stringify(shown)}\n  expected ${JSON.stringify(expected)}`,
        );
        for (const a of embargoed)
          assert(!shown.includes(a.headline.trim()), `embargoed "${a.headline}" is shown`);
        assert((await page.locator("h1").count()) === 1, "the page has not exactly one h1");
        assert((await page.getAttribute("html", "lang")) === "en", "html has no lang");
        await page.screenshot({ path: join(SHOTS, "front.png"), fullPage: false });
        await page.screenshot({ path: join(SHOTS, "front-full.png"), fullPage: true });
      },
    );

    await check(
      "autodiscovery links for every feed (site and each category, RSS, Atom, JSON Feed) answer 200 with their type",
      async () => {
        const links = await page
          .locator('head link[rel="alternate"]')
          .evaluateAll((els) =>
            els.map((e) => ({ type: e.getAttribute("type"), href: (e as unknown as { href: string }).href })),
          );
        const want = ["", ...categories.map((c) => `/category/${slugOf(c)}`)].flatMap((p) => [
          ["application/rss+xml", `${base}${p}/feed.xml`],
          ["application/atom+xml", `${base}${p}/feed.atom`],
          ["application/feed+json", `${base}${p}/feed.json`],
        ]);
        for (const [type, href] of want)
          assert(
            links.some((l) => l.type === type && l.href === href),
            `no <link rel="alternate" type="${type}" href="${href}">`,
          );
        assert(
          links.some((l) => l.type === "text/x-opml"),
          "no OPML link",
        );
        for (const l of links) {
          const res = await page.request.get(l.href);
          assert(res.status() === 200, `${l.href} answered ${res.status()}`);
          const type = res.headers()["content-type"] ?? "";
          assert(type.startsWith(l.type ?? "?"), `${l.href} is ${type}, not ${l.type}`);
          if (l.type === "application/feed+json") {
            const feed = (await res.json()) as { items: unknown[] };
            assert(Array.isArray(feed.items) && feed.items.length > 0, `${l.href} has no items`);
          }
        }
      },
    );

    await check("the subscribe links on the page work", async () => {
      const hrefs = await page
        .locator("#feeds ~ ul a[type]")
        .evaluateAll((els) => els.map((e) => (e as unknown as { href: string }).href));
      assert(
        hrefs.length === (categories.length + 1) * 3,
        `expected ${(categories.length + 1) * 3} subscribe links, found ${hrefs.length}`,
      );
      for (const href of [...hrefs, `${base}/feeds.opml`]) {
        const res = await page.request.get(href);
        assert(res.status() === 200, `${href} answered ${res.status()}`);
      }
    });

    await check(
      "a click on the first headline reaches its article page: headline, body, image alt, category link",
      async () => {
        await page.goto(`${base}/`);
        const first = page.locator("main .story h2 a").first();
        const headline = (await first.textContent())?.trim() ?? "";
        await Promise.all([page.waitForURL(/\/articles\/[a-z0-9-]+$/), first.click()]);
        articleUrl = page.url();
        articleId = articleUrl.split("/").at(-1) ?? "";
        const sample = list.find((a) => a.id === articleId);
        assert(sample, `reached ${articleUrl}, which is no sample article`);
        assert(
          (await page.locator("h1").textContent())?.trim() === headline,
          "h1 is not the headline clicked",
        );
        const paragraphs = await page.locator("article .body p").count();
        assert(paragraphs > 0, "the article has no body paragraphs");
        const imgs = await page.locator("article img").evaluateAll((els) =>
          els.map((e) => ({
            alt: e.getAttribute("alt"),
            ok: (e as unknown as { naturalWidth: number }).naturalWidth > 0,
          })),
        );
        for (const i of imgs) assert(i.alt !== null, "an image has no alt attribute");
        assert(
          imgs.every((i) => i.ok),
          "an image did not load",
        );
        const cat = page.locator(`article header a[href$="/category/${slugOf(sample.category)}"]`);
        assert((await cat.count()) === 1, `no link to the category ${sample.category}`);
        assert(
          (await page.locator('head link[rel="alternate"][type="application/rss+xml"]').count()) >= 2,
          "the article page advertises no feeds",
        );
        await page.screenshot({ path: join(SHOTS, "article.png"), fullPage: false });
        const pictured = list.find((a) => a.image && visible.includes(a));
        if (pictured) {
          await page.goto(`${base}/articles/${pictured.id}`);
          const loaded = await page
            .locator("article img")
            .evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth > 0);
          assert(loaded, "the article image did not load");
          await page.screenshot({ path: join(SHOTS, "article-image.png"), fullPage: false });
        }
      },
    );

    await check("the category link leads to the category's page, which lists the article", async () => {
      await page.goto(articleUrl);
      const cat = page.locator("article header .meta a").first();
      const name = (await cat.textContent())?.trim() ?? "";
      await Promise.all([page.waitForURL(/\/category\/[a-z0-9-]+$/), cat.click()]);
      assert(
        (await page.locator("h1").textContent())?.trim() === name,
        "the category page is not titled with its name",
      );
      const ids = await page
        .locator("main .story h2 a")
        .evaluateAll((els) => els.map((e) => (e as unknown as { pathname: string }).pathname));
      assert(ids.includes(`/articles/${articleId}`), "the category page does not list the article");
      const rss = await page
        .locator('head link[rel="alternate"][type="application/rss+xml"]')
        .first()
        .getAttribute("href");
      assert(rss === `${base}${new URL(page.url()).pathname}/feed.xml`, `first RSS link is ${rss}`);
    });

    await check("a keyword link and the API reference page render", async () => {
      await page.goto(articleUrl);
      const tag = page.locator(".tags a").first();
      if ((await tag.count()) > 0) {
        await Promise.all([page.waitForURL(/\?keyword=/), tag.click()]);
        assert((await page.locator("main .story").count()) > 0, "the keyword page lists nothing");
      }
      const res = await page.goto(`${base}/docs`);
      assert(res?.status() === 200, `/docs answered ${res?.status()}`);
      assert((await page.locator("section.op").count()) >= 15, "the reference lists too few operations");
      await page.goto(`${base}/docs#createArticle`);
      await page.screenshot({ path: join(SHOTS, "docs.png"), fullPage: false });
    });

    await check("phone width: no horizontal scrolling, screenshots", async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const pw = await watch(phone, images);
      const p = await phone.newPage();
      attach(p, pw);
      for (const [path, shot] of [
        ["/", "front-phone.png"],
        [new URL(articleUrl).pathname, "article-phone.png"],
      ] as const) {
        await p.goto(`${base}${path}`);
        const overflow = await p.evaluate(() => {
          // Runs in the page (no DOM types in this project's tsconfig).
          const g = globalThis as unknown as {
            innerWidth: number;
            document: { documentElement: { scrollWidth: number } };
          };
          return g.document.documentElement.scrollWidth - g.innerWidth;
        });
        assert(overflow <= 0, `${path} scrolls sideways by ${overflow}px on a phone`);
        await p.screenshot({ path: join(SHOTS, shot) });
      }
      const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
      const dw = await watch(dark, images);
      const d = await dark.newPage();
      attach(d, dw);
      await d.goto(articleUrl);
      await d.screenshot({ path: join(SHOTS, "article-dark.png") });
      w.problems.push(...pw.problems, ...dw.problems);
      w.external.push(...pw.external, ...dw.external);
      await phone.close();
      await dark.close();
    });

    await check("nothing errors in the console, no request fails, none leaves 127.0.0.1", async () => {
      assert(w.problems.length === 0, `problems:\n${[...new Set(w.problems)].join("\n")}`);
      assert(w.external.length === 0, `requests beyond ${HOST}:\n${[...new Set(w.external)].join("\n")}`);
    });
  } finally {
    await browser.close();
  }
}

const stateDir = mkdtempSync(join(tmpdir(), "edgewire-browser-"));
const token = randomBytes(18).toString("hex");
let worker: LocalWorker | undefined;
const cleanup = async () => {
  if (worker) await stopWorker(worker.child);
  rmSync(stateDir, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    void cleanup().then(() => process.exit(130));
  });

let setupError: string | undefined;
try {
  const args = ["--persist-to", stateDir, "--var", `PUBLISH_TOKENS:${token}`, "--var", "SITE_URL:"];
  worker = await startWorker("edgewire", ROOT, args, "/api/articles?limit=1");
  const list = samples();
  await seed(worker.base, token, list);
  console.log(`browser: ${list.length} sample articles published to ${worker.base}`);
  await run(worker.base, list);
} catch (err) {
  setupError = err instanceof Error ? (err.stack ?? err.message) : String(err);
} finally {
  await cleanup();
}

if (setupError) {
  console.error(
    `browser: setup failed: ${setupError}\n--- wrangler output ---\n${worker?.log().slice(-4000) ?? ""}`,
  );
  results.push({ name: "setup", error: setupError });
}
const failed = results.filter((r) => r.error).length;
console.log(`screenshots: ${SHOTS}`);
report(results.length - failed, failed);
process.exit(failed > 0 ? 1 : 0);
