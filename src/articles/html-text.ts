// Between plain text and HTML: escaping text for HTML, plain-text bodies as escaped <p> paragraphs,
// and the reverse, the text a reader sees in sanitised HTML (for excerpts). Pure.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** Text for an HTML attribute value or text node: `& < > " '` escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * Text content needs only `&`, `<` and `>` escaped (quotes matter in attributes alone): escaping `"`
 * as `&quot;` would make every quote 6 bytes in HTML and 10 once escaped again for XML.
 */
export const escapeHtmlText = (s: string) =>
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

// The references sanitised bodies hold: what the sanitiser and `escapeHtmlText` write, and the
// named ones newsroom HTML uses most. Any other named reference stays as written (it is rare, and
// the excerpt is then only less pretty, never wrong HTML: it is escaped again for every output).
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00A0",
  shy: "\u00AD",
  ndash: "\u2013",
  mdash: "\u2014",
  hellip: "\u2026",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ldquo: "\u201C",
  rdquo: "\u201D",
  laquo: "\u00AB",
  raquo: "\u00BB",
  bull: "\u2022",
  middot: "\u00B7",
  copy: "\u00A9",
  reg: "\u00AE",
  trade: "\u2122",
  euro: "\u20AC",
  pound: "\u00A3",
  deg: "\u00B0",
  times: "\u00D7",
};

function decodeReference(ref: string, body: string): string {
  if (body.startsWith("#")) {
    const hex = body[1] === "x" || body[1] === "X";
    const cp = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    // Surrogates and out-of-range code points are not characters: HTML shows U+FFFD for them.
    return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)
      ? String.fromCodePoint(cp)
      : "\uFFFD";
  }
  return NAMED[body] ?? ref;
}

// Elements after which a reader sees a break: their boundaries separate words.
const BLOCK =
  /<\/?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|tr|td|th|caption)\b[^>]*>/gi;

/** Character references decoded (numeric, and the common named ones). */
export const decodeReferences = (s: string) =>
  s.replace(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/g, decodeReference);

/** The text a reader sees in sanitised HTML: tags removed, blocks separated, references decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(BLOCK, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/g, decodeReference)
    .replace(/\s+/g, " ")
    .trim();
}
