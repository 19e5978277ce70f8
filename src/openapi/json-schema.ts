// zod -> JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) for the description, tidied: no
// per-schema `$schema`/`$id`, no regex where a `format` already says it (date-time, email), no
// integer bounds that only restate JavaScript's safe range.
import { z } from "zod";

export type JsonSchema = { [key: string]: unknown };

function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema" || k === "$id") continue;
    out[k] = tidy(v);
  }
  if (typeof out.format === "string" && typeof out.pattern === "string") delete out.pattern;
  if (out.minimum === -Number.MAX_SAFE_INTEGER) delete out.minimum;
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  return out;
}

/** Every schema that carries a `.meta({ id })`, as `components.schemas` with `$ref`s between them. */
export function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: "output",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return tidy(schemas) as Record<string, JsonSchema>;
}

/** One schema as the client sends it (`io: "input"`: before defaults and transforms). */
export function inputSchema(schema: z.ZodType): JsonSchema {
  return tidy(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })) as JsonSchema;
}
