// Newsroom authentication: `Authorization: Bearer <token>` against the PUBLISH_TOKENS secret
// (`token`, `name:token` or `name:token:publish+takedown+admin`, comma-separated), read on every
// request so a revoked token stops at once. Every configured token is compared in constant time
// (hono's timingSafeEqual), with no early exit. A write outside the token's scopes answers 403.
import type { Context, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { timingSafeEqual } from "hono/utils/buffer";
import type { AppEnv, Scope } from "../env.ts";
import { logEvent } from "../log.ts";
import { ProblemError, problemResponse } from "./problem.ts";

export interface TokenEntry {
  name?: string;
  token: string;
  scopes: ReadonlySet<Scope>;
}

export const SCOPES: readonly Scope[] = ["publish", "takedown", "admin"];
/** A token that names no scopes keeps the rights every token had before scopes: all but admin. */
export const DEFAULT_SCOPES: ReadonlySet<Scope> = new Set(["publish", "takedown"]);

const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** The secret whose ignored entries were last logged: once per value per isolate, not per request. */
let logged: string | undefined;

/**
 * Parses the secret. An entry with an unknown scope is left out whole (and logged, without the
 * token, once per value of the secret): a typo must not grant more, nor silently less, than the
 * operator meant.
 */
export function parseTokens(secret: string | undefined): TokenEntry[] {
  const log = logged !== secret ? logEvent : () => {};
  logged = secret;
  const out: TokenEntry[] = [];
  for (const raw of (secret ?? "").split(",")) {
    const parts = raw.trim().split(":");
    if (parts.length > 3 || parts.some((p) => p === "")) {
      if (raw.trim() !== "")
        log("publish-token-ignored", { reason: "not token, name:token or name:token:scopes" });
      continue;
    }
    const [a, b, c] = parts as [string, string?, string?];
    const token = b ?? a;
    const name = b !== undefined ? a : undefined;
    let scopes = DEFAULT_SCOPES;
    if (c !== undefined) {
      const named = c.split("+");
      const unknown = named.filter((s) => !isScope(s));
      if (unknown.length > 0) {
        log("publish-token-ignored", { name, reason: `unknown scope ${unknown.join(", ")}` });
        continue;
      }
      scopes = new Set(named as Scope[]);
    }
    out.push({ ...(name ? { name } : {}), token, scopes });
  }
  return out;
}

const SCOPE_WORDS: Record<Scope, string> = {
  publish: "publish or update articles",
  takedown: "take articles down",
  admin: "administer partner keys and statistics",
};

/** 403 unless the request's token has `scope` (after newsroomAuth). */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("scopes")?.has(scope))
      throw new ProblemError({
        status: 403,
        type: "missing-scope",
        detail: `This token may not ${SCOPE_WORDS[scope]}: it lacks the "${scope}" scope. Give it in PUBLISH_TOKENS as name:token:${scope} (scopes joined by +), or use a token that has it.`,
        extra: { scope },
      });
    await next();
  };
}

/**
 * Counts a wrong token against the client's address (Workers Rate Limiting binding). Only failures
 * are counted, so a guesser is slowed to 10 tries a minute while the right token always gets in.
 */
export async function throttleFailure(env: Env, client: string): Promise<void> {
  const { success } = await env.AUTH_FAILURES.limit({ key: client });
  if (!success) {
    throw new ProblemError({
      status: 429,
      detail: "Too many requests with a wrong token from this address; wait a minute.",
      headers: { "retry-after": "60" },
    });
  }
}

/** The newsroom entry a presented token matches, comparing every entry in constant time. */
async function matchToken(env: Env, presented: string): Promise<TokenEntry | undefined> {
  let match: TokenEntry | undefined;
  for (const entry of parseTokens(env.PUBLISH_TOKENS)) {
    if ((await timingSafeEqual(entry.token, presented)) && !match) match = entry;
  }
  return match;
}

/**
 * True when the request carries a valid newsroom token (any scope): public reads that are cached
 * (the JSON listing) then read live, so a script sees its own write. Any other Authorization is
 * ignored as before, neither refused nor counted.
 */
export async function carriesNewsroomToken(c: Context<AppEnv>): Promise<boolean> {
  const presented = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(c.req.header("authorization") ?? "")?.[1];
  return presented !== undefined && (await matchToken(c.env, presented)) !== undefined;
}

const unauthorized = (detail: string) => () => problemResponse({ status: 401, detail });

export function newsroomAuth(): MiddlewareHandler<AppEnv> {
  return bearerAuth({
    realm: "edgewire",
    verifyToken: async (presented, c) => {
      const match = await matchToken(c.env, presented);
      if (match?.name) c.set("publisher", match.name);
      if (match) c.set("scopes", match.scopes);
      if (!match) await throttleFailure(c.env, c.req.header("cf-connecting-ip") ?? "unknown");
      return match !== undefined;
    },
    noAuthenticationHeader: {
      message: unauthorized("This request needs an Authorization: Bearer <token> header."),
    },
    invalidAuthenticationHeader: {
      message: unauthorized(
        'The Authorization header must be "Bearer <token>" with a token of letters, digits and -._~+/. A PUBLISH_TOKENS entry such as "name:token:scopes" is not itself a token: send only the part after "name:" (and before any ":scopes").',
      ),
    },
    invalidToken: { message: unauthorized("The bearer token is not valid.") },
  });
}

/**
 * A newsroom token (any scope) only when `needed` says this request asks for something the public
 * may not see (`status=scheduled` on the listing); other requests pass untouched. Without an
 * Authorization header the 401 says why a token is wanted here.
 */
export function newsroomAuthWhen(
  needed: (c: Context<AppEnv>) => boolean,
  why: string,
): MiddlewareHandler<AppEnv> {
  const auth = newsroomAuth();
  return async (c, next) => {
    if (!needed(c)) return next();
    if (!c.req.header("authorization"))
      throw new ProblemError({
        status: 401,
        detail: `${why} Send Authorization: Bearer <token> with a newsroom token.`,
        headers: { "www-authenticate": 'Bearer realm="edgewire"' },
      });
    return auth(c, next);
  };
}
