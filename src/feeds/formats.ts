// The three feed formats, their URLs and media types, and the channel a feed page describes. Pure:
// routes and the store's feed builder share it, so a feed built on request and one built ahead on
// write are the same bytes.
import type { Article } from "../articles/article.ts";
import type { SiteConfig } from "../config.ts";
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./jsonfeed.ts";
import { type FeedChannel, idAuthorityOf } from "./model.ts";
import { renderRss } from "./rss.ts";

export const FEED_FORMATS = {
  xml: { render: renderRss, type: "application/rss+xml; charset=utf-8", label: "RSS" },
  atom: { render: renderAtom, type: "application/atom+xml; charset=utf-8", label: "Atom" },
  json: { render: renderJsonFeed, type: "application/feed+json; charset=utf-8", label: "JSON Feed" },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;
export const FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[];

export const feedPath = (format: FeedFormat, slug?: string) =>
  slug ? `/category/${encodeURIComponent(slug)}/feed.${format}` : `/feed.${format}`;

/** The feed a path names, for paths made by `feedPath`. */
export function parseFeedPath(path: string): { format: FeedFormat; slug?: string } | undefined {
  const m = /^(?:\/category\/([^/]+))?\/feed\.(xml|atom|json)$/.exec(path);
  if (!m) return undefined;
  return { format: m[2] as FeedFormat, ...(m[1] ? { slug: decodeURIComponent(m[1]) } : {}) };
}

/** When a reader could first see the article: its last change, or its embargo lift if later. */
export const changedAt = (a: Article) => (a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt);

/** Before any article exists a feed still needs a stable `updated`: the Unix epoch, never "now". */
export const EPOCH = "1970-01-01T00:00:00.000Z";

export function newestChange(items: readonly Article[]): string {
  return items.reduce((max, a) => (changedAt(a) > max ? changedAt(a) : max), EPOCH);
}

export interface ChannelInput {
  site: SiteConfig;
  slug?: string;
  categoryName?: string;
  selfUrl: string;
  nextUrl?: string;
  updated: string;
}

export function channelFor({
  site,
  slug,
  categoryName,
  selfUrl,
  nextUrl,
  updated,
}: ChannelInput): FeedChannel {
  const name = slug ? (categoryName ?? slug) : undefined;
  return {
    title: name ? `${site.title}: ${name}` : site.title,
    description: name ? `${name} from ${site.title}` : site.description,
    language: site.language,
    siteUrl: site.url,
    homeUrl: slug ? `${site.url}/category/${encodeURIComponent(slug)}` : `${site.url}/`,
    selfUrl,
    ...(nextUrl ? { nextUrl } : {}),
    ...(site.hub ? { hubUrl: site.hub } : {}),
    updated,
    ttlMinutes: Math.max(1, Math.round(site.maxAge / 60)),
    idAuthority: idAuthorityOf(site.url),
    generator: "Edgewire",
  };
}

/** The Link header of a feed page (RFC 8288): self, the WebSub hub, and the next page. */
export function linkHeader(channel: FeedChannel): string {
  return [
    `<${channel.selfUrl}>; rel="self"`,
    ...(channel.hubUrl ? [`<${channel.hubUrl}>; rel="hub"`] : []),
    ...(channel.nextUrl ? [`<${channel.nextUrl}>; rel="next"`] : []),
  ].join(", ");
}
