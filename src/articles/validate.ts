// From untrusted JSON to a draft ready to store: schema, normalisation, sanitising, id derivation.
// Shared by the single and batch API routes; the command-line tool uses the same schema.
import { type Draft, prepare } from "./article.ts";
import { type Problem, toProblems } from "./problems.ts";
import { articleInputSchema, knownFields } from "./schema.ts";

export type Validated = { ok: true; draft: Draft } | { ok: false; errors: Problem[] };

export async function validateArticle(raw: unknown, defaultLanguage: string): Promise<Validated> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [
        {
          path: "",
          message: `must be a JSON object (got ${Array.isArray(raw) ? "an array" : raw === null ? "null" : typeof raw})`,
        },
      ],
    };
  }
  const parsed = articleInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: toProblems(parsed.error.issues, knownFields) };
  const prepared = await prepare(parsed.data, defaultLanguage);
  if (!prepared.ok) return { ok: false, errors: [{ path: prepared.path, message: prepared.message }] };
  return { ok: true, draft: prepared.draft };
}
