// One error policy (RFC 9457 problem details): every error the service answers is
// application/problem+json with a type, a title, the status, a detail a person can act on and, for
// validation, every problem with its path. `ProblemError` carries one through Hono to `onError`.
import type { Problem } from "../articles/problems.ts";

export const PROBLEM_TYPES = {
  400: ["bad-request", "Bad Request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not-found", "Not Found"],
  405: ["method-not-allowed", "Method Not Allowed"],
  409: ["conflict", "Conflict"],
  410: ["gone", "Gone"],
  413: ["too-large", "Content Too Large"],
  415: ["unsupported-media-type", "Unsupported Media Type"],
  422: ["invalid-article", "Invalid Article"],
  429: ["too-many-requests", "Too Many Requests"],
  500: ["internal-error", "Internal Server Error"],
  503: ["storage-unavailable", "Service Unavailable"],
} as const;
export type ProblemStatus = keyof typeof PROBLEM_TYPES;

export interface ProblemInit {
  status: ProblemStatus;
  detail: string;
  /** Overrides the default type slug for the status (`/problems/{type}`). */
  type?: string;
  title?: string;
  errors?: Problem[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2), e.g. the conflicting `id`. */
  extra?: Record<string, unknown>;
}

export function problemBody(p: ProblemInit) {
  const [type, title] = PROBLEM_TYPES[p.status];
  return {
    type: `/problems/${p.type ?? type}`,
    title: p.title ?? title,
    status: p.status,
    detail: p.detail,
    ...(p.errors ? { errors: p.errors } : {}),
    ...p.extra,
  };
}

export function problemResponse(p: ProblemInit): Response {
  return new Response(JSON.stringify(problemBody(p)), {
    status: p.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...p.headers },
  });
}

export class ProblemError extends Error {
  readonly problem: ProblemInit;
  constructor(problem: ProblemInit) {
    super(problem.detail);
    this.problem = problem;
  }
}

/** Storage failed: the client should retry (503 with Retry-After), and nothing became visible. */
export function storageUnavailable(detail?: string): ProblemError {
  return new ProblemError({
    status: 503,
    detail:
      detail ??
      "Article storage did not answer. Nothing was changed; retry after the number of seconds in Retry-After.",
    headers: { "retry-after": "5" },
  });
}

/** 400 for query parameters that are unknown or malformed, naming each. */
export function invalidQuery(errors: Problem[]): ProblemError {
  return new ProblemError({
    status: 400,
    type: "invalid-query",
    title: "Invalid Query",
    detail: "Some query parameters are not valid.",
    errors,
  });
}
