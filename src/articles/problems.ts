// Turns zod issues into the `{path, message}` problems the API and the command-line tool report:
// one per problem, with a readable path (`authors[0].email`) and, for an unknown field, its name
// and the field the client probably meant.
import type { z } from "zod";

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

export function toProblems(
  issues: readonly z.core.$ZodIssue[],
  knownFields: (path: string) => readonly string[] = () => [],
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = formatPath(issue.path);
      for (const key of issue.keys) {
        const hint = suggest(key, knownFields(parent));
        out.push({
          path: parent === "" ? key : `${parent}.${key}`,
          message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
        });
      }
    } else if (
      issue.code === "invalid_union" &&
      issue.errors.length > 0 &&
      issue.message === "Invalid input"
    ) {
      out.push(...toProblems(issue.errors[0] ?? [], knownFields));
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}
