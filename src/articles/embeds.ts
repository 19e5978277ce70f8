// Embedded players, which no feed reader runs (and the sanitiser refuses: frames and media elements
// can load anything), turned into what readers can follow: a figure with a link to the post or video
// on its own site, and the poster image where one is given. Pure; the sanitiser calls it.
import { escapeHtml } from "./html-text.ts";

export interface Embed {
  /** Where a reader can see it: the provider's own page, or the frame's or media's source. */
  href: string;
  /** What it is, for the link text: "YouTube video", "Post on X", "Video". */
  label: string;
  poster?: string;
  /** A known provider or a media element: a figure. Any other frame: a plain link. */
  figure: boolean;
}

type Provider = { label: string; page: (u: URL) => string | undefined };

const segment = (u: URL, i: number) => u.pathname.split("/").filter(Boolean)[i];
const idAfter = (u: URL, name: string) => {
  const parts = u.pathname.split("/").filter(Boolean);
  const at = parts.indexOf(name);
  return at >= 0 ? parts[at + 1] : undefined;
};
const youtube: Provider = {
  label: "YouTube video",
  page: (u) => {
    const id = idAfter(u, "embed");
    return id ? `https://www.youtube.com/watch?v=${encodeURIComponent(id)}` : undefined;
  },
};

/** Embed hosts of the providers newsrooms use most, and the public page each player shows. */
const PROVIDERS: Record<string, Provider> = {
  "www.youtube.com": youtube,
  "youtube.com": youtube,
  "www.youtube-nocookie.com": youtube,
  "player.vimeo.com": {
    label: "Vimeo video",
    page: (u) => {
      const id = idAfter(u, "video");
      return id ? `https://vimeo.com/${encodeURIComponent(id)}` : undefined;
    },
  },
  "platform.twitter.com": {
    label: "Post on X",
    page: (u) => {
      const id = u.searchParams.get("id");
      return id && /^\d+$/.test(id) ? `https://x.com/i/status/${id}` : undefined;
    },
  },
  "www.instagram.com": {
    label: "Instagram post",
    page: (u) => {
      const kind = segment(u, 0);
      const id = segment(u, 1);
      return kind && id && ["p", "reel", "tv"].includes(kind)
        ? `https://www.instagram.com/${kind}/${encodeURIComponent(id)}/`
        : undefined;
    },
  },
  "www.tiktok.com": {
    label: "TikTok video",
    page: (u) => {
      const id = u.pathname.match(/\/(\d{6,})(?:$|[/?])/)?.[1];
      return id ? `https://www.tiktok.com/embed/v2/${id}` : undefined;
    },
  },
  "w.soundcloud.com": {
    label: "SoundCloud audio",
    page: (u) => {
      const target = u.searchParams.get("url");
      return target && /^https:\/\/(api\.)?soundcloud\.com\//.test(target) ? target : undefined;
    },
  },
  "open.spotify.com": {
    label: "Spotify",
    page: (u) => {
      const kind = idAfter(u, "embed");
      const id = kind ? idAfter(u, kind) : undefined;
      return kind && id ? `https://open.spotify.com/${kind}/${encodeURIComponent(id)}` : undefined;
    },
  },
};

/** An iframe's `src` (already resolved and checked to be http(s)) as what readers get instead. */
export function frameEmbed(src: string, title?: string): Embed {
  const url = new URL(src);
  const provider = PROVIDERS[url.hostname];
  const page = provider?.page(url);
  if (provider && page) return { href: page, label: title || provider.label, figure: true };
  return { href: src, label: title || `Embedded content from ${url.hostname}`, figure: false };
}

/** A `<video>` or `<audio>` element with its source (its `src` or first `<source>`) and poster. */
export function mediaEmbed(kind: "video" | "audio", src: string, poster?: string, title?: string): Embed {
  return {
    href: src,
    label: title || (kind === "video" ? "Video" : "Audio"),
    ...(poster ? { poster } : {}),
    figure: true,
  };
}

/** The HTML that stands in for an embed; URLs are already valid, checked http(s) URLs. */
export function embedHtml(e: Embed): string {
  const href = escapeHtml(e.href);
  const label = escapeHtml(e.label);
  if (!e.figure) return `<p><a href="${href}">${label}</a></p>`;
  const poster = e.poster ? `<a href="${href}"><img src="${escapeHtml(e.poster)}" alt="${label}"></a>` : "";
  return `<figure>${poster}<figcaption><a href="${href}">${label}</a></figcaption></figure>`;
}
