// A strict well-formedness check for rendered feeds. fast-xml-parser's XMLValidator checks structure
// but accepts control characters, `]]>` in text and `<` or `&` in attribute values, so the XML 1.0
// rules it skips are checked here too. Returns the problems found; [] means well-formed.
import { XMLValidator } from "fast-xml-parser";

// XML 1.0 §2.2 Char, code point by code point (the `u` flag makes a lone surrogate one code point).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// Legal, but the W3C feed validator flags them, and our schema never lets them in.
const DISCOURAGED = /[\u007F-\u009F]/;
const CDATA = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const START_TAG = /<[A-Za-z_][\w:.-]*((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const BARE_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/;
const CHAR_REF = /&#(x[0-9A-Fa-f]+|[0-9]+);/g;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (result !== true)
    problems.push(`XMLValidator: ${result.err.code} ${result.err.msg} (line ${result.err.line})`);
  const bad = xml.match(NOT_XML_CHAR);
  if (bad) problems.push(`character U+${codePoint(bad[0])} is not allowed in XML 1.0`);
  const discouraged = xml.match(DISCOURAGED);
  if (discouraged) problems.push(`C1 control U+${codePoint(discouraged[0])}`);
  // Outside CDATA sections, `]]>` must not appear in content (XML 1.0 §2.4).
  const outside = xml.replace(CDATA, "");
  if (outside.includes("]]>")) problems.push("]]> outside a CDATA section end");
  for (const [, attrs = ""] of outside.matchAll(START_TAG)) {
    for (const [, name, dq, sq] of attrs.matchAll(ATTRIBUTE)) {
      const value = dq ?? sq ?? "";
      if (value.includes("<")) problems.push(`< in attribute ${name}="${value.slice(0, 60)}"`);
      if (BARE_AMPERSAND.test(value)) problems.push(`bare & in attribute ${name}="${value.slice(0, 60)}"`);
    }
  }
  for (const [, ref = ""] of outside.matchAll(CHAR_REF)) {
    const cp = ref.startsWith("x") ? Number.parseInt(ref.slice(1), 16) : Number.parseInt(ref, 10);
    if (cp > 0x10ffff || NOT_XML_CHAR.test(String.fromCodePoint(cp)))
      problems.push(`&#${ref}; is not a Char`);
  }
  return problems;
}

function codePoint(c: string): string {
  return (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** Elements with no content at all, such as `<description></description>`: none should be rendered. */
export function emptyElements(xml: string): string[] {
  return [...xml.matchAll(/<([A-Za-z_][\w:.-]*)(?:\s[^>]*)?><\/\1>/g)].map((m) => m[1] ?? "");
}
