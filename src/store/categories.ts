// CategoryRegistry: one Durable Object for the whole site that knows which category every stored
// article is in, and whether it is visible. From that it answers which categories have at least
// one visible article (navigation, OPML and autodiscovery list only those, so an emptied or
// embargoed-only category shows nowhere), and it enforces the cost model's cap on categories in use.
// Placing an article is idempotent (it records the article's membership, not a delta), so a write
// plan replayed after a crash counts it once. Its own strongly consistent storage, not KV: one
// request answers "which categories" where a KV list would cost a list per build. It also remembers
// takedowns, so that a stale copy served while KV fails never shows a withdrawn article.
import { DurableObject } from "cloudflare:workers";
import * as clock from "../clock.ts";
import { bounds, PLATFORM } from "../limits.ts";
import type { Category, Placement } from "./types.ts";

export type { Placement };

interface Tally {
  name: string;
  /** Articles in the category that readers can see. */
  visible: number;
  /** Articles in it at all (visible or embargoed): the category is in use while this is above 0. */
  all: number;
  /** A new category's slot, claimed by a write that has not placed its article yet (ms). */
  claimedAt?: number;
}

/** How long a claimed slot stays taken when no article is placed in it (the write failed, say). */
const CLAIM_MS = 10 * 60_000;

const member = (id: string) => `m:${id}`;
/** When a visible or embargoed article was taken down (one small entry per takedown). */
const gone = (id: string) => `g:${id}`;
const tally = (slug: string) => `n:${slug}`;
const IN_USE = "in-use";
/** When anything readers see last changed: the whole site ("v:*"), or one category. */
const changed = (slug?: string) => (slug === undefined ? "v:*" : `v:c:${slug}`);

export class CategoryRegistry extends DurableObject<Env> {
  /**
   * Records where article `id` stands now (`null`: taken down), and that what readers see of the
   * site and of its category changed now (every write of an article places it). Idempotent.
   */
  place(id: string, placement: Placement | null): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      const old = await s.get<Placement>(member(id));
      const now = clock.now();
      const slugs = new Set([old?.slug, placement?.slug].filter((x) => x !== undefined));
      await s.put(Object.fromEntries([[changed(), now], ...[...slugs].map((x) => [changed(x), now])]));
      if (old?.slug === placement?.slug && old?.visible === placement?.visible) return;
      if (old) await this.count(old, -1);
      if (placement) {
        await this.count(placement, +1);
        await s.put(member(id), placement);
        await s.delete(gone(id));
      } else {
        await s.delete(member(id));
        if (old) await s.put(gone(id), clock.now());
      }
    });
  }

  /**
   * Which of `ids` were taken down at or after `since` (ms): a cached copy built before then that
   * shows one of them must not be served stale. Strongly consistent, and not KV: it answers when KV
   * is what failed.
   */
  async withdrawnSince(ids: string[], since: number): Promise<string[]> {
    const out: string[] = [];
    // Storage reads at most 128 keys a call; the news sitemap shows up to 1,000 articles.
    for (let i = 0; i < ids.length; i += PLATFORM.doKeysPerCall) {
      const some = ids.slice(i, i + PLATFORM.doKeysPerCall);
      const times = await this.ctx.storage.get<number>(some.map(gone));
      out.push(...some.filter((id) => (times.get(gone(id)) ?? -1) >= since));
    }
    return out;
  }

  /**
   * True when `slug` is in use, or one more category stays within the cost model's cap; then its slot
   * is claimed at once, so that concurrent writes of new categories cannot pass the cap together.
   */
  admits(slug: string): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      const t = await s.get<Tally>(tally(slug));
      if (t) {
        if (t.claimedAt !== undefined) await s.put(tally(slug), { ...t, claimedAt: clock.now() });
        return true;
      }
      let inUse = (await s.get<number>(IN_USE)) ?? 0;
      if (inUse >= bounds().categories) inUse -= await this.releaseClaims();
      if (inUse >= bounds().categories) return false;
      await s.put(tally(slug), { name: "", visible: 0, all: 0, claimedAt: clock.now() } satisfies Tally);
      await s.put(IN_USE, inUse + 1);
      return true;
    });
  }

  /** Frees the slots claimed long ago that no article took; how many. */
  private async releaseClaims(): Promise<number> {
    const s = this.ctx.storage;
    const expired = [...(await s.list<Tally>({ prefix: "n:" }))].filter(
      ([, t]) => t.all === 0 && (t.claimedAt ?? 0) < clock.now() - CLAIM_MS,
    );
    if (expired.length === 0) return 0;
    await s.delete(expired.map(([k]) => k));
    await s.put(IN_USE, Math.max(0, ((await s.get<number>(IN_USE)) ?? 0) - expired.length));
    return expired.length;
  }

  /**
   * When what readers see of one category (or, without `slug`, of the whole site) last changed (ms,
   * 0 for never): a cached copy built well after that is still current, and needs no KV list.
   */
  async changedAt(slug?: string): Promise<number> {
    return (await this.ctx.storage.get<number>(changed(slug))) ?? 0;
  }

  /** Categories with at least one visible article, in slug order. */
  async categories(): Promise<Category[]> {
    const all = await this.ctx.storage.list<Tally>({ prefix: "n:" });
    const out: Category[] = [];
    for (const [key, t] of all) if (t.visible > 0) out.push({ slug: key.slice(2), name: t.name });
    return out;
  }

  private async count(p: Placement, delta: 1 | -1): Promise<void> {
    const s = this.ctx.storage;
    const t = (await s.get<Tally>(tally(p.slug))) ?? { name: p.name, visible: 0, all: 0 };
    const next: Tally = {
      name: t.name || p.name,
      visible: t.visible + (p.visible ? delta : 0),
      all: t.all + delta,
    };
    const inUse = (await s.get<number>(IN_USE)) ?? 0;
    if (next.all <= 0) {
      await s.delete(tally(p.slug));
      await s.put(IN_USE, Math.max(0, inUse - 1));
    } else {
      // A claimed slot was counted when it was claimed.
      if (t.all === 0 && t.claimedAt === undefined) await s.put(IN_USE, inUse + 1);
      await s.put(tally(p.slug), next);
    }
  }
}
