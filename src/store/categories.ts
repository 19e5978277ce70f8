// CategoryRegistry: one Durable Object for the whole site that knows which category every stored
// article is in, and whether it is visible. From that it answers which categories have at least
// one visible article (navigation, OPML and autodiscovery list only those, so an emptied or
// embargoed-only category shows nowhere), and it enforces the cost model's cap on categories in use.
// Placing an article is idempotent (it records the article's membership, not a delta), so a write
// plan replayed after a crash counts it once. Its own strongly consistent storage, not KV: one
// request answers "which categories" where a KV list would cost a list per build. It also remembers
// takedowns, so that a stale copy served while KV fails never shows a withdrawn article. Seeing
// every placement, it dates each scope's last change (an empty feed's date), and it unties
// `updatedAt`s, so that no two articles of the site share one.
import { DurableObject } from "cloudflare:workers";
import * as clock from "../clock.ts";
import { bounds, PLATFORM } from "../limits.ts";
import type { Category, Placement, ScopeInfo } from "./types.ts";

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
/** A category that has had a visible article: its name and dates (never deleted: its feeds stay). */
const known = (slug: string) => `e:${slug}`;
/** The whole site's dates; set once, when first asked, for a site that has never had an article. */
const SITE = "site";
/** The `updatedAt` (ms, 13 digits) an article holds, and the one each article holds. */
const instant = (ms: number) => `t:${String(ms).padStart(13, "0")}`;
const holding = (id: string) => `o:${id}`;

interface Dates {
  name?: string;
  changedAt: number;
  removedAt?: number;
}

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
      await this.date(old, placement);
      if (old) await this.count(old, -1);
      if (placement) {
        await this.count(placement, +1);
        await s.put(member(id), placement);
        await s.delete(gone(id));
      } else {
        await s.delete(member(id));
        if (old) await s.put(gone(id), clock.now());
        const held = await s.get<number>(holding(id));
        if (held !== undefined) await s.delete([holding(id), instant(held)]);
      }
    });
  }

  /**
   * Dates what readers see change: a visible article entering or leaving a category and the site.
   * Embargoed placements date nothing (that would tell of an article before its time).
   */
  private async date(old: Placement | undefined, next: Placement | null): Promise<void> {
    const s = this.ctx.storage;
    const now = clock.now();
    const was = old?.visible ? old.slug : undefined;
    const is = next?.visible ? next.slug : undefined;
    for (const slug of new Set([was, is])) {
      if (slug === undefined) continue;
      const prev = await s.get<Dates>(known(slug));
      const name = slug === is ? next?.name : (prev?.name ?? old?.name);
      const left = slug === was && slug !== is;
      await s.put(known(slug), {
        ...prev,
        ...(name ? { name } : {}),
        changedAt: now,
        ...(left ? { removedAt: now } : {}),
      });
    }
    if (was === undefined && is === undefined) return;
    const site = await s.get<Dates>(SITE);
    await s.put(SITE, {
      ...site,
      changedAt: now,
      ...(was !== undefined && is === undefined ? { removedAt: now } : {}),
    });
  }

  /**
   * What some readers see of a category changed now without a write (an article passed its
   * `expires` and left partner outputs): copies checked against its date are built again.
   */
  async touch(slug: string): Promise<void> {
    const now = clock.now();
    await this.ctx.storage.put({ [changed()]: now, [changed(slug)]: now });
  }

  /** What is known of a category (by slug) or of the whole site (no slug), for its feeds. */
  async scope(slug?: string): Promise<ScopeInfo> {
    const s = this.ctx.storage;
    if (slug !== undefined) {
      const d = await s.get<Dates>(known(slug));
      return d ? { known: true, ...d } : { known: false };
    }
    let site = await s.get<Dates>(SITE);
    if (!site) {
      // Never 1970 and never "now" on every request: the first time anyone asked, kept.
      site = { changedAt: clock.now() };
      await s.put(SITE, site);
    }
    return { known: true, ...site };
  }

  /**
   * `ms`, or the first instant after it that no other article's `updatedAt` holds, now held by `id`
   * (its previous one released). A tie moves by milliseconds, once: the record stores the result.
   */
  untie(id: string, ms: number): Promise<number> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      let at = ms;
      for (let holder = await s.get<string>(instant(at)); holder !== undefined && holder !== id; at++)
        holder = await s.get<string>(instant(at + 1));
      const previous = await s.get<number>(holding(id));
      if (previous !== undefined && previous !== at) await s.delete(instant(previous));
      await s.put({ [instant(at)]: id, [holding(id)]: at });
      return at;
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
   * With `claim` false (a dry run) the same answer, and nothing is written: a dry run takes no slot.
   */
  admits(slug: string, claim = true): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      const t = await s.get<Tally>(tally(slug));
      if (t) {
        if (claim && t.claimedAt !== undefined) await s.put(tally(slug), { ...t, claimedAt: clock.now() });
        return true;
      }
      let inUse = (await s.get<number>(IN_USE)) ?? 0;
      if (inUse >= bounds().categories) inUse -= await this.releaseClaims(claim);
      if (inUse >= bounds().categories) return false;
      if (!claim) return true;
      await s.put(tally(slug), { name: "", visible: 0, all: 0, claimedAt: clock.now() } satisfies Tally);
      await s.put(IN_USE, inUse + 1);
      return true;
    });
  }

  /** Frees the slots claimed long ago that no article took (only counts them unless `release`); how many. */
  private async releaseClaims(release: boolean): Promise<number> {
    const s = this.ctx.storage;
    const expired = [...(await s.list<Tally>({ prefix: "n:" }))].filter(
      ([, t]) => t.all === 0 && (t.claimedAt ?? 0) < clock.now() - CLAIM_MS,
    );
    if (expired.length === 0 || !release) return expired.length;
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
