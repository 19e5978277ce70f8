// Newsroom authentication: `Authorization: Bearer <token>` against the PUBLISH_TOKENS secret
// (`token` or `name:token`, comma-separated), read on every request so a revoked token stops at once.
// Every configured token is compared in constant time (hono's timingSafeEqual), with no early exit.
import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { timingSafeEqual } from "hono/utils/buffer";
import type { AppEnv } from "../env.ts";
import { ProblemError, problemResponse } from "./problem.ts";

interface TokenEntry {
  name?: string;
  token: string;
}

export function parseTokens(secret: string | undefined): TokenEntry[] {
  return (secret ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const i = s.indexOf(":");
      return i > 0 ? { name: s.slice(0, i), token: s.slice(i + 1) } : { token: s };
    })
    .filter((t) => t.token !== "");
}

/**
 * Counts a wrong token against the client's address (Workers Rate Limiting binding). Only failures
 * are counted, so a guesser is slowed to 10 tries a minute while the right token always gets in.
 */
async function throttleFailure(env: Env, client: string): Promise<void> {
  const { success } = await env.AUTH_FAILURES.limit({ key: client });
  if (!success) {
    throw new ProblemError({
      status: 429,
      detail: "Too many requests with a wrong token from this address; wait a minute.",
      headers: { "retry-after": "60" },
    });
  }
}

const unauthorized = (detail: string) => () => problemResponse({ status: 401, detail });

export function newsroomAuth(): MiddlewareHandler<AppEnv> {
  return bearerAuth({
    realm: "edgewire",
    verifyToken: async (presented, c) => {
      let match: TokenEntry | undefined;
      for (const entry of parseTokens(c.env.PUBLISH_TOKENS)) {
        if ((await timingSafeEqual(entry.token, presented)) && !match) match = entry;
      }
      if (match?.name) c.set("publisher", match.name);
      if (!match) await throttleFailure(c.env, c.req.header("cf-connecting-ip") ?? "unknown");
      return match !== undefined;
    },
    noAuthenticationHeader: {
      message: unauthorized("This request needs an Authorization: Bearer <token> header."),
    },
    invalidAuthenticationHeader: {
      message: unauthorized(
        'The Authorization header must be "Bearer <token>" with a token of letters, digits and -._~+/.',
      ),
    },
    invalidToken: { message: unauthorized("The bearer token is not valid.") },
  });
}
