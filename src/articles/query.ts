// The query parameters every feed and the JSON listing share, parsed strictly: an unknown or
// malformed parameter is a 400 that names it. The cursor is opaque to clients: base64url of where
// the last page ended, bound to the filter it was made for.

import { z } from "zod";
import { QUERY, TERM_KEY_BYTES } from "../limits.ts";
import { emptyFilter, type Filter } from "./match.ts";
import type { Problem } from "./problems.ts";
import { charCount, slugify, utf8Bytes, words } from "./text.ts";

export const DEFAULT_LIMIT: number = QUERY.defaultLimit;
export const MAX_LIMIT: number = QUERY.limit;
const MAX_TERMS = QUERY.terms;
const MAX_TERM_CHARS = QUERY.termChars;

export interface PageCursor {
  kv?: string;
  after: string;
}

export interface ListQuery {
  filter: Filter;
  limit: number;
  cursor?: PageCursor;
  /** The filters cannot match anything (a category feed asked for another category). */
  empty?: boolean;
  /** Embargoed articles, soonest first, instead of visible ones (`status=scheduled`, token holders). */
  scheduled?: true;
  /**
   * The filter as the request gave it, when `filter` was narrowed after parsing (to a partner's
   * categories): cursors are made from it, since the next request's cursor is checked against it.
   */
  asked?: Filter;
}

const term = z.string().min(1).max(MAX_TERM_CHARS);
const terms = (description: string) => z.array(term).max(MAX_TERMS).meta({ description });

/**
 * The parameters, described for the API description (`parseListQuery` is what reads them; every
 * feed and listing route documents this object). Their names are the parameters it knows.
 */
export const LIST_PARAMETERS = z.object({
  category: terms("A category slug or name; repeat for any of several."),
  keyword: terms(
    "A keyword, matched ignoring case and accents, whole or as one word of a keyword phrase (`taliban` matches `Russia Taliban Relations`); repeat for all of several.",
  ),
  q: term.meta({ description: "Words that must all appear in the headline, subheadline or keywords." }),
  exclude: terms("A keyword or word that removes an item; repeat for several."),
  limit: z
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .meta({ description: `Items per page, 1-${MAX_LIMIT}.` }),
  cursor: z
    .string()
    .meta({ description: "Opaque: take it from a `next` link or `next_url`, with the same filters." }),
});

/** The JSON listing's one more parameter: embargoed articles, for newsroom tokens only. */
export const STATUS_PARAMETER = z.enum(["scheduled"]).meta({
  description:
    "`scheduled`: embargoed articles, soonest first, for newsroom tokens only (any scope); without a token this is a 401.",
});

const KNOWN = new Set(Object.keys(LIST_PARAMETERS.shape));

/**
 * Parameters that newsletters, ad platforms and cache-busting scripts add to links people copy
 * (`utm_source`, `fbclid`, `_=1700000000`): ignored wherever a URL takes parameters, and dropped from
 * the links we make, so a copied link works and names the same feed (one copy, one self link).
 */
const TRACKING = new Set(["fbclid", "gclid", "mc_cid", "mc_eid", "_"]);
export const isTracking = (name: string) => name.startsWith("utm_") || TRACKING.has(name);

/** `params` without the tracking parameters. */
export function withoutTracking(params: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...params].filter(([name]) => !isTracking(name)));
}

export type ParsedQuery = { ok: true; query: ListQuery } | { ok: false; errors: Problem[] };

/** FNV-1a, enough to tell one filter (and the scheduled listing from the public one) apart in a cursor. */
function fingerprint(f: Filter, scheduled?: true): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(scheduled ? { ...f, scheduled } : f)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function toBase64Url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(s: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(bin, (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}

export function encodeCursor(filter: Filter, c: PageCursor, scheduled?: true): string {
  return toBase64Url(JSON.stringify({ f: fingerprint(filter, scheduled), ...c }));
}

function decodeCursor(filter: Filter, s: string, scheduled?: true): PageCursor | string {
  const json = s.length <= QUERY.cursorChars ? fromBase64Url(s) : undefined;
  let v: unknown;
  try {
    v = json === undefined ? undefined : JSON.parse(json);
  } catch {}
  if (!v || typeof v !== "object") return "is not a cursor this service made: take it from a next link";
  const { f, kv, after } = v as Record<string, unknown>;
  if (typeof after !== "string" || (kv !== undefined && typeof kv !== "string"))
    return "is not a cursor this service made";
  if (f !== fingerprint(filter, scheduled))
    return "belongs to other filters: keep category, keyword, q and exclude as they were";
  return { after, ...(typeof kv === "string" ? { kv } : {}) };
}

/**
 * Parses the shared parameters. `pathCategory` is the category a URL names in its path
 * (`/category/{slug}/feed.xml`): the feed shows that category, and a `category` parameter can only
 * narrow it (to nothing, when it names another). `withStatus` admits `status=scheduled` (the JSON
 * listing, where the route has checked the token).
 */
export function parseListQuery(
  params: URLSearchParams,
  pathCategory?: string,
  withStatus = false,
): ParsedQuery {
  const errors: Problem[] = [];
  const filter = emptyFilter();
  const seen = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (isTracking(name)) continue;
    if (!KNOWN.has(name) && !(withStatus && name === "status")) {
      errors.push({
        path: name,
        message: `unknown parameter; use category, keyword, q, exclude, limit${withStatus ? ", cursor or status" : " or cursor"}`,
      });
      continue;
    }
    seen.set(name, [...(seen.get(name) ?? []), value]);
  }
  const status = seen.get("status");
  if (status && (status.length > 1 || status[0] !== "scheduled"))
    errors.push({
      path: "status",
      message: 'must be "scheduled", once (the default lists what is published)',
    });
  const scheduled = status?.[0] === "scheduled" ? (true as const) : undefined;
  for (const name of ["limit", "cursor", "q"]) {
    if ((seen.get(name)?.length ?? 0) > 1) errors.push({ path: name, message: "may be given only once" });
  }
  const terms = (name: string) => {
    const values = seen.get(name) ?? [];
    if (values.length > MAX_TERMS)
      errors.push({ path: name, message: `may be given at most ${MAX_TERMS} times` });
    return values.flatMap((v) => {
      if (v.trim() === "" || charCount(v) > MAX_TERM_CHARS || words(v).length === 0) {
        errors.push({
          path: name,
          message: `must hold a word of letters or digits, at most ${MAX_TERM_CHARS} characters`,
        });
        return [];
      }
      return [v];
    });
  };
  filter.categories = [...new Set(terms("category").map(slugify))];
  // No stored category has a longer slug (validation refuses it), so a longer one names nothing.
  if (filter.categories.some((slug) => utf8Bytes(slug) > TERM_KEY_BYTES))
    errors.push({
      path: "category",
      message: `names no category: a category's URL name is at most ${TERM_KEY_BYTES} bytes`,
    });
  let nothing = false;
  if (pathCategory !== undefined) {
    nothing = filter.categories.length > 0 && !filter.categories.includes(pathCategory);
    filter.categories = [pathCategory];
  }
  filter.keywords = terms("keyword").map(words);
  filter.exclude = terms("exclude").map(words);
  filter.q = [...new Set(terms("q").flatMap(words))];

  let limit = DEFAULT_LIMIT;
  const rawLimit = seen.get("limit")?.[0];
  if (rawLimit !== undefined) {
    if (!/^\d{1,3}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      errors.push({ path: "limit", message: `must be a whole number from 1 to ${MAX_LIMIT}` });
    } else limit = Number(rawLimit);
  }
  let cursor: PageCursor | undefined;
  const rawCursor = seen.get("cursor")?.[0];
  if (rawCursor !== undefined) {
    const decoded = decodeCursor(filter, rawCursor, scheduled);
    if (typeof decoded === "string") errors.push({ path: "cursor", message: decoded });
    else cursor = decoded;
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    query: {
      filter,
      limit,
      ...(cursor ? { cursor } : {}),
      ...(nothing ? { empty: true } : {}),
      ...(scheduled ? { scheduled } : {}),
    },
  };
}
