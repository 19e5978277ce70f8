// Site configuration from the Worker's vars (wrangler.toml), with the defaults the contract gives.
import type { ContentGrant } from "./articles/audience.ts";
import { durationMs, type RightsDefaults } from "./articles/rights.ts";
import { logEvent } from "./log.ts";
import { absolute, paths } from "./urls.ts";

export interface SiteConfig {
  title: string;
  description: string;
  language: string;
  /** Absolute, no trailing slash: SITE_URL, or the origin of the request. */
  url: string;
  hub?: string;
  maxAge: number;
  /**
   * The tag: authority item ids are minted with (RFC 4151): ID_AUTHORITY, else SITE_URL's host name
   * (the request's, under `npm run dev`; `npm run deploy` refuses to deploy without either).
   */
  idAuthority: string;
  /** Square icon (Atom `icon`, JSON Feed `icon` and `favicon`): SITE_ICON, else the Worker's own PNG. */
  icon: string;
  /** Logo (RSS `image`, Atom `logo`): SITE_LOGO, else the icon. */
  logo: string;
  /** PUBLIC_CONTENT: what the public gets of an article's content (partners as their key allows). */
  publicContent: ContentGrant;
  /** Rights on every item that gives none (SITE_COPYRIGHT, SITE_USAGE_TERMS, SITE_LICENSE, SITE_EXPIRES). */
  rights: RightsDefaults;
}

/** The SITE_EXPIRES last logged as ignored: once per value per isolate, not per request. */
let warned: string | undefined;

/** The site-wide rights; a SITE_EXPIRES that is not an ISO 8601 duration is logged and ignored. */
function rightsOf(vars: Record<string, string | undefined>): RightsDefaults {
  const expires = vars.SITE_EXPIRES?.trim();
  const expiresAfterMs = expires ? durationMs(expires) : undefined;
  if (expires && expiresAfterMs === undefined && warned !== expires) {
    warned = expires;
    logEvent("site-expires-ignored", { reason: "SITE_EXPIRES must be a duration such as P30D" });
  }
  return {
    ...(vars.SITE_COPYRIGHT?.trim() ? { copyright: vars.SITE_COPYRIGHT.trim() } : {}),
    ...(vars.SITE_USAGE_TERMS?.trim() ? { usageTerms: vars.SITE_USAGE_TERMS.trim() } : {}),
    ...(vars.SITE_LICENSE?.trim() && URL.canParse(vars.SITE_LICENSE.trim())
      ? { license: new URL(vars.SITE_LICENSE.trim()).href }
      : {}),
    ...(expiresAfterMs !== undefined ? { expiresAfterMs } : {}),
  };
}

export function siteConfig(env: Env, requestUrl: string): SiteConfig {
  const vars = env as unknown as Record<string, string | undefined>;
  const configured = vars.SITE_URL?.trim();
  const maxAge = Number.parseInt(vars.FEED_MAX_AGE ?? "", 10);
  const url = (configured || new URL(requestUrl).origin).replace(/\/+$/, "");
  const icon = vars.SITE_ICON?.trim() || absolute(url, paths.icon());
  return {
    title: vars.SITE_TITLE?.trim() || "Edgewire",
    description: vars.SITE_DESCRIPTION?.trim() || "Latest articles",
    language: vars.SITE_LANGUAGE?.trim() || "en",
    url,
    ...(vars.WEBSUB_HUB?.trim() ? { hub: vars.WEBSUB_HUB.trim() } : {}),
    maxAge: Number.isFinite(maxAge) && maxAge >= 0 ? maxAge : 300,
    idAuthority: vars.ID_AUTHORITY?.trim() || new URL(url).hostname,
    icon,
    logo: vars.SITE_LOGO?.trim() || icon,
    publicContent: vars.PUBLIC_CONTENT?.trim() === "excerpt" ? "excerpt" : "full",
    rights: rightsOf(vars),
  };
}
