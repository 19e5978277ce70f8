// The feed formats, once: extension, renderer, media type and label. Every list of formats (routes,
// links, purges, hub notifications, OPML) iterates over this table. Also the channel a feed page
// describes, so that a feed built on request and one built ahead on write are the same bytes.
import type { SiteConfig } from "../config.ts";
import { absolute, type FeedExt, paths } from "../urls.ts";
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./jsonfeed.ts";
import { type FeedChannel, idAuthorityOf } from "./model.ts";
import { renderRss } from "./rss.ts";

export const FEED_FORMATS = {
  xml: { render: renderRss, type: "application/rss+xml; charset=utf-8", label: "RSS", spec: "RSS 2.0" },
  atom: { render: renderAtom, type: "application/atom+xml; charset=utf-8", label: "Atom", spec: "Atom 1.0" },
  json: {
    render: renderJsonFeed,
    type: "application/feed+json; charset=utf-8",
    label: "JSON Feed",
    spec: "JSON Feed 1.1",
  },
} as const satisfies Record<FeedExt, unknown>;
export type FeedFormat = keyof typeof FEED_FORMATS;
export const FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[];

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
    homeUrl: absolute(site.url, slug ? paths.category(slug) : paths.home()),
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
