// Pre-rendered items: an article's item in every feed format, rendered when it is written and
// stored beside it, so that a feed built on a cache miss concatenates instead of escaping every
// body again. A fragment carries the renderer's version and the site it was rendered for; one that
// differs is never used (the item is rendered from the record instead), so a renderer change needs
// only a version bump here and no migration.
import type { Article } from "../articles/article.ts";
import { atomEntry } from "./atom.ts";
import { type FeedFormat, FORMAT_NAMES } from "./formats.ts";
import type { ItemContext, ItemParts } from "./item.ts";
import { jsonItem } from "./jsonfeed.ts";
import { rssItem } from "./rss.ts";

/**
 * The version of every item's bytes in every format. Bump it with any change to what rssItem,
 * atomEntry or jsonItem write (a new field, another escape): stored fragments of older versions
 * then stop being used, each item rendering from its record until its article is written again.
 */
export const FRAGMENT_VERSION = 1;

const ITEMS: Record<FeedFormat, (a: Article, ctx: ItemContext) => ItemParts> = {
  xml: rssItem,
  atom: atomEntry,
  json: jsonItem,
};

/** An item rendered from the article itself, for a format. */
export const itemOf = (format: FeedFormat, a: Article, ctx: ItemContext): ItemParts => ITEMS[format](a, ctx);

/** What the items depend on besides the article: a fragment rendered for another site is not used. */
const siteStamp = (ctx: ItemContext) => JSON.stringify([ctx.siteUrl, ctx.idAuthority, ctx.language]);

interface Header {
  /** Renderer version. */
  v: number;
  /** Site stamp. */
  s: string;
  /** Lengths (UTF-16 code units) of head, content and tail per format, in FORMAT_NAMES order. */
  n: number[];
}

/**
 * The fragments of one article: a one-line JSON header (version, site, part lengths), then every
 * format's head, content and tail one after another. Slicing by lengths reads one format's parts
 * without parsing, or copying, the others (V8 slices share the string's memory).
 */
export function renderFragments(a: Article, ctx: ItemContext): string {
  const parts = FORMAT_NAMES.flatMap((f) => {
    const p = ITEMS[f](a, ctx);
    return [p.head, p.content, p.tail];
  });
  const header: Header = { v: FRAGMENT_VERSION, s: siteStamp(ctx), n: parts.map((p) => p.length) };
  return `${JSON.stringify(header)}\n${parts.join("")}`;
}

function header(fragments: string): { header: Header; start: number } | undefined {
  const end = fragments.indexOf("\n");
  if (end < 0) return undefined;
  try {
    return { header: JSON.parse(fragments.slice(0, end)) as Header, start: end + 1 };
  } catch {
    return undefined;
  }
}

/** True when the fragments are of this renderer version, for this site, and whole. */
export function fragmentsFresh(fragments: string, ctx: ItemContext): boolean {
  const h = header(fragments);
  if (!h || h.header.v !== FRAGMENT_VERSION || h.header.s !== siteStamp(ctx)) return false;
  const n = h.header.n;
  return n.length === FORMAT_NAMES.length * 3 && h.start + n.reduce((x, y) => x + y, 0) === fragments.length;
}

/** One format's parts from fragments that `fragmentsFresh` accepted. */
export function fragmentParts(fragments: string, format: FeedFormat): ItemParts {
  const h = header(fragments);
  if (!h) throw new RangeError("not item fragments");
  let at = h.start;
  const first = FORMAT_NAMES.indexOf(format) * 3;
  for (let i = 0; i < first; i++) at += h.header.n[i] ?? 0;
  const [head, content, tail] = [0, 1, 2].map((k) => {
    const piece = fragments.slice(at, at + (h.header.n[first + k] ?? 0));
    at += piece.length;
    return piece;
  }) as [string, string, string];
  return { head, content, tail };
}
