// The feed formats, once: extension, renderer, media type and label. Every list of formats (routes,
// links, purges, hub notifications, OPML) iterates over this table. Also the channel a feed page
// describes, so that a feed built on request and one built ahead on write are the same bytes.
import type { SiteConfig } from "../config.ts";
import { absolute, type FeedExt, paths } from "../urls.ts";
import { assembleAtom, renderAtom } from "./atom.ts";
import { ICON_SIZE } from "./icon.ts";
import type { ItemContext } from "./item.ts";
import { assembleJsonFeed, renderJsonFeed } from "./jsonfeed.ts";
import { type FeedChannel, idAuthorityOf } from "./model.ts";
import { assembleRss, renderRss } from "./rss.ts";

export const FEED_FORMATS = {
  xml: {
    render: renderRss,
    assemble: assembleRss,
    type: "application/rss+xml; charset=utf-8",
    label: "RSS",
    spec: "RSS 2.0",
  },
  atom: {
    render: renderAtom,
    assemble: assembleAtom,
    type: "application/atom+xml; charset=utf-8",
    label: "Atom",
    spec: "Atom 1.0",
  },
  json: {
    render: renderJsonFeed,
    assemble: assembleJsonFeed,
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
  /** What a filtered feed shows ("keyword taliban"): part of its title. */
  filter?: string;
  selfUrl: string;
  nextUrl?: string;
  updated: string;
}

/** A feed's title: the site's, and what the feed shows ("Edgewire: World News, keyword elections"). */
export const feedTitle = (site: SiteConfig, ...shows: (string | undefined)[]) => {
  const what = shows.filter(Boolean).join(", ");
  return what ? `${site.title}: ${what}` : site.title;
};

// The RSS validator and many readers take only these for <image> (RSS 2.0 § image).
const RSS_IMAGE = /\.(?:png|jpe?g|gif)$/i;

/** RSS <image>: the logo if it is a PNG, JPEG or GIF, else the Worker's own icon, whose size is known. */
function rssImage(site: SiteConfig): FeedChannel["rssImage"] {
  const own = absolute(site.url, paths.icon());
  const pick =
    [site.logo, site.icon].find((u) => URL.canParse(u) && RSS_IMAGE.test(new URL(u).pathname)) ?? own;
  return pick === own ? { url: own, width: ICON_SIZE, height: ICON_SIZE } : { url: pick };
}

/** What every item of the site's feeds depends on besides its article (see src/feeds/item.ts). */
export const itemContextFor = (site: SiteConfig): ItemContext => ({
  siteUrl: site.url,
  idAuthority: idAuthorityOf(site.url),
  language: site.language,
});

export function channelFor({
  site,
  slug,
  categoryName,
  filter,
  selfUrl,
  nextUrl,
  updated,
}: ChannelInput): FeedChannel {
  const name = slug ? (categoryName ?? slug) : undefined;
  const shows = [name, filter].filter(Boolean).join(", ");
  return {
    title: feedTitle(site, shows),
    description: shows ? `${shows} from ${site.title}` : site.description,
    ...itemContextFor(site),
    homeUrl: absolute(site.url, slug ? paths.category(slug) : paths.home()),
    selfUrl,
    ...(nextUrl ? { nextUrl } : {}),
    ...(site.hub ? { hubUrl: site.hub } : {}),
    updated,
    ttlMinutes: Math.max(1, Math.round(site.maxAge / 60)),
    generator: "Edgewire",
    author: { name: site.title, url: absolute(site.url, paths.home()) },
    icon: site.icon,
    logo: site.logo,
    rssImage: rssImage(site),
    ...(site.rights?.copyright ? { copyright: site.rights.copyright } : {}),
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
