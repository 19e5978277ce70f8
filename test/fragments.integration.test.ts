// Item fragments: written with the article, assembled on a cache miss, and never used when they
// are of another renderer version, another site, or another version of the record (the item is
// then rendered from the record: the same bytes).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Article } from "../src/articles/article.ts";
import { siteConfig } from "../src/config.ts";
import { expireCached } from "../src/distribution/cache.ts";
import { repKey } from "../src/distribution/key.ts";
import { itemContextFor } from "../src/feeds/formats.ts";
import { FRAGMENT_VERSION, renderFragments } from "../src/feeds/fragments.ts";
import { fragmentValue } from "../src/store/fragments.ts";
import { fragmentKey, recordKey } from "../src/store/keys.ts";
import { article, call, ORIGIN, put, settled } from "./helpers/api.ts";
import { countKv } from "./helpers/faults.ts";
import { asPartner, issue } from "./helpers/partners.ts";

const MARKER = "Rendered by another renderer";
const FORMATS = ["xml", "atom", "json"] as const;
let variant = 0;
/** A feed variant nothing has cached yet: a cache miss, built now. */
const cold = (format: string) => call(`/category/fragment-desk/feed.${format}?limit=${++variant}`);

async function record(id: string): Promise<string> {
  return (await env.ARTICLES.get(recordKey(id))) as string;
}

/** Fragments of the stored article with its headline replaced, stored as `f:{id}` for `recordJson`. */
async function plant(id: string, recordJson: string, change: (fragments: string) => string = (f) => f) {
  const a = JSON.parse(await record(id)) as Article;
  const fragments = renderFragments({ ...a, headline: MARKER }, itemContextFor(siteConfig(env, ORIGIN)));
  await env.ARTICLES.put(fragmentKey(id), fragmentValue(recordJson, change(fragments)));
}

describe("item fragments", async () => {
  await put("fragment-one", article({ category: "Fragment Desk", headline: "The stored headline" }));

  it("are written with the article, and a cache miss assembles them: one list, one bulk get", async () => {
    expect(await env.ARTICLES.get(fragmentKey("fragment-one"))).toContain("The stored headline");
    await plant("fragment-one", await record("fragment-one"));
    for (const format of FORMATS) {
      const { result, counts } = await countKv(() => cold(format));
      expect(await result.text()).toContain(MARKER);
      expect(counts).toMatchObject({ list: 1, bulkGet: 1, get: 0 });
    }
  });

  it("of an older renderer version are rebuilt from the record and never served", async () => {
    const json = await record("fragment-one");
    await plant("fragment-one", json, (f) =>
      f.replace(`{"v":${FRAGMENT_VERSION},`, `{"v":${FRAGMENT_VERSION - 1},`),
    );
    for (const format of FORMATS) {
      const { result, counts } = await countKv(() => cold(format));
      const body = await result.text();
      expect(body).not.toContain(MARKER);
      expect(body).toContain("The stored headline");
      // The fragments' bulk get, then the records of those it refused.
      expect(counts).toMatchObject({ list: 1, bulkGet: 2 });
    }
  });

  it("rendered for another site or from another version of the record are not used either", async () => {
    const json = await record("fragment-one");
    const otherSite = (f: string) =>
      f.replace(JSON.stringify(ORIGIN).slice(1, -1), "https://elsewhere.example");
    await plant("fragment-one", json, otherSite);
    expect(await (await cold("atom")).text()).not.toContain(MARKER);
    await plant("fragment-one", json.replace("The stored headline", "An earlier headline"));
    expect(await (await cold("atom")).text()).not.toContain(MARKER);
  });

  it("are assembled for a full-text partner too (its items only); an excerpt partner's are rendered", async () => {
    await put("fragment-world", article({ category: "Fragment Partner", headline: "The partner's story" }));
    await put("fragment-other", article({ category: "Fragment Elsewhere", headline: "Not the partner's" }));
    const full = await issue({ name: "Fragments full", categories: ["fragment-partner"], content: "full" });
    const excerpt = await issue({ name: "Fragments excerpt", content: "excerpt" });
    const json = await record("fragment-world");
    await plant("fragment-world", json);
    for (const format of FORMATS) {
      const path = `/category/fragment-partner/feed.${format}?limit=${++variant}`;
      const { result, counts } = await countKv(() => asPartner(full.key, path));
      expect(await result.text()).toContain(MARKER);
      expect(counts).toMatchObject({ list: 1, bulkGet: 1, get: 0 });
      expect(await (await asPartner(excerpt.key, path)).text()).not.toContain(MARKER);
      // The whole-site feed: only the partner's category, from its fragments.
      const site = await (await asPartner(full.key, `/feed.${format}?limit=${++variant}`)).text();
      expect(site).toContain(MARKER);
      expect(site).not.toContain("Not the partner");
    }
    // With the real fragments back, a full-text partner's items are the public's, byte for byte.
    await plant("fragment-world", json, () =>
      renderFragments(JSON.parse(json), itemContextFor(siteConfig(env, ORIGIN))),
    );
    const entries = (atom: string) => atom.slice(atom.indexOf("<entry>"));
    const path = `/category/fragment-partner/feed.atom?limit=${++variant}`;
    const mine = await (await asPartner(full.key, path)).text();
    const open = await (await call(path)).text();
    expect(entries(mine)).toBe(entries(open));
  });

  it("give the same bytes as rendering from the records", async () => {
    await put("fragment-two", article({ category: "Fragment Same", headline: "Fish & chips < 5 ]]> again" }));
    await put(
      "fragment-three",
      article({ category: "Fragment Same", image: { url: "https://cdn.example/p.png" } }),
    );
    const site = siteConfig(env, ORIGIN).url;
    for (const format of FORMATS) {
      const path = `/category/fragment-same/feed.${format}`;
      // Settled: its copy is stored before it is expired (not after, by work left for after the response).
      const assembled = await (await countKv(() => settled(`${path}?limit=10`))).result.text();
      await expireCached(site, [repKey(path, new URLSearchParams({ limit: "10" }))]);
      const stored = await Promise.all(
        ["fragment-two", "fragment-three"].map((id) => env.ARTICLES.get(fragmentKey(id))),
      );
      for (const id of ["fragment-two", "fragment-three"]) await env.ARTICLES.delete(fragmentKey(id));
      const { result, counts } = await countKv(() => call(`${path}?limit=10`));
      expect(counts.bulkGet).toBe(2); // the fragments (gone), then the records
      expect(await result.text()).toBe(assembled);
      for (const [i, id] of ["fragment-two", "fragment-three"].entries())
        await env.ARTICLES.put(fragmentKey(id), stored[i] as string);
    }
  });
});
