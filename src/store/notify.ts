// Which public feeds a write changed, and telling a WebSub hub about them (W3C WebSub §7: the
// publisher notifies its hub; form-encoded `hub.mode=publish` with one `hub.url` per changed topic).
// The same list drives the purge of locally cached feeds.
import { type Article, isVisible } from "../articles/article.ts";

const FORMATS = ["xml", "atom", "json"] as const;

/** The canonical feed URLs (all articles, and the article's category, in every format) it appears in. */
export function feedUrlsOf(a: Article, siteUrl: string): string[] {
  return [
    ...FORMATS.map((f) => `${siteUrl}/feed.${f}`),
    ...FORMATS.map((f) => `${siteUrl}/category/${encodeURIComponent(a.categorySlug)}/feed.${f}`),
  ];
}

/** The versions a reader could see: before and after a change, whichever are published at `nowMs`. */
function seen(before: Article | undefined, after: Article | undefined, nowMs: number): Article[] {
  return [before, after].filter((a): a is Article => a !== undefined && isVisible(a, nowMs));
}

/** Feeds whose content a change from `before` to `after` alters, as seen at `nowMs`. */
export function changedFeeds(
  before: Article | undefined,
  after: Article | undefined,
  siteUrl: string,
  nowMs: number,
): string[] {
  return [...new Set(seen(before, after, nowMs).flatMap((a) => feedUrlsOf(a, siteUrl)))];
}

/** The HTML listing pages (front page, category pages) a change alters: purged, never pinged. */
export function changedPages(
  before: Article | undefined,
  after: Article | undefined,
  siteUrl: string,
  nowMs: number,
): string[] {
  const pages = seen(before, after, nowMs).flatMap((a) => [
    `${siteUrl}/`,
    `${siteUrl}/category/${encodeURIComponent(a.categorySlug)}`,
  ]);
  return [...new Set(pages)];
}

export interface PingTask {
  hub: string;
  urls: string[];
  attempts: number;
  due: number;
}

/** Sends one publish notification; true when the hub accepted it (any 2xx). */
export async function pingHub(task: PingTask): Promise<boolean> {
  const body = new URLSearchParams([
    ["hub.mode", "publish"],
    ...task.urls.map((u) => ["hub.url", u] as [string, string]),
  ]);
  try {
    const res = await fetch(task.hub, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Retry schedule for a hub that failed: 2 s, 4 s, … up to one hour; give up after 12 tries (about 2.3 h). */
export const PING_MAX_ATTEMPTS = 12;
export const pingBackoffMs = (attempts: number) => Math.min(3_600_000, 1_000 * 2 ** attempts);
