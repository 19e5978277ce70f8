// HTML bodies (`bodyFormat: "html"`) are sanitised to a small allowlist before they are stored, with
// js-xss (`xss`), which runs in workerd (sanitize-html does not load there). Plain-text bodies become
// escaped <p> paragraphs. Both produce the HTML that every feed and page shows.
import xssDefault from "xss";

// The CommonJS module object: its typings declare named exports, but in workerd only the default
// import resolves at run time (a named import type-checks and then fails), so we reach through it.
const xss = xssDefault as unknown as typeof import("xss");

const GLOBAL_ATTRS = ["title", "lang", "dir"];
const allow = (...extra: string[]) => [...GLOBAL_ATTRS, ...extra];

/** Structure and emphasis only: no scripts, styles, forms, frames, SVG/MathML or event handlers. */
const ALLOWLIST: Record<string, string[]> = {
  p: allow(),
  br: [],
  hr: [],
  h2: allow(),
  h3: allow(),
  h4: allow(),
  h5: allow(),
  h6: allow(),
  strong: allow(),
  b: allow(),
  em: allow(),
  i: allow(),
  u: allow(),
  s: allow(),
  mark: allow(),
  small: allow(),
  sub: allow(),
  sup: allow(),
  abbr: allow(),
  cite: allow(),
  q: allow("cite"),
  blockquote: allow("cite"),
  code: allow(),
  pre: allow(),
  ul: allow(),
  ol: allow("start", "reversed"),
  li: allow(),
  dl: allow(),
  dt: allow(),
  dd: allow(),
  a: allow("href", "hreflang", "rel"),
  img: allow("src", "alt", "width", "height"),
  figure: allow(),
  figcaption: allow(),
  table: allow(),
  caption: allow(),
  thead: allow(),
  tbody: allow(),
  tfoot: allow(),
  tr: allow(),
  th: allow("scope", "colspan", "rowspan"),
  td: allow("colspan", "rowspan"),
  time: allow("datetime"),
};

/** Elements removed together with everything inside them, not just their tags. */
const DROP_WITH_CONTENT = [
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "template",
  "noscript",
  "textarea",
  "select",
  "title",
  "head",
];

// Feeds are read far from the newsroom's site, so only absolute URLs work there; schemes other than
// http(s) (and mailto: for links) are how `javascript:`, `data:` and `vbscript:` attacks arrive.
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const SAFE_SRC = /^https?:\/\//i;

const NUMERIC_ATTRS = new Set(["width", "height", "start", "colspan", "rowspan"]);

/** The attribute's safe value, or "" to drop it. */
function safeValue(name: string, raw: string): string {
  // Decode entities and drop whitespace/controls first, as browsers do: `jav&#x09;ascript:`.
  const value = xss.friendlyAttrValue(raw);
  if (name === "href" || name === "src" || name === "cite") {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    const url = value.replace(/[\u0000-\u0020]+/g, "");
    return (name === "href" ? SAFE_HREF : SAFE_SRC).test(url) ? xss.escapeAttrValue(url) : "";
  }
  if (NUMERIC_ATTRS.has(name)) return /^\d{1,5}$/.test(value.trim()) ? value.trim() : "";
  return xss.escapeAttrValue(value);
}

const filter = new xss.FilterXSS({
  whiteList: ALLOWLIST,
  stripIgnoreTag: true,
  stripIgnoreTagBody: DROP_WITH_CONTENT,
  allowCommentTag: false,
  // Allowed attributes with an unsafe value are dropped whole (not kept empty); others never pass.
  onTagAttr: (_tag: string, name: string, value: string, isWhiteAttr: boolean) => {
    if (!isWhiteAttr) return undefined;
    const safe = safeValue(name, value);
    return safe === "" ? "" : `${name}="${safe}"`;
  },
  css: false,
});

export function sanitizeHtml(html: string): string {
  // An image whose source was refused is no image at all.
  return filter
    .process(html)
    .replace(/<img\b(?![^>]*\ssrc=)[^>]*>/gi, "")
    .trim();
}
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * Text content needs only `&`, `<` and `>` escaped (quotes matter in attributes alone): escaping `"`
 * as `&quot;` would make every quote 6 bytes in HTML and 10 once escaped again for XML.
 */
const escapeHtmlText = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Plain text: each non-blank line is one escaped paragraph. */
export function textToHtml(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => `<p>${escapeHtmlText(line)}</p>`)
    .join("\n");
}

/** True when sanitised HTML holds no visible text and no image. */
export function isEmptyHtml(html: string): boolean {
  return !/<img\b/i.test(html) && html.replace(/<[^>]*>/g, "").replace(/&nbsp;|\s/g, "") === "";
}
