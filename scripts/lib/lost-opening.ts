// Model output whose opening `{"field": "` was lost: the text begins inside a string value and the
// members after it follow. The field is restored by elimination when the rest leaves exactly one
// required field without a value and the value passes that field's own rules (the Worker's schema);
// otherwise the text is refused, naming the candidates and what to add. Pure: runs in Node and workerd.
import { fieldProblems } from "../../src/articles/schema.ts";
import { missingRequired, type RequiredField } from "./fields.ts";
import { place, quoteEnd, quoteStart } from "./places.ts";
import { scan } from "./scan.ts";

export type Restored =
  | { ok: true; field: RequiredField; prefix: string; notes: string[] }
  | { ok: false; error: string };

/** The name the probe gives the lost field: no article field is called so. */
const PLACEHOLDER = "\u0000lost";
// How a sentence (or a quotation, a number, a parenthesis) can begin: an upper-case or caseless
// letter, a digit, an opening quote or bracket. "and the council…" does not.
const SENTENCE_START = /^[\p{Lu}\p{Lt}\p{Lo}\p{N}"'“‘«„‚¿¡([]/u;

/** Optional text fields a lost value could belong to when no required field can be it. */
const OPTIONAL_TEXT = ["subheadline"] as const;

const opening = (field: string) => `{"${field}": "`;
const list = (names: readonly string[], word: "and" | "or" | "nor") =>
  names.length <= 1
    ? `"${names[0] ?? ""}"`
    : `${names
        .slice(0, -1)
        .map((n) => `"${n}"`)
        .join(", ")} ${word} "${names.at(-1)}"`;

/**
 * Decides the field of the value that starts at `valueAt` and whose closing quote `quote` the
 * caller found at `closingAt` (followed by a comma and another member).
 */
export function restoreOpening(text: string, valueAt: number, closingAt: number, quote: string): Restored {
  const head = `{${JSON.stringify(PLACEHOLDER)}: ${quote}`;
  const probe = scan(head + text.slice(valueAt), 0);
  const [lost, ...rest] = probe.members;
  const value = lost?.key === PLACEHOLDER ? (JSON.parse(lost.value) as unknown) : undefined;
  const start =
    `the text starts inside a string value (${quoteEnd(text.slice(valueAt, closingAt))}, ending at ` +
    `${place(text, closingAt)}): its opening {"…": " was lost`;
  if (typeof value !== "string") return { ok: false, error: `${start}; add it, such as ${opening("body")}` };

  const missing = missingRequired(rest.map((m) => m.key));
  const fits = missing.filter((f) => fieldProblems(f, value).length === 0);
  const only = missing[0];
  if (missing.length === 1 && only && fits.length === 1) {
    const notes = [
      `the opening ${opening(only)} was lost; restored it: ${only} is the only required field the rest does not give`,
    ];
    if (!SENTENCE_START.test(value.trimStart()))
      notes.push(
        `warning: the restored ${only} begins ${quoteStart(value, 40)}, not like a sentence: its first words may be lost too; if so, add them at the start of the file and run again`,
      );
    return { ok: true, field: only, prefix: `{"${only}": ${quote}`, notes };
  }

  // Not a required field: an optional one the rest leaves free, or text to delete.
  const given = new Set(rest.map((m) => m.key));
  const free = OPTIONAL_TEXT.filter((f) => !given.has(f) && fieldProblems(f, value).length === 0);
  const next = rest[0];
  const remedies = [
    ...(free[0] ? [`add its opening at the very start, such as ${opening(free[0])}`] : []),
    ...(next
      ? [`delete everything before "${next.key}" at ${place(text, next.at - head.length + valueAt)}`]
      : []),
  ].join(", or ");
  if (missing.length === 0)
    return {
      ok: false,
      error:
        `${start}, and the rest gives every required field (headline, body, category), so it belongs to an ` +
        `optional field and which one cannot be told: ${remedies}, and try again`,
    };
  if (missing.length === 1 && only) {
    const why = fieldProblems(only, value)[0] ?? "";
    return {
      ok: false,
      error:
        `${start}, and "${only}" is the only required field the rest does not give, but the value cannot be ` +
        `the ${only} (it ${why}): ${remedies}; give a "${only}", and try again`,
    };
  }
  const neither = `the rest gives neither ${list(missing, "nor")}`;
  if (fits.length > 1)
    return {
      ok: false,
      error:
        `${start}, and ${neither}, so it could be ${fits.length === 2 ? "either" : `any of ${list(fits, "or")}`}. ` +
        `Add the opening of the one it is at the very start, such as ${opening(fits.includes("body") ? "body" : (fits[0] as string))}, ` +
        `give the other${missing.length > 2 ? "s" : ""}, and try again`,
    };
  const [one] = fits;
  if (one)
    return {
      ok: false,
      error: `${start}, and ${neither}; it can only be the ${one}, but then ${list(
        missing.filter((f) => f !== one),
        "and",
      )} would be missing too. Add ${opening(one)} at the very start, give the rest, and try again`,
    };
  return {
    ok: false,
    error: `${start}, and ${neither}, and the value fits none of them. Add the opening of the field it belongs to at the very start and give the rest, then try again`,
  };
}
