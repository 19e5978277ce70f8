// From untrusted JSON to a draft ready to store: schema, normalisation, sanitising, id derivation.
// Shared by the single and batch API routes; the command-line tool uses the same schema.
import { type Draft, prepare } from "./article.ts";
import { type Problem, toProblems } from "./problems.ts";
import { articleInputSchema, knownFields } from "./schema.ts";

/** `notes`: what the sanitiser changed in an HTML body, for the write's answer. */
export type Validated = { ok: true; draft: Draft; notes: string[] } | { ok: false; errors: Problem[] };

/** `siteUrl`: what relative URLs of an HTML body resolve against when the article has no `url`. */
export async function validateArticle(
  raw: unknown,
  defaultLanguage: string,
  siteUrl?: string,
): Promise<Validated> {
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
  const prepared = await prepare(parsed.data, defaultLanguage, siteUrl);
  if (!prepared.ok) return { ok: false, errors: [{ path: prepared.path, message: prepared.message }] };
  return { ok: true, draft: prepared.draft, notes: prepared.notes };
}
