// The article's fields as the extractor reasons about them before validation: which are required,
// and which names models use for the body (renamed to `body` in the tool only: the API accepts
// `body` alone). Pure.

export const REQUIRED_FIELDS = ["headline", "body", "category"] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

export const BODY_ALIASES = ["content", "article", "text"] as const;

/** The required fields that none of `keys` gives (a body alias gives the body). */
export function missingRequired(keys: Iterable<string>): RequiredField[] {
  const given = new Set(keys);
  const hasBody = given.has("body") || BODY_ALIASES.some((a) => given.has(a));
  return REQUIRED_FIELDS.filter((f) => (f === "body" ? !hasBody : !given.has(f)));
}
