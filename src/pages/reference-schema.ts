// Reading an OpenAPI 3.1 document for the reference page: following schema $refs, one-line type
// names, the limits a schema sets, an object's fields flattened (`authors[].name`), every operation.
import type { OpenAPIHono } from "@hono/zod-openapi";

/** The document the routes generate (src/routes/openapi.ts), with its own types. */
export type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type PathItem = NonNullable<OpenApiDocument["paths"]>[string];
export type OperationObject = NonNullable<PathItem["get"]>;
/** OpenAPI's Reference Object. */
type Ref = Extract<NonNullable<OperationObject["requestBody"]>, { $ref: string }>;
type Resolved<T> = Exclude<T, Ref>;
type Components = NonNullable<OpenApiDocument["components"]>;
export type Schema = Resolved<NonNullable<Components["schemas"]>[string]>;
/** (The Responses Object is typed loosely; the component map holds the real Response Object type.) */
export type ResponseObject = Resolved<NonNullable<Components["responses"]>[string]>;
type Node = Schema | Ref;

const isRef = (node: unknown): node is Ref =>
  typeof node === "object" && node !== null && "$ref" in node && typeof node.$ref === "string";

/** The component a `#/components/schemas/Name` reference names. */
export const refName = (node: unknown) => (isRef(node) ? node.$ref.split("/").at(-1) : undefined);

export function resolve(doc: OpenApiDocument, node: Node | undefined): Schema {
  for (let i = 0; node && isRef(node) && i < 5; i++) node = doc.components?.schemas?.[refName(node) ?? ""];
  return node && !isRef(node) ? node : {};
}

/** Anything else in the document by reference: the generated one keeps only schemas as components. */
export function inline<T extends object>(node: T | Ref | undefined): T | undefined {
  return node === undefined || isRef(node) ? undefined : node;
}

export function typeOf(node: Node): string {
  if (isRef(node)) return refName(node) ?? "any";
  const s = node;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.type === "array") return `array of ${typeOf(s.items ?? {})}`;
  const base = Array.isArray(s.type) ? s.type.join(" or ") : String(s.type ?? "any");
  return s.format ? `${base} (${s.format})` : base;
}

/** Patterns longer than this are for validators, not people (the description says the rule). */
const READABLE_PATTERN = 40;

export function limitsOf(node: Node): string[] {
  if (isRef(node)) return [];
  const s = node;
  const out: string[] = [];
  const range = (lo: unknown, hi: unknown, unit: string) => {
    if (lo !== undefined && hi !== undefined) out.push(`${lo}-${hi} ${unit}`);
    else if (hi !== undefined) out.push(`at most ${hi} ${unit}`);
    else if (lo !== undefined && lo !== 0) out.push(`at least ${lo} ${unit}`);
  };
  range(s.minLength, s.maxLength, "characters");
  range(s.minItems, s.maxItems, "items");
  range(s.minimum, s.maximum, "");
  if (Array.isArray(s.enum)) out.push(`one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (s.pattern && s.pattern.length <= READABLE_PATTERN) out.push(`matches ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  for (const alt of s.anyOf ?? []) out.push(...limitsOf(alt));
  if (s.type === "array" && s.items) out.push(...limitsOf(s.items).map((l) => `each ${l}`));
  return out.map((l) => l.replace(/ +$/, ""));
}

export interface FieldRow {
  path: string;
  schema: Node;
  required: boolean;
}

/** Object fields, nested ones as `authors[].name`, following $refs one level. */
export function fieldsOf(doc: OpenApiDocument, node: Node, prefix = "", depth = 0): FieldRow[] {
  const s = resolve(doc, node);
  const required = new Set(s.required ?? []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push({ path, schema: raw, required: required.has(name) });
    if (depth > 0 || isRef(raw)) continue;
    for (const v of [raw, ...(raw.anyOf ?? [])]) {
      const object = resolve(doc, v);
      if (object.properties) rows.push(...fieldsOf(doc, object, `${path}.`, depth + 1));
      if (isRef(v) || !v.items) continue;
      const items = resolve(doc, v.items);
      for (const iv of [items, ...(items.anyOf ?? [])].map((x) => resolve(doc, x)))
        if (iv.properties) rows.push(...fieldsOf(doc, iv, `${path}[].`, depth + 1));
    }
  }
  return rows;
}

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export interface Operation {
  method: string;
  path: string;
  op: OperationObject;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (op) out.push({ method, path, op });
    }
  return out;
}
