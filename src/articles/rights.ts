// Rights on every item: the article's own `copyright`, `usageTerms`, `license` and `expires`, or the
// site-wide defaults (SITE_COPYRIGHT, SITE_USAGE_TERMS, SITE_LICENSE, and SITE_EXPIRES as an ISO 8601
// duration from first publication, such as "P30D"). Applied when an article is read, so a changed
// default reaches every article without rewriting one.
import type { Article } from "./article.ts";

export interface RightsDefaults {
  copyright?: string;
  usageTerms?: string;
  license?: string;
  /** Milliseconds from first publication to `expires`. */
  expiresAfterMs?: number;
}

// ISO 8601 durations in days, hours, minutes and seconds (years and months have no fixed length).
const DURATION = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

/** Milliseconds of an ISO 8601 duration such as `P30D`, `P2W` or `PT12H`; undefined if not one. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === "P" || text.trim().endsWith("T")) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const ms = ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
  return ms > 0 ? ms : undefined;
}

/** When an article leaves partner outputs: its own `expires`, or the site's default from publication. */
export function expiresFrom(
  a: { expires?: string; publishedAt?: string },
  expiresAfterMs: number | undefined,
): string | undefined {
  if (a.expires) return a.expires;
  if (expiresAfterMs === undefined || a.publishedAt === undefined) return undefined;
  return new Date(Date.parse(a.publishedAt) + expiresAfterMs).toISOString();
}

/** The article with the site's defaults where it gives no rights of its own. */
export function withRights(a: Article, d: RightsDefaults): Article {
  const copyright = a.copyright ?? d.copyright;
  const usageTerms = a.usageTerms ?? d.usageTerms;
  const license = a.license ?? d.license;
  const expires = expiresFrom(a, d.expiresAfterMs);
  if (
    copyright === a.copyright &&
    usageTerms === a.usageTerms &&
    license === a.license &&
    expires === a.expires
  )
    return a;
  return {
    ...a,
    ...(copyright ? { copyright } : {}),
    ...(usageTerms ? { usageTerms } : {}),
    ...(license ? { license } : {}),
    ...(expires ? { expires } : {}),
  };
}
