// The text rules of the article schema (schema.ts) as JSON Schema patterns, for the request body that
// /openapi.json publishes: ECMA-262 regular expressions, which ajv and most validators run with the
// `u` flag (code points, as `charCount` counts). The server drops control characters before any other
// rule (`cleanText`), so the patterns for text let them stand anywhere and never count them.
import { z } from "zod";
import { CONTROL_CHARS } from "./text.ts";

const C = CONTROL_CHARS;
/** Controls, which count for nothing. */
const c = `[${C}]*`;
/** Visible: neither whitespace nor a control. */
const VISIBLE = `[^\\s${C}]`;
/** Leading or trailing: whitespace and controls, which trimming removes. */
const EDGE = `[\\s${C}]*`;
const LINE_BREAKS = "\\r\\n\\u2028\\u2029";

/** 0 or 1 to `max` characters once trimmed, the first and last visible, `inner` between them. */
function trimmed(min: 0 | 1, max: number, inner: string, visible = VISIBLE): string {
  const content = max === 1 ? visible : `${visible}(?:(?:${c}${inner}){0,${max - 2}}${c}${visible})?`;
  return min === 0 ? `(?:${content})?` : content;
}

/**
 * One line of plain text once trimmed, `min`-`max` characters (schema.ts `plainLine`); with
 * `mustContain`, a character of that class somewhere.
 */
export function linePattern(max: number, min: 0 | 1 = 1, mustContain?: string): string {
  const ahead = mustContain ? `(?=[\\s\\S]*${mustContain})` : "";
  return `^${ahead}${EDGE}${trimmed(min, max, `[^${LINE_BREAKS}${C}]`)}${EDGE}$`;
}

/** A letter or a digit of any script (what makes a category's slug non-empty). */
export const LETTER_OR_DIGIT = "[\\p{L}\\p{N}]";

/**
 * Markup (text.ts `TAG_LIKE`: "<" before an ASCII letter, "/", "!" or "?", closed or not) in a string
 * whose controls are not removed yet: `<\u0000b` is `<b` to the server. A tag needs no closing `>`,
 * so no separator can end it early; `stop` is kept for callers and changes nothing.
 */
export function markupPattern(_stop = ""): string {
  return `<${c}[A-Za-z/!?]`;
}

/**
 * One keyword, at most `max` characters once trimmed and with each run of whitespace counted as one
 * space (the server collapses them); `stop` are characters that end it (the separators).
 */
function keyword(max: number, stop = ""): string {
  const visible = `[^\\s${stop}${C}]`;
  const space = `[^\\S${stop}${C}]`;
  const blank = `(?:${space}|[${C}])*`;
  // A whitespace run is one token only when a visible character follows: trailing space is trimmed.
  const run = `${c}${space}${blank}(?=${c}${visible})`;
  return `${blank}(?:${visible}(?:${c}${visible}|${run}){0,${max - 1}})?${blank}`;
}

/** One keyword of the array form. */
export const keywordPattern = (max: number) => `^${keyword(max)}$`;

/** The one-string form of `keywords`: at most `count` keywords split on `separators`. */
export const keywordListPattern = (max: number, count: number, separators: string) =>
  `^${keyword(max, separators)}(?:[${separators}]+${keyword(max, separators)}){0,${count - 1}}$`;

/** The body: a visible character, and at most `max` characters once controls are removed. */
export const bodyPattern = (max: number) => `^(?=[\\s\\S]*${VISIBLE})(?:${c}[^${C}]){0,${max}}${c}$`;

/**
 * An absolute http(s) URL as the WHATWG URL parser reads it (schema.ts `httpUrl`): scheme, slashes
 * of either kind or none, user info, a host without forbidden characters, a port, then anything; at
 * most `max` characters once trimmed. Tabs and line breaks vanish anywhere, as the parser removes
 * them. What a pattern cannot check: IDNA rules of international host names, IPv4 numbers.
 */
export function httpUrlPattern(max: number): string {
  const length = `(?=${EDGE}${trimmed(1, max, `[^${C}]`)}${EDGE}$)`;
  const gone = `[\\t\\n\\r${C}]`;
  const scheme = [..."http"].map((ch) => `[${ch.toUpperCase()}${ch}]${gone}*`).join("");
  const hostChar = `(?:[^\\s/\\\\?#:@<>[\\]^|%\\uD800-\\uDFFF\\uFFFD${C}]|%[0-9A-Fa-f]{2})`;
  const host = `(?:\\[[0-9A-Fa-f:.]+\\]|${gone}*${hostChar}(?:${hostChar}|${gone})*)`;
  const userInfo = `(?:[^\\s/\\\\?#]|${gone})*@`;
  return `^${length}${EDGE}${scheme}(?:[Ss]${gone}*)?:(?:[/\\\\]|${gone})*(?:${userInfo})?${host}(?::[\\d${C}]*)?(?:[/\\\\?#][\\s\\S]*|${EDGE})$`;
}

/** An http(s) URL whose path ends in one of `extensions` (any case), before any query or fragment. */
export function pathExtensionPattern(extensions: readonly string[]): string {
  const anyCase = (ext: string) => [...ext].map((ch) => `[${ch.toUpperCase()}${ch.toLowerCase()}]`).join("");
  const ext = `\\.(?:${extensions.map(anyCase).join("|")})`;
  return `^${EDGE}[Hh][Tt][Tt][Pp][Ss]?:[/\\\\]*[^/\\\\?#]+[/\\\\](?:[^?#]*[/\\\\])?[^/\\\\?#]*${ext}(?:[?#][\\s\\S]*)?$`;
}

/** The parts between optional whitespace, which `.trim()` removes (these fields are not cleaned). */
const padded = (...parts: (RegExp | string)[]) =>
  `^\\s*${parts.map((p) => (typeof p === "string" ? p : p.source.replace(/^\^|\$$/g, ""))).join("")}\\s*$`;

/** An e-mail address as zod checks it, at most `max` characters once trimmed. */
export const emailPattern = (max: number) => padded(`(?=\\S{1,${max}}\\s*$)`, z.regexes.email);

/** An image MIME type, in any case (the server lower-cases it). */
export const IMAGE_TYPE_PATTERN = padded("[Ii][Mm][Aa][Gg][Ee]/[A-Za-z0-9][A-Za-z0-9.+-]{0,60}");

const zodDateTime = z.iso.datetime({ offset: true })._zod.def.pattern;
if (!zodDateTime) throw new Error("zod's date-time check has no pattern");

/**
 * RFC 3339 with an offset as zod checks it, in the years 1970-2199 (the server accepts up to the first
 * instant of 2200 and applies the offset first, which a pattern cannot).
 */
export const DATE_TIME_PATTERN = padded("(?=(?:19[7-9]\\d|2[01]\\d\\d)-)", zodDateTime);

/**
 * A BCP 47 tag as Intl.getCanonicalLocales reads it, in any case: a 2-3 letter language, then script,
 * region, variants, extensions and private use (no extended language subtags).
 */
export const LANGUAGE_TAG_PATTERN = padded(
  "[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\\d[A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?",
);
