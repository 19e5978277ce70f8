// Who reads and what they may see: a partner's entitlements (categories, full text or excerpt,
// embargo preview, rate tier, expiry) and the pure rules that shape an article for an audience:
// the excerpt form of its content, and whether it is still within its `expires` for partners.
import type { Article } from "./article.ts";
import { escapeHtmlText } from "./html-text.ts";
import { summaryOf } from "./summary.ts";

export type ContentGrant = "full" | "excerpt";
/**
 * Rate tiers: each is a Rate Limiting binding in wrangler.toml (its limit is fixed there and counted
 * per Cloudflare location), so a tier is a choice among a few, never a number per partner.
 */
export const RATE_TIERS = ["standard", "plus"] as const;
export type RateTier = (typeof RATE_TIERS)[number];

export interface Entitlements {
  /** Category slugs the partner may read; absent: every category. */
  categories?: string[];
  content: ContentGrant;
  /** Embargoed articles too, with their `embargoed` time (never in a public output). */
  embargoPreview: boolean;
  tier: RateTier;
  /** RFC 3339: the key stops working then. */
  expiresAt?: string;
}

/** A partner as the request sees it once its key is recognised (no key, no hash). */
export interface PartnerView extends Entitlements {
  id: string;
  name: string;
  /** Moves on every change of entitlements or token: names the partner's cached copies. */
  revision: number;
}

/** A partner request: who, and how it proved it (the URL token it sent, kept for its own links). */
export interface PartnerAccess {
  partner: PartnerView;
  /** Present when the request came with `?access_token=` rather than a header. */
  urlToken?: string;
}

/** The query parameter of a URL token (RFC 6750 §2.3 names it so for bearer tokens). */
export const URL_TOKEN_PARAM = "access_token";

/** True when the partner may read articles of category `slug`. */
export const entitled = (p: Pick<Entitlements, "categories">, slug: string) =>
  p.categories === undefined || p.categories.includes(slug);

/** The content readers get when only an excerpt is granted: the summary, then a link to the article. */
export function excerptContent(a: Article, link: string): Article {
  const summary = summaryOf(a);
  const href = escapeHtmlText(link).replace(/"/g, "&quot;");
  return {
    ...a,
    body: summary,
    bodyFormat: "text",
    bodyHtml: `<p>${escapeHtmlText(summary)}</p>\n<p><a href="${href}">Read the whole article</a></p>`,
  };
}

/** Past its `expires`, an article leaves every partner output (the public keeps it). */
export const expiredAt = (a: Pick<Article, "expires">, nowMs: number) =>
  a.expires !== undefined && Date.parse(a.expires) <= nowMs;
