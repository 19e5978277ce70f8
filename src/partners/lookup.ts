// Which partner a credential belongs to: one request to the partner registry, remembered in the
// isolate for PARTNER_LOOKUP_SECONDS (so a partner request costs at most one lookup, and most cost
// none). A revocation or change is seen everywhere within that bound; in the isolate that made it, at
// once (forget). Wrong credentials are remembered too, in a bounded map, so guessing costs no lookups;
// one not shaped as issued is refused without any.
//
// The memory is named by the credential as presented, and its SHA-256 (what the registry stores) is
// computed only when the memory has no answer: hashing it on every request cost a warm partner feed
// 5-7 % of the isolate's CPU under `wrangler dev` (bench/partner.ts). The credential itself stays
// in this isolate's memory, as the request that brought it does; it is never written to storage, a
// cached copy or a log. Only well-formed credentials (47 characters) are held, so the map's bound
// (PARTNER_LOOKUPS_HELD) is a bound on its bytes too.
import type { PartnerView } from "../articles/audience.ts";
import * as clock from "../clock.ts";
import { PARTNER_LOOKUP_SECONDS, PARTNER_LOOKUPS_HELD } from "../limits.ts";
import { type PartnerRecord, partnerDirectory } from "../store/index.ts";
import { credentialHash, wellFormed } from "./credentials.ts";

export interface Recognised {
  partner: PartnerView;
  /** Which credential was presented. */
  as: "key" | "url-token";
}

const held = new Map<string, { found: Recognised | null; at: number }>();

export function viewOf(r: PartnerRecord): PartnerView {
  return {
    id: r.id,
    name: r.name,
    revision: r.revision,
    content: r.content,
    embargoPreview: r.embargoPreview,
    tier: r.tier,
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
  };
}

/** The partner a presented key or URL token names, if it is live. */
export async function recognise(env: Env, credential: string): Promise<Recognised | null> {
  if (!wellFormed(credential)) return null;
  const now = clock.now();
  const memo = held.get(credential);
  if (memo && now - memo.at < PARTNER_LOOKUP_SECONDS * 1000) return memo.found;
  const hash = await credentialHash(credential);
  const r = await partnerDirectory(env).lookup(hash);
  const found: Recognised | null = r
    ? { partner: viewOf(r), as: r.keyHash === hash ? "key" : "url-token" }
    : null;
  held.delete(credential);
  held.set(credential, { found, at: now });
  if (held.size > PARTNER_LOOKUPS_HELD) held.delete(held.keys().next().value as string);
  return found;
}

/** Drops what this isolate remembers of a partner (after its change or revocation here). */
export function forget(id: string): void {
  for (const [credential, memo] of held) if (memo.found?.partner.id === id) held.delete(credential);
}
