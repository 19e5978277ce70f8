// Text rules shared by validation, ids, slugs and matching: cleaning what XML cannot carry,
// folding case and accents, splitting words, making slugs. Pure; runs in workerd and Node.

// XML 1.0 (§2.2) forbids C0 controls other than tab, LF and CR; C1 controls and U+FFFE/U+FFFF are
// legal but validators flag them. Lone surrogates come from JSON escapes such as "\ud800" and cannot
// be encoded as UTF-8 at all. We drop the controls and replace lone surrogates with U+FFFD once, at
// validation, so that every stored string is safe for every output format.
/** The characters `cleanText` drops, as the inside of a regular expression class. */
export const CONTROL_CHARS = "\\x00-\\x08\\v\\f\\x0E-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF";
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, "g");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD");
}

const encoder = new TextEncoder();
/** Bytes of the UTF-8 encoding (what KV counts for keys, values and metadata). */
export function utf8Bytes(s: string): number {
  // Fast path: every UTF-16 unit below 0x80 is one byte.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/^[\x00-\x7f]*$/.test(s)) return s.length;
  return encoder.encode(s).byteLength;
}

/** Characters as people count them (code points), not UTF-16 units. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Markup, closed or not: `<` followed by an ASCII letter, `/`, `!` or `?` (`<b>`, `</p>`, `<img src=x
 * onerror=…` with no `>`, `<!--`, `<?xml`). A reader that renders plain text as HTML would start a
 * tag there; a literal `5 < 6` or `a <- b` is not markup. Linear time.
 */
export const TAG_LIKE = /<[A-Za-z/!?]/;
export function hasMarkup(s: string): boolean {
  return TAG_LIKE.test(s);
}

/** Lower case without accents: "Café Zürich" -> "cafe zurich". */
export function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .normalize("NFC");
}

/** Folded words: letters and digits in any script; everything else separates. */
export function words(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** URL-safe slug of a display name: "World News" -> "world-news"; non-Latin letters are kept. */
export function slugify(s: string): string {
  return words(s).join("-");
}

/** ASCII slug for ids: `^[a-z0-9][a-z0-9-]{0,99}$`, cut at a word boundary where possible. */
const LATIN_EXTRA: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
};

export function asciiSlug(s: string, max = 100): string {
  const ascii = fold(s)
    .replace(/[ßæœøđðłþı]/g, (c) => LATIN_EXTRA[c] as string)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (ascii.length <= max) return ascii;
  const cut = ascii.slice(0, max + 1);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : ascii.slice(0, max)).replace(/-+$/, "");
}

export async function sha256Hex(s: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
