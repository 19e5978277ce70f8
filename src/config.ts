// Site configuration from the Worker's vars (wrangler.toml), with the defaults the contract gives.
export interface SiteConfig {
  title: string;
  description: string;
  language: string;
  /** Absolute, no trailing slash: SITE_URL, or the origin of the request. */
  url: string;
  hub?: string;
  maxAge: number;
}

export function siteConfig(env: Env, requestUrl: string): SiteConfig {
  const vars = env as unknown as Record<string, string | undefined>;
  const configured = vars.SITE_URL?.trim();
  const maxAge = Number.parseInt(vars.FEED_MAX_AGE ?? "", 10);
  return {
    title: vars.SITE_TITLE?.trim() || "Edgewire",
    description: vars.SITE_DESCRIPTION?.trim() || "Latest articles",
    language: vars.SITE_LANGUAGE?.trim() || "en",
    url: (configured || new URL(requestUrl).origin).replace(/\/+$/, ""),
    ...(vars.WEBSUB_HUB?.trim() ? { hub: vars.WEBSUB_HUB.trim() } : {}),
    maxAge: Number.isFinite(maxAge) && maxAge >= 0 ? maxAge : 300,
  };
}
