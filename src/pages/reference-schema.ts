// Reading an OpenAPI description for the reference page: following $refs, one-line type names,
// the limits a schema sets, an object's fields flattened (`authors[].name`), and every operation.
import type { OpenApiDocument } from "../openapi/document.ts";
import type { JsonSchema } from "../openapi/json-schema.ts";

export type Doc = OpenApiDocument;
export type Obj = Record<string, unknown>;

export function resolve(doc: Doc, node: unknown): Obj {
  let n = node as Obj;
  for (let i = 0; i < 5 && n && typeof n.$ref === "string"; i++) {
    const path = (n.$ref as string).replace(/^#\//, "").split("/");
    n = path.reduce<Obj>((o, k) => (o?.[k] ?? {}) as Obj, doc as unknown as Obj);
  }
  return n ?? {};
}

export const refName = (node: unknown) =>
  node && typeof (node as Obj).$ref === "string"
    ? ((node as Obj).$ref as string).split("/").at(-1)
    : undefined;

export function typeOf(s: JsonSchema): string {
  const name = refName(s);
  if (name) return name;
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).map(typeOf).join(" or ");
  if (s.type === "array") return `array of ${typeOf((s.items as JsonSchema) ?? {})}`;
  const base = Array.isArray(s.type) ? s.type.join(" or ") : String(s.type ?? "any");
  return s.format ? `${base} (${s.format})` : base;
}

export function limitsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  const range = (lo: unknown, hi: unknown, unit: string) => {
    if (lo !== undefined && hi !== undefined) out.push(`${lo}-${hi} ${unit}`);
    else if (hi !== undefined) out.push(`at most ${hi} ${unit}`);
    else if (lo !== undefined && lo !== 0) out.push(`at least ${lo} ${unit}`);
  };
  range(s.minLength, s.maxLength, "characters");
  range(s.minItems, s.maxItems, "items");
  range(s.minimum, s.maximum, "");
  if (Array.isArray(s.enum))
    out.push(`one of ${(s.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`);
  if (typeof s.pattern === "string") out.push(`matches ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  for (const alt of (s.anyOf as JsonSchema[] | undefined) ?? []) out.push(...limitsOf(alt));
  if (s.type === "array" && s.items) out.push(...limitsOf(s.items as JsonSchema).map((l) => `each ${l}`));
  return out.map((l) => l.replace(/ +$/, ""));
}

export interface FieldRow {
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** Object fields, nested ones as `authors[].name`, following $refs to other schemas only one level. */
export function fieldsOf(doc: Doc, schema: JsonSchema, prefix = "", depth = 0): FieldRow[] {
  const s = resolve(doc, schema) as JsonSchema;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
    const path = `${prefix}${name}`;
    rows.push({ path, schema: raw, required: required.has(name) });
    if (depth > 0 || refName(raw)) continue;
    const variants = [raw, ...((raw.anyOf as JsonSchema[] | undefined) ?? [])];
    for (const v of variants) {
      if (v.type === "object") rows.push(...fieldsOf(doc, v, `${path}.`, depth + 1));
      const items = v.items as JsonSchema | undefined;
      if (v.type === "array" && items)
        for (const iv of [items, ...((items.anyOf as JsonSchema[] | undefined) ?? [])])
          if (iv.type === "object") rows.push(...fieldsOf(doc, iv, `${path}[].`, depth + 1));
    }
  }
  return rows;
}

export const METHODS = ["get", "post", "put", "delete"] as const;

export interface Operation {
  method: string;
  path: string;
  op: Obj;
  shared: unknown[];
}

export function operationsOf(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Obj>))
    for (const method of METHODS)
      if (item[method])
        out.push({ method, path, op: item[method] as Obj, shared: (item.parameters as unknown[]) ?? [] });
  return out;
}
