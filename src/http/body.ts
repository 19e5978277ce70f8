// Request bodies for the newsroom API: JSON only (415 otherwise), capped before they are read whole
// (413, via hono/body-limit on Content-Length or while streaming), strict UTF-8 (RFC 8259 §8.1) and
// parse errors that say where (400 with line and column).
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.ts";
import { jsonErrorOffset } from "./json-position.ts";
import { ProblemError, problemResponse } from "./problem.ts";

export const ARTICLE_MAX_BYTES = 1024 * 1024;
export const BATCH_MAX_BYTES = 10 * 1024 * 1024;
/** Articles in one batch request. */
export const BATCH_MAX = 100;

const mib = (n: number) => `${n / (1024 * 1024)} MB`;

export function limitBody(maxBytes: number, what: string): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () =>
      problemResponse({
        status: 413,
        detail: `${what} must be at most ${mib(maxBytes)} (${maxBytes.toLocaleString("en")} bytes).`,
        extra: { maxBytes },
      }),
  });
}

function isJsonType(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Line and column (1-based) of a UTF-16 offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

export async function readJson(c: Context<AppEnv>, maxBytes: number): Promise<unknown> {
  if (!isJsonType(c.req.header("content-type"))) {
    throw new ProblemError({
      status: 415,
      detail: `Send the article as JSON with "Content-Type: application/json" (got ${JSON.stringify(c.req.header("content-type") ?? "no Content-Type")}).`,
    });
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) {
    throw new ProblemError({
      status: 413,
      detail: `The body must be at most ${mib(maxBytes)}.`,
      extra: { maxBytes },
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Where: the first replacement character of a lenient decode (good enough to find the bad bytes).
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const where = lineColumn(lenient, Math.max(0, lenient.indexOf("\uFFFD")));
    throw new ProblemError({
      status: 400,
      type: "malformed-json",
      title: "Malformed JSON",
      detail: `The body is not valid UTF-8 (first bad bytes at line ${where.line}, column ${where.column}).`,
      extra: where,
    });
  }
  if (text.trim() === "") {
    throw new ProblemError({
      status: 400,
      type: "malformed-json",
      title: "Malformed JSON",
      detail: "The body is empty; send a JSON object.",
    });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : "invalid JSON";
    const offset = jsonErrorOffset(text);
    const where = offset >= 0 ? lineColumn(text, offset) : undefined;
    throw new ProblemError({
      status: 400,
      type: "malformed-json",
      title: "Malformed JSON",
      detail: `The body is not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ""}: ${message.replace(/, "[\s\S]*" is not valid JSON$/, "").replace(/ in JSON at position.*$/, "")}.`,
      ...(where ? { extra: where } : {}),
    });
  }
}
