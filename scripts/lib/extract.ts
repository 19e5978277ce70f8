// Finds the article in a language model's output before it is validated: the JSON object inside a
// code fence or among prose and chatter, repaired when the intent is unambiguous (jsonrepair does the
// syntax, scan.ts the strings), refused with the place named when it is not. Every change is reported
// as a sentence. Pure: no `node:` imports, so it runs in Node and in workerd.
import { jsonrepair } from "jsonrepair";
import { scan } from "./scan.ts";

export type Extracted =
  | { ok: true; value: Record<string, unknown>; notes: string[] }
  | { ok: false; error: string };
export type ExtractedMany =
  | { ok: true; articles: { value: Record<string, unknown>; notes: string[] }[]; notes: string[] }
  | { ok: false; error: string };

/** Names models use for the body; renamed here, in the tool only: the API accepts `body` alone. */
export const BODY_ALIASES = ["content", "article", "text"] as const;

// Where an article can begin: `{` then a field name and a colon (or the end of the text, when it was
// cut off right there), or `[` then such an object. Braces in prose ("{JSON}") do not qualify.
const FIELD = String.raw`(?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*(?:"[^"\n]{0,100}"\s*:|'[^'\n]{0,100}'\s*:|[A-Za-z_$][\w$-]{0,99}\s*:|["'][^"'\n]{0,100}$|$)`;
const OBJECT_START = new RegExp(String.raw`\{${FIELD}`, "y");
const ARRAY_START = new RegExp(String.raw`\[\s*\{${FIELD}`, "y");
// The end of a string value, a comma and the next field: JSON members with their opening lost.
const LOST_OPENING = /["'][ \t]*,\s*(?:"[A-Za-z_$][\w$-]{0,99}"|'[A-Za-z_$][\w$-]{0,99}')\s*:/;
const LEADING_MEMBER = /^(?:"[A-Za-z_$][\w$-]{0,99}"|'[A-Za-z_$][\w$-]{0,99}'|[A-Za-z_$][\w$]{0,99})\s*:/;
const FENCE_OPEN = /(?:^|\n)[ \t]*(?:```|~~~)[\w+-]*[ \t]*\r?\n\s*$/;
const FENCE_CLOSE = /^\s*(?:```|~~~)[ \t]*(?:\r?\n|$)/;

/** `line 3, column 14` for a character offset. */
export function place(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

const count = (n: number) => `${n.toLocaleString("en")} character${n === 1 ? "" : "s"}`;
/** A value's text for an error message, on one line, its end kept: `"...bridge reopens"`. */
const quote = (s: string) => {
  const one = s.replace(/\s+/g, " ").trim();
  return `"${one.length > 60 ? `...${one.slice(-57)}` : one}"`;
};
/** Raw source for an error message, between backticks since it is full of quotes. */
const excerpt = (s: string) => `\`${s.replace(/\s+/g, " ").trim()}\``;

function findStart(text: string): { at: number; virtualOpen: boolean } | { error: string } {
  let at = -1;
  for (let i = text.search(/[{[]/); i >= 0 && i < text.length; ) {
    const re = text[i] === "{" ? OBJECT_START : ARRAY_START;
    re.lastIndex = i;
    if (re.test(text)) {
      at = i;
      break;
    }
    const next = text.slice(i + 1).search(/[{[]/);
    i = next < 0 ? -1 : i + 1 + next;
  }
  const before = at < 0 ? text : text.slice(0, at);
  const lost = LOST_OPENING.exec(before);
  if (lost) {
    const body = before.replace(/^\s*(?:```|~~~)[\w+-]*[ \t]*\r?\n/, "");
    const first = body.trimStart();
    if (LEADING_MEMBER.test(first)) return { at: before.length - first.length, virtualOpen: true };
    return {
      error:
        `the text starts inside a string value (${quote(before.slice(0, lost.index))}, ending at ` +
        `${place(text, lost.index)}): its opening "{" and field name were lost, so which field it belongs to, ` +
        `and whether it is complete, is unknown. Add the opening, such as {"headline": ", and try again`,
    };
  }
  if (at < 0) {
    const trimmed = text.trim();
    return {
      error:
        trimmed === ""
          ? "the text is empty: there is no article in it"
          : `no article found: the ${count(trimmed.length)} of text hold no JSON object (nothing like {"headline": ...})`,
    };
  }
  return { at, virtualOpen: false };
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

/** Renames a body alias to `body`, or unwraps `{"article": {...}}`. */
function normalise(value: Record<string, unknown>): { value: Record<string, unknown>; notes: string[] } {
  const keys = Object.keys(value);
  const inner = value.article;
  if (keys.length === 1 && inner && typeof inner === "object" && !Array.isArray(inner)) {
    const unwrapped = normalise(inner as Record<string, unknown>);
    return { value: unwrapped.value, notes: ['took the article from inside "article"', ...unwrapped.notes] };
  }
  const aliases = BODY_ALIASES.filter((k) => typeof value[k] === "string");
  if ("body" in value || aliases.length !== 1) {
    const notes =
      aliases.length > 1 && !("body" in value)
        ? [
            `did not rename ${aliases.map((a) => `"${a}"`).join(" or ")} to "body": which one is the body is unclear`,
          ]
        : [];
    return { value, notes };
  }
  const alias = aliases[0] as string;
  const renamed = Object.fromEntries(Object.entries(value).map(([k, v]) => [k === alias ? "body" : k, v]));
  return { value: renamed, notes: [`renamed "${alias}" to "body"`] };
}

/** Every article in the text: one object, or each object of a JSON array. */
export function extractArticles(input: string): ExtractedMany {
  const text = input.replace(/^\uFEFF/, "");
  const start = findStart(text);
  if ("error" in start) return { ok: false, error: start.error };

  // Inside a code fence the article cannot go past the fence's closing line (Markdown ends it there).
  const before = text.slice(0, start.at);
  const fenced = FENCE_OPEN.exec(before);
  const fenceEnd = fenced ? text.slice(start.at).search(/\n[ \t]*(?:```|~~~)/) : -1;
  // Whitespace where the text was cut off is not part of the last value.
  const scanned = scan((fenceEnd < 0 ? text : text.slice(0, start.at + fenceEnd)).trimEnd(), start.at, {
    virtualOpen: start.virtualOpen,
  });
  if (scanned.unclear) {
    const { path, stringAt, quoteAt } = scanned.unclear;
    return {
      ok: false,
      error:
        `cannot tell where the string ${path === "" ? "" : `"${path}" `}that starts at ${place(text, stringAt)} ends: ` +
        `the quote at ${place(text, quoteAt)} is followed by ${excerpt(text.slice(quoteAt, quoteAt + 40))}, ` +
        "which is neither text nor valid JSON; fix the JSON there",
    };
  }
  const notes: string[] = [];

  // What surrounds the article: a code fence, prose before, chatter after.
  const prose = (fenced ? before.slice(0, fenced.index) : before).trim();
  let after = text.slice(scanned.end);
  if (fenced && FENCE_CLOSE.test(after)) after = after.replace(FENCE_CLOSE, "");
  if (fenced) notes.push("removed a Markdown code fence");
  if (start.virtualOpen) notes.push('the opening "{" was missing; added it');
  if (prose !== "") notes.push(`ignored ${count(prose.length)} before the article`);
  const chatter = after.trim();
  if (chatter !== "") {
    const another = findStart(chatter);
    notes.push(
      `ignored ${count(chatter.length)} after the article` +
        ("at" in another ? " (they include another JSON object: only the first is published)" : ""),
    );
  }

  // The same field twice: JSON.parse would silently keep the last one.
  const seen = new Map<string, { value: string; at: number }>();
  for (const m of scanned.members) {
    const prev = seen.get(m.key);
    if (prev && prev.value !== m.value)
      return {
        ok: false,
        error:
          `the field "${m.key}" appears twice with different values (${place(text, prev.at)} and ` +
          `${place(text, m.at)}): which one is meant is ambiguous`,
      };
    if (prev) notes.push(`removed a repeated "${m.key}" field with the same value`);
    seen.set(m.key, { value: m.value, at: m.at });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonrepair(scanned.text));
  } catch (e) {
    const pos = (e as { position?: number }).position;
    const where = typeof pos === "number" ? place(text, scanned.sourceIndex(pos)) : place(text, start.at);
    const why = e instanceof Error ? e.message.replace(/ at position \d+$/, "") : String(e);
    return { ok: false, error: `the JSON could not be repaired at ${where} (${why.toLowerCase()})` };
  }

  const repairs = [...scanned.repairs];
  if (!scanned.truncated && repairs.length === 0 && !isJson(scanned.text)) repairs.push("JSON syntax");
  if (repairs.length > 0) notes.push(`repaired: ${repairs.join(", ")}`);
  if (scanned.truncated) notes.push(truncationNote(scanned.truncated));

  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0)
    return { ok: false, error: `the JSON array at ${place(text, start.at)} holds no articles` };
  const articles: { value: Record<string, unknown>; notes: string[] }[] = [];
  for (const [n, item] of items.entries()) {
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      const what = Array.isArray(item) ? "an array" : item === null ? "null" : typeof item;
      return {
        ok: false,
        error: `item ${n + 1} of the JSON array at ${place(text, start.at)} is ${what}, not an article`,
      };
    }
    articles.push(normalise(item as Record<string, unknown>));
  }
  return { ok: true, articles, notes };
}

/** The one article in the text; a JSON array of several is refused (use extractArticles). */
export function extractArticle(text: string): Extracted {
  const many = extractArticles(text);
  if (!many.ok) return many;
  const [first, ...rest] = many.articles;
  if (!first || rest.length > 0)
    return {
      ok: false,
      error: `the text holds a JSON array of ${many.articles.length} articles, not one article`,
    };
  return { ok: true, value: first.value, notes: [...many.notes, ...first.notes] };
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
