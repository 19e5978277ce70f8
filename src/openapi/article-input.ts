// The request body of POST and PUT /api/articles: generated from `articleInputSchema`, the zod
// schema the API validates with (src/articles/schema.ts), then annotated with what its refinements
// check in code (lengths after trimming, plain text, URL kinds) so that a reader of the description
// learns every rule. A field the schema gains without an annotation here still appears (generated),
// and test/openapi.integration.test.ts fails until it is described.
import { articleInputSchema, LIMITS } from "../articles/schema.ts";
import { inputSchema, type JsonSchema } from "./json-schema.ts";

type Note = { description: string } & JsonSchema;

const PLAIN = "Plain text: tag-like markup such as `<b>` is refused (a literal `5 < 6` is fine).";
const HTTP_URL = { format: "uri", maxLength: LIMITS.url } as const;

const AUTHOR: Record<string, Note> = {
  name: {
    description: `The author's name: one line, 1-${LIMITS.authorName} characters. ${PLAIN}`,
    minLength: 1,
    maxLength: LIMITS.authorName,
  },
  url: { description: "Absolute http(s) URL of the author's page.", ...HTTP_URL },
  email: { description: "The author's e-mail address.", format: "email", maxLength: 254 },
};

const IMAGE: Record<string, Note> = {
  url: { description: "Absolute http(s) URL of the image.", ...HTTP_URL },
  alt: {
    description: `Text alternative: one line of plain text, at most ${LIMITS.alt} characters.`,
    maxLength: LIMITS.alt,
  },
  mimeType: {
    description:
      "The image's MIME type. Required unless the URL ends in .jpg, .jpeg, .png, .gif, .webp, .avif or .svg, from which it is taken.",
  },
  width: { description: "Width in pixels." },
  height: { description: "Height in pixels." },
  length: { description: "File size in bytes (the RSS enclosure length)." },
};

export const ARTICLE_FIELDS: Record<string, Note> = {
  id: {
    description:
      "Chosen by the client: lower-case letters, digits and dashes. Without it the server derives one from the headline at creation. Once given, an id never changes.",
  },
  headline: {
    description: `One line, 1-${LIMITS.headline} characters after trimming. ${PLAIN}`,
    minLength: 1,
    maxLength: LIMITS.headline,
  },
  subheadline: {
    description: `One line, at most ${LIMITS.subheadline} characters after trimming. ${PLAIN}`,
    maxLength: LIMITS.subheadline,
  },
  body: {
    description: `1-${LIMITS.body.toLocaleString("en")} characters. Plain text with paragraphs separated by line breaks, or HTML with \`bodyFormat: "html"\` (sanitised to a safe allowlist before it is stored).`,
    minLength: 1,
    maxLength: LIMITS.body,
  },
  bodyFormat: { description: "`text` (default) or `html`." },
  keywords: {
    description: `An array of strings, or one string split on \`,\` \`;\` or line breaks. At most ${LIMITS.keywords} after de-duplication ignoring case, each at most ${LIMITS.keyword} characters of plain text.`,
  },
  category: {
    description: `Display name, 1-${LIMITS.category} characters with at least one letter or digit; its slug names the category's feeds (\`World News\` → \`/category/world-news/feed.xml\`).`,
    minLength: 1,
    maxLength: LIMITS.category,
  },
  authors: {
    description: `Up to ${LIMITS.authors} authors; a plain string is shorthand for \`{"name": ...}\`. Give \`authors\` or \`author\`, not both.`,
  },
  author: { description: 'Shorthand for one author: `"author": "Jane Doe"` or `{"name": "Jane Doe"}`.' },
  publishedAt: {
    description:
      "RFC 3339 date-time with an offset, between 1970 and 2200. Default: the time of first publication. A future time is an embargo: the article stays out of every public output until then.",
    format: "date-time",
  },
  url: {
    description:
      "Absolute http(s) URL of the canonical page on the newsroom's site. Default: this service's `/articles/{id}`.",
    ...HTTP_URL,
  },
  image: { description: "The article's main image." },
  language: { description: "BCP 47 language tag such as `en` or `pt-BR`. Default: the site's language." },
};

function annotate(target: JsonSchema | undefined, notes: Record<string, Note>) {
  const props = target?.properties as Record<string, JsonSchema> | undefined;
  if (!props) return;
  for (const [name, note] of Object.entries(notes)) {
    const prop = props[name];
    if (!prop) throw new Error(`the article schema has no field "${name}" to describe`);
    // A keywords string or array: limits belong to the array form and its items.
    if (name === "keywords" && Array.isArray(prop.anyOf)) {
      const array = (prop.anyOf as JsonSchema[]).find((s) => s.type === "array");
      if (array) {
        array.maxItems = LIMITS.keywords;
        (array.items as JsonSchema).maxLength = LIMITS.keyword;
      }
    }
    Object.assign(prop, note);
  }
}

/** The request body schema, from the same zod schema the API validates with. */
export function articleInputJsonSchema(): JsonSchema {
  const schema = inputSchema(articleInputSchema);
  annotate(schema, ARTICLE_FIELDS);
  const props = schema.properties as Record<string, JsonSchema>;
  annotate(props.author, AUTHOR);
  annotate((props.authors?.items as JsonSchema | undefined) ?? undefined, AUTHOR);
  annotate(props.image, IMAGE);
  // The author shorthand is accepted inside `authors` and as `author`: a string or the object.
  for (const where of ["author", "authors"] as const) {
    const holder = where === "author" ? props : (props.authors as JsonSchema);
    const key = where === "author" ? "author" : "items";
    const object = (holder as JsonSchema)[key] as JsonSchema;
    const note = where === "author" ? { description: object.description } : {};
    if (where === "author") delete object.description;
    (holder as JsonSchema)[key] = {
      ...note,
      anyOf: [{ type: "string", minLength: 1, description: "The author's name." }, object],
    };
  }
  schema.title = "Article input";
  schema.description =
    'An article as newsroom scripts send it. Unknown fields are refused by name; `null` counts as "not given" for optional top-level fields.';
  return schema;
}
