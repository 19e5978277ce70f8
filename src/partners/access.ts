// Partner access on reads: `Authorization: Bearer ewp_…` (a partner key) or `?access_token=ewt_…` (its
// URL token) makes the request a partner's. The credential is recognised (at most one lookup), its
// expiry and rate tier are checked, and what it may see is handed to the routes as `partner`. A
// request with neither passes untouched; a wrong one is a 401 that never echoes what was sent.
import type { Context, MiddlewareHandler } from "hono";
import { type RateTier, URL_TOKEN_PARAM } from "../articles/audience.ts";
import * as clock from "../clock.ts";
import type { AppEnv } from "../env.ts";
import { throttleFailure } from "../http/auth.ts";
import { ProblemError } from "../http/problem.ts";
import { PARTNER_LOOKUPS_HELD, RATE_SAMPLE } from "../limits.ts";
import { logFailure } from "../log.ts";
import { KEY_PREFIX, URL_TOKEN_PREFIX } from "./credentials.ts";
import { recognise } from "./lookup.ts";
import { countPull, countSubscribers } from "./usage.ts";

const TIER_BINDING: Record<RateTier, "PARTNER_STANDARD" | "PARTNER_PLUS"> = {
  standard: "PARTNER_STANDARD",
  plus: "PARTNER_PLUS",
};

const refused = (detail: string) =>
  new ProblemError({
    status: 401,
    detail,
    headers: { "www-authenticate": 'Bearer realm="edgewire", error="invalid_token"' },
  });

/** Partners the Rate Limiting binding last said were over their rate, in this isolate. */
const over = new Set<string>();
/** Requests of each partner this isolate has served, to ask the binding once per RATE_SAMPLE. */
const served = new Map<string, number>();

/**
 * Whether the partner is over its tier's rate. The binding counts units of RATE_SAMPLE requests
 * (src/limits.ts): it is asked on a partner's first request in this isolate and every RATE_SAMPLE-th
 * after, in `waitUntil` after the response, and its answer decides from the next request on. No
 * request waits for the count; a partner past its rate gets at most RATE_SAMPLE more per isolate.
 */
function overRate(c: Context<AppEnv>, id: string, tier: RateTier): boolean {
  const n = (served.get(id) ?? 0) + 1;
  served.set(id, n % RATE_SAMPLE);
  if (served.size > PARTNER_LOOKUPS_HELD) served.delete(served.keys().next().value as string);
  if (n !== 1) return over.has(id);
  const asked = c.env[TIER_BINDING[tier]]
    .limit({ key: id })
    .then(({ success }) => {
      if (success) over.delete(id);
      else over.add(id);
    })
    .catch((err) =>
      logFailure("partner-rate-check-failed", err, { requestId: c.get("requestId"), partner: id }),
    );
  try {
    c.executionCtx.waitUntil(asked);
  } catch {
    // No execution context (app.fetch called directly): the promise still runs to completion.
  }
  return over.has(id);
}

export function partnerAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const key = bearer?.startsWith(KEY_PREFIX) ? bearer : undefined;
    const urlToken = new URL(c.req.url).searchParams.get(URL_TOKEN_PARAM) ?? undefined;
    if (key === undefined && urlToken === undefined) {
      await next();
      countSubscribers(c);
      return;
    }
    const presented = key ?? (urlToken as string);
    const found = await recognise(c.env, presented);
    const wrongKind = found && (key !== undefined ? found.as !== "key" : found.as !== "url-token");
    if (!found || wrongKind) {
      await throttleFailure(c.env, c.req.header("cf-connecting-ip") ?? "unknown");
      throw refused(
        key !== undefined
          ? "This partner key is not valid (revoked, or never issued)."
          : urlToken?.startsWith(URL_TOKEN_PREFIX)
            ? `This ${URL_TOKEN_PARAM} is not valid (rotated, revoked, or never issued).`
            : `${URL_TOKEN_PARAM} takes a partner's URL token (ewt_…); a key goes in the Authorization header.`,
      );
    }
    const { partner } = found;
    if (partner.expiresAt && Date.parse(partner.expiresAt) <= clock.now())
      throw refused(`This partner key expired at ${partner.expiresAt}; ask the newsroom for a new one.`);
    if (overRate(c, partner.id, partner.tier))
      throw new ProblemError({
        status: 429,
        detail: `Over this key's rate (tier "${partner.tier}"); retry after the seconds in Retry-After.`,
        headers: { "retry-after": "60" },
      });
    c.set("partner", { partner, ...(key === undefined ? { urlToken: presented } : {}) });
    await next();
    countPull(c, partner.id);
  };
}
