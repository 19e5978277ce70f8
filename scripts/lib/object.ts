// One JSON object (or array) in model output: where one begins, and its extraction: the code fence
// around it, the prose before and the chatter after, the scan that re-emits its strings, repeated
// fields, jsonrepair for the rest of the syntax, and what was cut off. Pure: runs in Node and workerd.
import { jsonrepair } from "jsonrepair";
import { count, excerpt } from "./places.ts";
import { scan } from "./scan.ts";

/** Names a place of the text being extracted as its reader knows it: `line 3, column 14`. */
export type Where = (index: number) => string;

// Where an article can begin: `{` then a field name and a colon (or the end of the text, when it was
// cut off right there), or `[` then such an object. Braces in prose ("{JSON}") do not qualify.
const FIELD = String.raw`(?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*(?:"[^"\n]{0,100}"\s*:|'[^'\n]{0,100}'\s*:|[A-Za-z_$][\w$-]{0,99}\s*:|["'][^"'\n]{0,100}$|$)`;
const OBJECT_START = new RegExp(String.raw`\{${FIELD}`, "y");
const ARRAY_START = new RegExp(String.raw`\[\s*\{${FIELD}`, "y");
const FENCE_OPEN = /(?:^|\n)[ \t]*(?:```|~~~)[\w+-]*[ \t]*\r?\n\s*$/;
const FENCE_CLOSE = /^\s*(?:```|~~~)[ \t]*(?:\r?\n|$)/;

/** Index of the first `{` or `[` at or after `from` that begins an object, or -1. */
export function findObject(text: string, from: number): number {
  for (let i = text.slice(from).search(/[{[]/); i >= 0; ) {
    const at = from + i;
    const re = text[at] === "{" ? OBJECT_START : ARRAY_START;
    re.lastIndex = at;
    if (re.test(text)) return at;
    const next = text.slice(at + 1).search(/[{[]/);
    i = next < 0 ? -1 : at + 1 - from + next;
  }
  return -1;
}

export interface ExtractedObject {
  ok: true;
  parsed: unknown;
  /** Where it begins and just after it ends (its closing fence included). */
  at: number;
  end: number;
  /** Characters of the object itself. */
  length: number;
  fence: string[];
  opened: string[];
  /** Prose before it (since `from`) and chatter after it. */
  surroundings: string[];
  repairs: string[];
}

function truncationNote(t: { path: string; where: string; dropped?: string }): string {
  const inPath = t.path === "" ? "" : ` in "${t.path}"`;
  if (t.where === "string") return `the article was cut off${inPath}; closed it`;
  if (t.where === "name")
    return `the article was cut off in a field name ("${t.dropped}"); dropped it and closed the article`;
  if (t.where === "item")
    return `the article was cut off in "${t.path}"; dropped the incomplete item "${t.dropped}"`;
  if (t.where === "member")
    return `the article was cut off before the value of "${t.dropped}"; dropped that field and closed the article`;
  return `the article was cut off${t.path === "" ? "" : ` after "${t.path}"`}; closed it`;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Extracts the object that begins at `at` (or, with `virtualOpen`, a `{` lost before it). */
export function extractObject(
  text: string,
  at: number,
  from: number,
  virtualOpen: boolean,
  where: Where,
): ExtractedObject | { ok: false; error: string } {
  // Inside a code fence the article cannot go past the fence's closing line (Markdown ends it there).
  const before = text.slice(from, at);
  const fenced = FENCE_OPEN.exec(before);
  const fenceEnd = fenced ? text.slice(at).search(/\n[ \t]*(?:```|~~~)/) : -1;
  // Whitespace where the text was cut off is not part of the last value.
  const scanned = scan((fenceEnd < 0 ? text : text.slice(0, at + fenceEnd)).trimEnd(), at, { virtualOpen });
  if (scanned.unclear) {
    const { path, stringAt, quoteAt } = scanned.unclear;
    return {
      ok: false,
      error:
        `cannot tell where the string ${path === "" ? "" : `"${path}" `}that starts at ${where(stringAt)} ends: ` +
        `the quote at ${where(quoteAt)} is followed by ${excerpt(text.slice(quoteAt, quoteAt + 40))}, ` +
        "which is neither text nor valid JSON; fix the JSON there",
    };
  }

  // The same field twice: JSON.parse would silently keep the last one.
  const repeated: string[] = [];
  const seen = new Map<string, { value: string; at: number }>();
  for (const m of scanned.members) {
    const prev = seen.get(m.key);
    if (prev && prev.value !== m.value)
      return {
        ok: false,
        error:
          `the field "${m.key}" appears twice with different values (${where(prev.at)} and ` +
          `${where(m.at)}): which one is meant is ambiguous; delete the one that is wrong`,
      };
    if (prev) repeated.push(`removed a repeated "${m.key}" field with the same value`);
    seen.set(m.key, { value: m.value, at: m.at });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonrepair(scanned.text));
  } catch (e) {
    const pos = (e as { position?: number }).position;
    const place = where(typeof pos === "number" ? scanned.sourceIndex(pos) : at);
    const why = e instanceof Error ? e.message.replace(/ at position \d+$/, "") : String(e);
    return {
      ok: false,
      error: `the JSON could not be repaired at ${place} (${why.toLowerCase()}); fix it there`,
    };
  }

  let end = scanned.end;
  const closing = fenced ? FENCE_CLOSE.exec(text.slice(end)) : null;
  const after = text.slice(end + (closing?.[0].length ?? 0));
  if (closing) end += closing[0].length;
  const prose = (fenced ? before.slice(0, fenced.index) : before).trim();
  const chatter = after.trim();
  const repairs = [...scanned.repairs];
  if (!scanned.truncated && repairs.length === 0 && !isJson(scanned.text)) repairs.push("JSON syntax");
  return {
    ok: true,
    parsed,
    at,
    end,
    length: scanned.end - at,
    fence: fenced ? ["removed a Markdown code fence"] : [],
    opened: virtualOpen ? ['the opening "{" was missing; added it'] : [],
    surroundings: [
      ...(prose !== "" ? [`ignored ${count(prose.length)} before the article`] : []),
      ...(chatter !== "" ? [`ignored ${count(chatter.length)} after the article`] : []),
    ],
    repairs: [
      ...repeated,
      ...(repairs.length > 0 ? [`repaired: ${repairs.join(", ")}`] : []),
      ...(scanned.truncated ? [truncationNote(scanned.truncated)] : []),
    ],
  };
}
