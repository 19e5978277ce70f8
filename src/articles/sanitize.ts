// HTML bodies (`bodyFormat: "html"`) are sanitised to a small allowlist before they are stored, with
// js-xss (`xss`), which runs in workerd (sanitize-html does not load there). Bodies arrive whole:
// relative URLs are resolved against the article's page, embeds become links (embeds.ts), text is
// never altered except where markup is removed, and every change is reported as a note.
import xssDefault from "xss";
import { type Embed, embedHtml, frameEmbed, mediaEmbed } from "./embeds.ts";
import { decodeReferences, escapeHtml } from "./html-text.ts";
import { SanitizeNotes } from "./sanitize-notes.ts";

// The CommonJS module object: its typings declare named exports, but in workerd only the default
// import resolves at run time (a named import type-checks and then fails), so we reach through it.
const xss = xssDefault as unknown as typeof import("xss") & {
  parseAttr(html: string, onAttr: (name: string, value: string) => string): string;
};

const GLOBAL_ATTRS = ["title", "lang", "dir"];
const allow = (...extra: string[]) => [...GLOBAL_ATTRS, ...extra];
const TEXT_TAGS = "p h2 h3 h4 h5 h6 strong b em i u s mark small sub sup abbr cite code pre ul li dl dt dd";
const BLOCK_TAGS = "figure figcaption table caption thead tbody tfoot tr";

/** Structure and emphasis only: no scripts, styles, forms, frames, SVG/MathML or event handlers. */
const ALLOWLIST: Record<string, string[]> = {
  ...Object.fromEntries(`${TEXT_TAGS} ${BLOCK_TAGS}`.split(" ").map((t) => [t, allow()])),
  br: [],
  hr: [],
  q: allow("cite"),
  blockquote: allow("cite"),
  ol: allow("start", "reversed"),
  a: allow("href", "hreflang", "rel"),
  img: allow("src", "alt", "width", "height"),
  th: allow("scope", "colspan", "rowspan"),
  td: allow("colspan", "rowspan"),
  time: allow("datetime"),
};

/** Elements removed together with everything inside them, not just their tags. */
const DROP_WITH_CONTENT = new Set(
  "script style object embed svg math template noscript textarea select title head".split(" "),
);
const URL_ATTRS = new Set(["href", "src", "cite"]);
const NUMERIC_ATTRS = new Set(["width", "height", "start", "colspan", "rowspan"]);

/**
 * A URL attribute as readers far from the newsroom's site can follow it: absolute http(s) (relative
 * and protocol-relative ones resolved against `base`), a fragment or a mailto: link; undefined when
 * refused (`javascript:`, `data:`, or relative without a base). Entities are decoded and tabs and
 * newlines removed first, as browsers do (`jav&#x09;ascript:`).
 */
function resolveUrl(
  raw: string,
  attr: string,
  base: URL | undefined,
  page: URL | undefined,
  notes: SanitizeNotes,
) {
  const value = xss
    .friendlyAttrValue(decodeReferences(raw))
    .replace(/[\t\n\r]/g, "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip C0 controls and spaces here
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  // A fragment link points into the article's page: absolute, so it works in a feed reader too.
  if (attr === "href" && value.startsWith("#")) {
    if (!page) return value;
    notes.add(`resolved fragment links against ${page.href}`);
    return new URL(value, page).href;
  }
  if (attr === "href" && /^mailto:/i.test(value)) return value;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme && scheme !== "http" && scheme !== "https") {
    notes.add(`removed ${attr} URLs with the scheme ${scheme}:`);
    return undefined;
  }
  try {
    const url = new URL(value, scheme ? undefined : base);
    if (!scheme) notes.add(`resolved relative URLs against ${base?.href}`);
    return url.href;
  } catch {
    notes.add(base || scheme ? `removed ${attr} URLs that do not parse` : `removed relative ${attr} URLs`);
    return undefined;
  }
}

/** The attributes of a raw tag (`<video src="a" poster=b>`), decoded, by name. */
function attributesOf(tagHtml: string): Map<string, string> {
  const out = new Map<string, string>();
  const inner = tagHtml.replace(/^<\s*[^\s/>]+/, "").replace(/\/?\s*>$/, "");
  xss.parseAttr(inner, (name, value) => {
    out.set(name.toLowerCase(), xss.friendlyAttrValue(value));
    return "";
  });
  return out;
}

interface Skipping {
  tag: string;
  depth: number;
  media?: { kind: "video" | "audio"; src?: string | undefined; poster?: string | undefined; title?: string };
}

export interface Sanitized {
  html: string;
  /** Every change, for the write's answer; the stored article never holds them. */
  notes: string[];
}

/**
 * Sanitises `html`; `base` (the article's url, or the site) resolves relative URLs, `page` (the
 * article's page) fragment links.
 */
export function sanitizeHtml(html: string, base?: string, page?: string): Sanitized {
  const parse = (u: string | undefined) => (u && URL.canParse(u) ? new URL(u) : undefined);
  const baseUrl = parse(base);
  const pageUrl = parse(page);
  const notes = new SanitizeNotes();
  const url = (raw: string, attr: string) => resolveUrl(raw, attr, baseUrl, pageUrl, notes);
  let skipping: Skipping | undefined;

  const embed = (e: Embed, what: string) => {
    notes.add(
      `turned ${what} into a link to ${e.label === "Video" || e.label === "Audio" ? "its source" : e.label}`,
    );
    return embedHtml(e);
  };
  const finishMedia = (s: Skipping): string => {
    const m = s.media;
    if (!m?.src) {
      notes.add(`removed <${s.tag}> elements without a usable source`);
      return "";
    }
    return embed(mediaEmbed(m.kind, m.src, m.poster, m.title), `<${s.tag}>`);
  };

  const onTag = (tag: string, tagHtml: string, info: { isClosing?: boolean; isWhite?: boolean }) => {
    if (skipping) {
      if (tag === skipping.tag) {
        skipping.depth += info.isClosing ? -1 : 1;
        if (skipping.depth === 0) {
          const done = skipping;
          skipping = undefined;
          return done.media ? finishMedia(done) : "";
        }
      } else if (skipping.media && tag === "source" && !info.isClosing && !skipping.media.src) {
        const src = attributesOf(tagHtml).get("src");
        const resolved = src === undefined ? undefined : url(src, "src");
        if (resolved) skipping.media.src = resolved;
      }
      return "";
    }
    if (info.isWhite) return undefined;
    if (info.isClosing) return "";
    if (tag === "iframe") {
      const attrs = attributesOf(tagHtml);
      const src = attrs.get("src");
      const resolved = src === undefined ? undefined : url(src, "src");
      // An iframe's content is what browsers without frames show: the embed link replaces it.
      skipping = { tag, depth: 1 };
      if (!resolved) {
        notes.add("removed <iframe> elements without a usable source");
        return "";
      }
      return embed(frameEmbed(resolved, attrs.get("title")), "<iframe>");
    }
    if (tag === "video" || tag === "audio") {
      const attrs = attributesOf(tagHtml);
      const [src, poster, title] = ["src", "poster", "title"].map((n) => attrs.get(n));
      const media: NonNullable<Skipping["media"]> = { kind: tag };
      if (src !== undefined) media.src = url(src, "src");
      if (poster !== undefined) media.poster = url(poster, "src");
      if (title) media.title = title;
      skipping = { tag, depth: 1, media };
      return "";
    }
    if (DROP_WITH_CONTENT.has(tag)) {
      notes.add(`removed <${tag}> elements with their content`);
      skipping = { tag, depth: 1 };
      return "";
    }
    notes.add(`removed <${tag}> tags (their text is kept)`);
    return "";
  };

  const filter = new xss.FilterXSS({
    whiteList: ALLOWLIST,
    allowCommentTag: false,
    // Text inside an element being removed goes with it; other text is escaped as js-xss does.
    escapeHtml: (text: string) => (skipping ? "" : xss.escapeHtml(text)),
    onTag,
    onTagAttr: (tag: string, name: string, value: string, isWhiteAttr: boolean) => {
      if (!isWhiteAttr) {
        notes.add(`removed the attribute ${name} from <${tag}>`);
        return "";
      }
      if (URL_ATTRS.has(name)) {
        const resolved = url(value, name);
        return resolved === undefined ? "" : `${name}="${escapeHtml(resolved)}"`;
      }
      const v = xss.friendlyAttrValue(value);
      if (NUMERIC_ATTRS.has(name)) {
        if (/^\d{1,5}$/.test(v.trim())) return `${name}="${v.trim()}"`;
        notes.add(`removed the attribute ${name} from <${tag}> (not a number)`);
        return "";
      }
      return `${name}="${xss.escapeAttrValue(v)}"`;
    },
    css: false,
  });
  if (/<!--/.test(html)) notes.add("removed HTML comments");
  // A `<` that starts no tag (`5 < 6`) is text: escaped first, so the parser cannot take it for one.
  let out = filter.process(html.replace(/<(?![A-Za-z/!?])/g, "&lt;"));
  if (skipping?.media) out += finishMedia(skipping);
  // An image whose source was refused is no image at all.
  out = out.replace(/<img\b(?![^>]*\ssrc=)[^>]*>/gi, () => {
    notes.add("removed images without a usable source");
    return "";
  });
  return { html: out.trim(), notes: notes.list() };
}
