// What every feed renderer takes besides the articles: the channel (title, URLs, dates, author,
// icon), and the rules all formats share: one stable id per article (RFC 4151 tag: URI) and per
// feed, the article's link, and URLs made valid URIs.
import type { Article } from "../articles/article.ts";
import { absolute, paths } from "../urls.ts";

export interface FeedChannel {
  /** e.g. "Edgewire" or "Edgewire: World News". */
  title: string;
  /** May be empty; RSS, which requires a description, then repeats the title. */
  description: string;
  /** BCP 47, the channel default; items in another language say so. */
  language: string;
  /** Absolute, no trailing slash, e.g. "https://news.example.org". */
  siteUrl: string;
  /** The HTML page this feed mirrors (site front page or category page). */
  homeUrl: string;
  /** The exact URL requested, query string included (rel="self", feed_url). */
  selfUrl: string;
  /** RFC 5005 next page; absent on the last page. */
  nextUrl?: string;
  /** WebSub hub: advertised as rel="hub" (RSS via atom:link, Atom link, JSON Feed `hubs`). */
  hubUrl?: string;
  /**
   * ISO date: the articles' newest change (see changedAt), or the scope's newest change when that is
   * later (a removal) or there is no article: lastBuildDate and Atom updated. Never "now", never 1970.
   */
  updated: string;
  /** RSS <ttl>. */
  ttlMinutes: number;
  /** Host name of the site, without port, for tag: URIs, e.g. "news.example.org" (see idAuthorityOf). */
  idAuthority: string;
  generator?: string;
  /** The one author of the feed (Atom feed-level author, JSON Feed `authors`): the newsroom. */
  author?: { name: string; url: string };
  /** Square icon (Atom icon, JSON Feed icon and favicon). */
  icon?: string;
  /** Atom logo. */
  logo?: string;
  /** The site-wide copyright notice (RSS channel `copyright`, Atom feed `rights`). */
  copyright?: string;
  /** RSS <image>: a PNG, JPEG or GIF at most 144 pixels wide (its size when known). */
  rssImage?: { url: string; width?: number; height?: number };
  /** Withdrawn entries Atom announces as RFC 6721 tombstones (other formats have no such thing). */
  deleted?: DeletedEntry[];
}

/** One RFC 6721 tombstone: the entry's id, when it was withdrawn (ISO), and why. */
export interface DeletedEntry {
  ref: string;
  when: string;
  comment?: string;
}

/**
 * The tagging authority for `siteUrl`: its host name. A tag: URI authority is a DNS name or an
 * e-mail address (RFC 4151 §2.1), so a port (`localhost:8787`) must not reach it.
 */
export function idAuthorityOf(siteUrl: string): string {
  return new URL(siteUrl).hostname;
}

/**
 * The article's id in every format (RSS guid isPermaLink="false", Atom id, JSON Feed id): the one
 * minted when it first became visible (src/articles/item-id.ts). An article stored before ids were
 * minted keeps the id it always had: the site's host name, its creation date and its id.
 */
export function entryId(
  article: Pick<Article, "id" | "createdAt" | "itemId">,
  channel: Pick<FeedChannel, "idAuthority">,
) {
  return (
    article.itemId ?? `tag:${channel.idAuthority},${article.createdAt.slice(0, 10)}:article/${article.id}`
  );
}

/** The canonical page of the article: the newsroom's own URL, or this service's article page. */
export function articleLink(article: Pick<Article, "id" | "url">, channel: Pick<FeedChannel, "siteUrl">) {
  return uri(article.url ?? absolute(channel.siteUrl, paths.article(article.id)));
}

// Characters RFC 3986 does not allow in a URI (everything but unreserved, reserved and `%`), and a
// `%` that starts no escape. WHATWG URL parsing, which the schema uses to check URLs, accepts `"`,
// spaces, `{}|^`, backticks and non-ASCII, and the W3C feed validator then reports "Invalid character
// in a URI" (RSS wants URIs; Atom's IRIs still exclude most of these).
const NOT_URI = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})/gu;
const encodeChar = (c: string) =>
  c.length === 1 && c >= "\uD800" && c <= "\uDFFF" ? "%EF%BF%BD" : encodeURIComponent(c);

/**
 * A URL as a valid URI: what RFC 3986 forbids is percent-encoded as UTF-8 (as browsers do when they
 * follow it, so it leads to the same place); everything else, existing escapes included, is kept.
 */
export function uri(url: string): string {
  return url.replace(NOT_URI, encodeChar);
}

// Query parameters that choose a page, not the feed: every page of one feed shares the feed's id.
// A partner's URL token says who reads, not what: a rotated token keeps the feed's id.
const PAGING_PARAMS = new Set(["cursor", "limit", "access_token"]);

/**
 * The id of a feed (Atom feed id), stable per feed URL: `tag:{authority},2026:feed{path}` plus the
 * filter parameters sorted (so `?keyword=a&keyword=b` and `?keyword=b&keyword=a` are one feed), with
 * `cursor` and `limit` left out (every page of a paged feed is the same feed, RFC 5005). The year is
 * fixed: changing it would make every reader see a new feed.
 */
export function feedId(channel: Pick<FeedChannel, "idAuthority" | "selfUrl">): string {
  const url = new URL(channel.selfUrl);
  const params = [...url.searchParams]
    .filter(([k]) => !PAGING_PARAMS.has(k))
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : "";
  return `tag:${channel.idAuthority},2026:feed${url.pathname}${query}`;
}
