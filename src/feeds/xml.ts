// Escaping for the XML renderers (and cleaning for JSON): each function is one regex pass that
// escapes markup characters and drops what XML 1.0 cannot carry. We never use CDATA: a CDATA section
// cannot contain `]]>`, and splitting it correctly is exactly what the `feed` package gets wrong.

// XML 1.0 §2.2 forbids C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF; C1 controls are legal
// but validators flag them. Lone surrogates cannot be encoded as UTF-8. The article schema already
// removes all of these (src/articles/text.ts); removing them again here costs nothing (the same pass)
// and keeps every feed well-formed whatever reaches the renderer.
const UNSAFE = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF";
const LONE_SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";

type Table = Readonly<Record<string, string>>;

function escaper(special: string, table: Table): (s: string) => string {
  const unsafe = `[${UNSAFE}]|${LONE_SURROGATE}`;
  // A cheap single-class test first (any surrogate, paired or not, sends the text to the full pass).
  const anyUnsafe = new RegExp(`[${UNSAFE}\\uD800-\\uDFFF]`);
  const allUnsafe = new RegExp(unsafe, "g");
  // A lone surrogate becomes U+FFFD (as the schema does); controls vanish.
  const clean = (c: string) => (c >= "\uD800" && c <= "\uDFFF" ? "\uFFFD" : "");
  // `&` first, so that the references made for the other characters are not escaped again.
  const pairs = Object.entries(table).sort(([a], [b]) => (a === "&" ? -1 : b === "&" ? 1 : 0));
  void special;
  // Plain replaceAll per character is about three times faster in V8 than one regex with a
  // callback, and bodies are most of a feed's bytes; the unsafe-character pass almost never runs.
  return (s) => {
    let out = anyUnsafe.test(s) ? s.replace(allUnsafe, clean) : s;
    for (const [c, ref] of pairs) if (out.includes(c)) out = out.replaceAll(c, ref);
    return out;
  };
}

/**
 * Character data: `&`, `<`, `>` (so `]]>` never appears) and CR (which XML would turn into LF,
 * §2.11) as references. For HTML carried as text (Atom `content type="html"`, `content:encoded`).
 */
export const escapeText = escaper("&<>\\r", { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" });

/**
 * Plain text in RSS: hexadecimal references, which the RSS Best Practices Profile recommends for
 * plain text (§ Character Data) because aggregators disagree on whether `&amp;lt;` is HTML.
 */
export const escapeRssText = escaper("&<>\\r", {
  "&": "&#x26;",
  "<": "&#x3C;",
  ">": "&#x3E;",
  "\r": "&#13;",
});

// What an HTML parser would decode after an `&` (escaped `&#x26;` by then): a numeric reference, a
// named one with its semicolon, or one of the legacy names browsers decode without it.
const HTML_REFERENCE =
  /&#x26;(?=#|[A-Za-z][A-Za-z0-9]{0,31};|(?:amp|lt|gt|quot|nbsp|copy|reg|AMP|LT|GT|QUOT|COPY|REG)(?![A-Za-z0-9]))/g;

/**
 * Plain text in an RSS element that readers may render as HTML (title, description): as
 * `escapeRssText`, and an `&` that would start an HTML character reference (`&amp;`, `&#38;`,
 * `&copy`) is escaped once more, so that a reader decoding the XML and then rendering HTML shows
 * exactly the characters. (Markup-like `<` never reaches here: validation refuses it in plain text.)
 */
export function escapeRssHtmlText(s: string): string {
  return escapeRssText(s).replace(HTML_REFERENCE, "&#x26;amp;");
}

/**
 * Double-quoted attribute values: also `"`, and tab/LF/CR, which attribute-value normalisation
 * (XML 1.0 §3.3.3) would otherwise turn into spaces.
 */
export const escapeAttr = escaper('&<>"\\t\\n\\r', {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
});

/** Text for JSON: the same characters removed, nothing escaped (JSON.stringify does that). */
export const cleanJsonText = escaper("", {});

/** `<name>text</name>` on a line of its own, or nothing when the text is empty or absent. */
export function element(name: string, text: string | undefined, escapeFn = escapeText): string {
  return text ? `<${name}>${escapeFn(text)}</${name}>\n` : "";
}

/** An RFC 822 date as RSS wants it (RFC 1123 form: 4-digit year, "GMT"), from an ISO date. */
export function rfc822(iso: string): string {
  return validDate(iso).toUTCString();
}

/** An RFC 3339 date (Atom, JSON Feed, OPML uses rfc822) from an ISO date: UTC, as stored. */
export function rfc3339(iso: string): string {
  return validDate(iso).toISOString();
}

function validDate(iso: string): Date {
  const d = new Date(iso);
  // Dates come from the store, never from a request: an invalid one is a bug, not bad input.
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${JSON.stringify(iso)}`);
  return d;
}
