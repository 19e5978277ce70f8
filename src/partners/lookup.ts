// Which partner a credential belongs to: one request to the partner registry, remembered in the
// isolate for PARTNER_LOOKUP_SECONDS (so a partner request costs at most one lookup, and most cost
// none). A revocation or change is seen everywhere within that bound; in the isolate that made it, at
// once (forget). Wrong credentials are remembered too, in a bounded map, so guessing costs no lookups.
import type { PartnerView } from "../articles/audience.ts";
import * as clock from "../clock.ts";
import { PARTNER_LOOKUP_SECONDS, PARTNER_LOOKUPS_HELD } from "../limits.ts";
import { type PartnerRecord, partnerDirectory } from "../store/index.ts";
import { credentialHash } from "./credentials.ts";

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
  const hash = await credentialHash(credential);
  const now = clock.now();
  const memo = held.get(hash);
  if (memo && now - memo.at < PARTNER_LOOKUP_SECONDS * 1000) return memo.found;
  const r = await partnerDirectory(env).lookup(hash);
  const found: Recognised | null = r
    ? { partner: viewOf(r), as: r.keyHash === hash ? "key" : "url-token" }
    : null;
  held.delete(hash);
  held.set(hash, { found, at: now });
  if (held.size > PARTNER_LOOKUPS_HELD) held.delete(held.keys().next().value as string);
  return found;
}

/** Drops what this isolate remembers of a partner (after its change or revocation here). */
export function forget(id: string): void {
  for (const [credential, memo] of held) if (memo.found?.partner.id === id) held.delete(credential);
}
