// `?dry_run=true` on any write: the request is validated and decided exactly as the write would be,
// and answered with the status and body the write would get, but nothing is stored, purged or
// announced. This middleware reads the parameter once (400 naming it when it is neither "true" nor
// "false") and marks every answer of a dry run, problems included, with `Edgewire-Dry-Run: true`.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { invalidQuery } from "./problem.ts";

export const DRY_RUN_HEADER = "edgewire-dry-run";

export function dryRun(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const values = c.req.queries("dry_run") ?? [];
    const [value] = values;
    if (values.length > 1 || (value !== undefined && value !== "true" && value !== "false"))
      throw invalidQuery([{ path: "dry_run", message: 'must be given once, as "true" or "false"' }]);
    const dry = value === "true";
    c.set("dryRun", dry);
    await next();
    if (dry) c.res.headers.set(DRY_RUN_HEADER, "true");
  };
}
