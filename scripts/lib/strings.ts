// Where a string in model-written JSON really ends. Models leave raw line breaks and unescaped
// quotes in strings; a quote closes the string only when what follows is what JSON allows there
// (a colon after a name; after a value a comma and the next name, or the closing bracket). The
// string is re-emitted as valid JSON. Pure: runs in Node and workerd.

// A field name, quoted or not, followed by a colon: how the next member of an object begins.
const NEXT_KEY = /(?:"[^"\\\n]{1,100}"|'[^'\\\n]{1,100}'|[A-Za-z_$][\w$-]{0,99})[ \t]*:/y;
const QUOTED_KEY = /(?:"[^"\\\n]{1,100}"|'[^'\\\n]{1,100}')[ \t]*:/y;
// A field name cut off by the end of the text: `, "bo`.
const CUT_KEY = /["'][^"'\n]{0,100}$/y;
// Whitespace and comments, which may sit between a closing quote and what follows it.
const WHITESPACE = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
// After a quote that does not close its string: a colon, `=` or `;` and another value, or a comma
// at the end of a line. Prose does not do that; a string that swallowed other fields does.
const STRUCTURE_AFTER_QUOTE = /[ \t]*(?:[:=;][ \t]*["'\d[{]|,[ \t]*\r?\n)/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters end a run of plain text: JSON needs them escaped
const PLAIN = /[^"'\\\u0000-\u001f]+/y;
const JSON_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const CONTROL_ESCAPES: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

export function skipSpace(src: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.exec(src);
  return WHITESPACE.lastIndex;
}

function matchesAt(re: RegExp, src: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(src);
}

/**
 * Whether the quote just before `from` closes the string. A real closing quote is followed by what
 * JSON allows there: a colon after a name; after a value a comma and the next name (or the end),
 * or the closing bracket. Anything else means the quote belongs to the text.
 */
export function closesString(src: string, from: number, ctx: "key" | "value" | "element"): boolean {
  const k = skipSpace(src, from);
  const c = src[k];
  if (c === undefined) return true;
  if (ctx === "key") return c === ":" || (k > from && (c === '"' || c === "'"));
  if (c === (ctx === "value" ? "}" : "]")) return true;
  if (c === ",") {
    const k2 = skipSpace(src, k + 1);
    const d = src[k2];
    if (d === undefined || d === "}" || d === "]") return true;
    if (ctx === "element") return /["'{[\d-]/.test(d) || /^(?:true|false|null)\b/.test(src.slice(k2, k2 + 6));
    return matchesAt(NEXT_KEY, src, k2) || matchesAt(CUT_KEY, src, k2);
  }
  // A missing comma: the next quoted name on a new line.
  return ctx === "value" && src.slice(from, k).includes("\n") && matchesAt(QUOTED_KEY, src, k);
}

export interface ScannedString {
  /** The string as valid JSON, quotes included. */
  json: string;
  value: string;
  end: number;
  /** The text ended inside the string. */
  cut: boolean;
  /** Source index of a quote taken as text although JSON-like syntax follows it. */
  unclearQuote?: number;
}

export function readString(
  src: string,
  start: number,
  ctx: "key" | "value" | "element",
  repairs: Set<string>,
): ScannedString {
  const q = src[start] as string;
  if (q === "'") repairs.add("single quotes");
  let json = '"';
  let i = start + 1;
  let unclearQuote: number | undefined;
  const n = src.length;
  while (i < n) {
    PLAIN.lastIndex = i;
    const plain = PLAIN.exec(src);
    if (plain) {
      json += plain[0];
      i += plain[0].length;
      continue;
    }
    const ch = src[i] as string;
    if (ch === "\\") {
      const next = src[i + 1];
      if (next === undefined) {
        i++; // a lone backslash where the text was cut off
      } else if (JSON_ESCAPES.has(next)) {
        json += `\\${next}`;
        i += 2;
      } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        json += src.slice(i, i + 6);
        i += 6;
      } else if (next === "u" && i + 6 > n) {
        i = n; // a \u escape cut off by the end of the text
      } else {
        // `\'` (JavaScript) or an escape JSON does not have: keep the character itself.
        if (next !== "'") repairs.add("invalid escapes");
        json += CONTROL_ESCAPES[next] ?? (next === '"' ? '\\"' : next);
        i += 2;
      }
    } else if (ch === q) {
      i++;
      if (closesString(src, i, ctx)) {
        json += '"';
        return { json, value: JSON.parse(json) as string, end: i, cut: false, unclearQuote };
      }
      repairs.add(q === '"' ? "unescaped quotes" : "unescaped apostrophes");
      json += q === '"' ? '\\"' : q;
      if (unclearQuote === undefined && matchesAt(STRUCTURE_AFTER_QUOTE, src, i)) unclearQuote = i - 1;
    } else if (ch === '"') {
      json += '\\"'; // inside a single-quoted string
      i++;
    } else if (ch === "'") {
      json += ch;
      i++;
    } else {
      repairs.add(
        ch === "\n" || ch === "\r" ? "raw line breaks in strings" : "raw control characters in strings",
      );
      json += CONTROL_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
      i++;
    }
  }
  json += '"';
  return { json, value: JSON.parse(json) as string, end: n, cut: true, unclearQuote };
}
