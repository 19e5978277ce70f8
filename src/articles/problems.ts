// Turns zod issues into the `{path, message}` problems the API and the command-line tool report:
// one per problem, with a readable path (`authors[0].email`) and, for an unknown field, its name
// and the field the client probably meant.
import type { z } from "zod";
import { SUGGEST_MAX_NAME, SUGGESTIONS_PER_REQUEST, UNKNOWN_FIELDS_REPORTED } from "../limits.ts";

export interface Problem {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** Edit distance counting a swap of neighbours as one edit (`atl` -> `alt`). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/** The known field closest to a misspelt one (`catgory` -> `category`), if it is close enough. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= (best.length <= 4 ? 1 : 2) ? best : undefined;
}

/** A field name as a message shows it: long names cut, so an error never echoes a megabyte. */
const shown = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

/**
 * The work is bounded by the cost model whatever the input: at most UNKNOWN_FIELDS_REPORTED unknown
 * fields are listed (then one "and N more"), and "did you mean" is computed only for names of at
 * most SUGGEST_MAX_NAME characters, SUGGESTIONS_PER_REQUEST times a call.
 */
export function toProblems(
  issues: readonly z.core.$ZodIssue[],
  knownFields: (path: string) => readonly string[] = () => [],
): Problem[] {
  const budget = { unknown: UNKNOWN_FIELDS_REPORTED, suggestions: SUGGESTIONS_PER_REQUEST, more: 0 };
  const out = collect(issues, knownFields, budget);
  if (budget.more > 0) out.push({ path: "", message: `and ${budget.more} more unknown fields` });
  return out;
}

function collect(
  issues: readonly z.core.$ZodIssue[],
  knownFields: (path: string) => readonly string[],
  budget: { unknown: number; suggestions: number; more: number },
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = formatPath(issue.path);
      for (const key of issue.keys) {
        if (budget.unknown <= 0) {
          budget.more++;
          continue;
        }
        budget.unknown--;
        let hint: string | undefined;
        if (key.length <= SUGGEST_MAX_NAME && budget.suggestions > 0) {
          budget.suggestions--;
          hint = suggest(key, knownFields(parent));
        }
        out.push({
          path: parent === "" ? shown(key) : `${parent}.${shown(key)}`,
          message: `unknown field "${shown(key)}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
        });
      }
    } else if (
      issue.code === "invalid_union" &&
      issue.errors.length > 0 &&
      issue.message === "Invalid input"
    ) {
      out.push(...collect(issue.errors[0] ?? [], knownFields, budget));
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}
