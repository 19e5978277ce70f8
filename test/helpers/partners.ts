// Partner keys in tests: issue one through the API with the admin token, and read as that partner
// (by key in the Authorization header, or by URL token in the query); and what a request costs
// besides its answer (storage calls, Cache API reads, hashes).
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { configureStorage, type PartnerDirectory, type UsageStore } from "../../src/store/index.ts";
import { kvStore } from "../../src/store/kv.ts";
import { call, send } from "./api.ts";
import { countingKv } from "./kv.ts";

export const ADMIN = "test-token-all"; // chief:...:publish+takedown+admin in vitest.config.ts

export interface Issued {
  id: string;
  key: string;
  urlToken: string;
  opml: string;
  [field: string]: unknown;
}

export async function issue(body: Record<string, unknown>): Promise<Issued> {
  const res = await send("POST", "/api/partners", body, ADMIN);
  expect(res.status).toBe(201);
  return (await res.json()) as Issued;
}

/** A GET as the partner, by key. */
export const asPartner = (key: string, path: string, headers: Record<string, string> = {}) =>
  call(path, { headers: { authorization: `Bearer ${key}`, ...headers } });

/** A GET as the partner, by URL token. */
export const byUrlToken = (token: string, path: string) =>
  call(`${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`);

/** The article ids of a JSON Feed's items, from their links (`/articles/{id}` when no url was given). */
export async function feedIds(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const feed = (await res.json()) as { items: { url: string }[] };
  return feed.items.map((i) => decodeURIComponent(i.url.replace(/^.*\/articles\//, "")));
}

/**
 * Every storage call from now on: KV operations, partner lookups, usage batches; with `spent()`,
 * also the Cache API opened and the SHA-256 digests computed since. Undone by `configureStorage()`
 * and `vi.restoreAllMocks()` (the callers' afterEach).
 */
export function watchStorage() {
  const kv = countingKv(env.ARTICLES);
  const calls = { lookups: 0, batches: 0 };
  const partners = env.PARTNERS.get(env.PARTNERS.idFromName("partners")) as unknown as PartnerDirectory;
  const usage = env.USAGE.get(env.USAGE.idFromName("usage")) as unknown as UsageStore;
  configureStorage({
    factory: (e) => kvStore(kv.kv, e.CATEGORIES, e.CHANGES),
    partners: () => ({
      ...partners,
      create: (r) => partners.create(r),
      list: () => partners.list(),
      update: (id, c, h) => partners.update(id, c, h),
      revoke: (id) => partners.revoke(id),
      lookup: (hash) => {
        calls.lookups++;
        return partners.lookup(hash);
      },
    }),
    usage: () => ({
      add: (b) => {
        calls.batches++;
        return usage.add(b);
      },
      report: () => usage.report(),
    }),
  });
  const kvOps = () => Object.values(kv.counts).reduce((n, c) => n + (c as number), 0);
  const cacheOpens = vi.spyOn(caches, "open");
  const digests = vi.spyOn(crypto.subtle, "digest");
  const spent = () => ({
    ...calls,
    kv: kvOps(),
    cacheApi: cacheOpens.mock.calls.length,
    digests: digests.mock.calls.length,
  });
  return { calls, kvOps, spent };
}
