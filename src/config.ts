// Site configuration from the Worker's vars (wrangler.toml), with the defaults the contract gives.
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
  };
}
