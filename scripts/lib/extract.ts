// Finds the article in a language model's output before it is validated: the JSON object inside a
// code fence or among prose and chatter, repaired when the intent is unambiguous (jsonrepair does the
// syntax, scan.ts the strings, lost-opening.ts a lost `{"field": "`), refused with the place named
// when it is not. One file, one decision: several objects are refused unless they form one JSON array
// or `all` is asked for. Every change is reported as a sentence. Pure: runs in Node and in workerd.
import { BODY_ALIASES } from "./fields.ts";
import { restoreOpening } from "./lost-opening.ts";
import { extractObject, findObject, type Where } from "./object.ts";
import { count, place, quoteStart } from "./places.ts";

export { BODY_ALIASES } from "./fields.ts";
export { place } from "./places.ts";

export type Extracted =
  | { ok: true; value: Record<string, unknown>; notes: string[] }
  | { ok: false; error: string };
export type ExtractedMany =
  | { ok: true; articles: { value: Record<string, unknown>; notes: string[] }[]; notes: string[] }
  | { ok: false; error: string };

export interface ExtractOptions {
  /** Publish every object of a file that holds several (`--all`) instead of refusing it. */
  all?: boolean;
}

// The end of a string value, a comma and the next field: JSON members with their opening lost.
const LOST_OPENING = /["'][ \t]*,\s*(?:"[A-Za-z_$][\w$-]{0,99}"|'[A-Za-z_$][\w$-]{0,99}')\s*:/;
const LEADING_MEMBER = /^(?:"[A-Za-z_$][\w$-]{0,99}"|'[A-Za-z_$][\w$-]{0,99}'|[A-Za-z_$][\w$]{0,99})\s*:/;
const LEADING_FENCE = /^\s*(?:```|~~~)[\w+-]*[ \t]*\r?\n/;

type Start =
  | { at: number; virtualOpen: boolean }
  | { lost: { valueAt: number; closingAt: number; quote: string } }
  | { error: string };

function findStart(text: string): Start {
  const at = findObject(text, 0);
  const before = at < 0 ? text : text.slice(0, at);
  const lost = LOST_OPENING.exec(before);
  if (lost) {
    const first = before.replace(LEADING_FENCE, "").trimStart();
    const valueAt = before.length - first.length;
    if (LEADING_MEMBER.test(first)) return { at: valueAt, virtualOpen: true };
    return { lost: { valueAt, closingAt: lost.index, quote: lost[0][0] as string } };
  }
  if (at >= 0) return { at, virtualOpen: false };
  const trimmed = text.trim();
  return {
    error:
      trimmed === ""
        ? "the text is empty: there is no article in it; give the tool the model's JSON answer"
        : `no article found: the ${count(trimmed.length)} of text hold no JSON object (nothing like {"headline": ...}); give the tool the model's JSON answer`,
  };
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

/** How a refusal names one object: its headline, or what it is, and where. */
function nameOf(parsed: unknown, at: string): string {
  if (Array.isArray(parsed)) return `a JSON array of ${parsed.length} (${at})`;
  const o = (parsed ?? {}) as Record<string, unknown>;
  const h =
    typeof o.headline === "string" ? o.headline : (o.article as { headline?: unknown } | undefined)?.headline;
  return typeof h === "string" && h.trim() !== ""
    ? `${quoteStart(h)} (${at})`
    : `an object without a headline (${at})`;
}

/** Every article in the text: one object, each object of one JSON array, or (with `all`) each object. */
export function extractArticles(input: string, options: ExtractOptions = {}): ExtractedMany {
  const text = input.replace(/^\uFEFF/, "");
  const start = findStart(text);
  if ("error" in start) return { ok: false, error: start.error };

  // A lost opening is restored in front of the value; places still name the file's own lines.
  let src = text;
  let where: Where = (i) => place(text, i);
  let first = { at: 0, virtualOpen: false };
  const restoredNotes: string[] = [];
  if ("lost" in start) {
    const { valueAt, closingAt, quote } = start.lost;
    const restored = restoreOpening(text, valueAt, closingAt, quote);
    if (!restored.ok) return { ok: false, error: restored.error };
    src = restored.prefix + text.slice(valueAt);
    const shift = valueAt - restored.prefix.length;
    where = (i) => place(text, Math.max(valueAt, i + shift));
    restoredNotes.push(...restored.notes);
  } else first = start;

  const objects = [];
  for (let at = first.at, virtualOpen = first.virtualOpen, from = 0; at >= 0; virtualOpen = false) {
    const one = extractObject(src, at, from, virtualOpen, where);
    if (!one.ok)
      return objects.length === 0 ? one : { ok: false, error: `object ${objects.length + 1}: ${one.error}` };
    objects.push(one);
    from = one.end;
    at = findObject(src, one.end);
  }

  const [only] = objects;
  if (!only) return { ok: false, error: "no article found" };
  if (objects.length > 1 && !options.all) {
    const names = objects.map((o) => nameOf(o.parsed, where(o.at)));
    return {
      ok: false,
      error:
        `the text holds ${objects.length} JSON objects, each possibly an article: ${names.slice(0, -1).join(", ")} and ${names.at(-1)}. ` +
        "Publishing one of them would be a guess: keep one article per file, put them in one JSON array, or pass --all to publish each",
    };
  }

  const notes: string[] = [];
  const articles: { value: Record<string, unknown>; notes: string[] }[] = [];
  for (const [k, o] of objects.entries()) {
    const own = [...o.fence, ...(k === 0 ? restoredNotes : []), ...o.opened];
    const items = Array.isArray(o.parsed) ? o.parsed : [o.parsed];
    if (items.length === 0)
      return {
        ok: false,
        error: `the JSON array at ${where(o.at)} holds no articles: put the articles in it`,
      };
    for (const [n, item] of items.entries()) {
      if (!item || typeof item !== "object" || Array.isArray(item)) {
        const what = Array.isArray(item) ? "an array" : item === null ? "null" : typeof item;
        return {
          ok: false,
          error: `item ${n + 1} of the JSON array at ${where(o.at)} is ${what}, not an article: remove it, or make it an article object`,
        };
      }
      articles.push(normalise(item as Record<string, unknown>));
    }
    // One object: its surroundings and repairs are the file's notes (the items of an array share
    // them); several (--all): each article carries its own.
    if (objects.length === 1) notes.push(...own, ...o.surroundings, ...o.repairs);
    else (articles.at(-1) as { notes: string[] }).notes.unshift(...own, ...o.repairs);
  }
  if (objects.length > 1) {
    const inside = objects.reduce((n, o) => n + o.length, 0);
    const outside = src.trim().length - inside;
    notes.push(`published each of the ${objects.length} JSON objects (--all)`);
    if (outside > 0) notes.push(`ignored ${count(outside)} around them`);
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
