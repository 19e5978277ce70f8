// A partner's changes feed: `/api/changes` with a partner key (or URL token) follows the partner's
// entitlements as its feeds do: only its categories, embargoed articles only with embargo preview
// (an update when the embargo ends), an "expire" when an article's `expires` passes (the public
// keeps the article and hears nothing), links that keep a URL token, and `Cache-Control: private`.
// And the IPTC ninjs 2.1 rendering of the stream, for the public and partners, field by field.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { advanceClock, now } from "../src/clock.ts";
import { article, call, del, put } from "./helpers/api.ts";
import { asPartner, byUrlToken, issue } from "./helpers/partners.ts";

const inDays = (days: number) => new Date(now() + days * 86_400_000).toISOString();

interface Change {
  id: string;
  kind: string;
  version: number;
  url: string;
  embargoed?: string;
  expires?: string;
  reason?: string;
}

type Reader = (path: string) => Promise<Response>;
const publicly: Reader = (path) => call(path);
const withKey =
  (key: string): Reader =>
  (path) =>
    asPartner(key, path);

/** Every item of the stream `path` names, following next_url until a page comes back empty. */
async function follow<T = Change>(
  read: Reader,
  path = "/api/changes",
): Promise<{ items: T[]; urls: string[] }> {
  const items: T[] = [];
  const urls: string[] = [];
  let url = path;
  for (let i = 0; i < 50; i++) {
    const res = await read(url);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: T[]; next_url: string };
    items.push(...page.items);
    urls.push(page.next_url);
    if (page.items.length === 0) break;
    const next = new URL(page.next_url);
    url = next.pathname + next.search;
  }
  return { items, urls };
}

const of = (id: string, items: Change[]) =>
  items
    .filter((c) => c.id === id)
    .map(({ kind, version, embargoed, expires }) => ({
      kind,
      version,
      ...(embargoed ? { embargoed } : {}),
      ...(expires ? { expires } : {}),
    }));

const alarm = (id: string) => runDurableObjectAlarm(env.WRITER.get(env.WRITER.idFromName(id)));

describe("a partner's changes feed", () => {
  it("holds only the partner's categories; a category it may not read is a 403; the answer is private", async () => {
    expect((await put("pc-world", article({ category: "PC World" }))).status).toBe(201);
    expect((await put("pc-sport", article({ category: "PC Sport" }))).status).toBe(201);
    const p = await issue({ name: "World desk", categories: ["pc-world"], content: "full" });
    const mine = (await follow(withKey(p.key))).items;
    expect(of("pc-world", mine)).toEqual([{ kind: "create", version: 1 }]);
    expect(of("pc-sport", mine)).toEqual([]);
    const res = await asPartner(p.key, "/api/changes");
    expect(res.headers.get("cache-control")).toContain("private");
    expect((await asPartner(p.key, "/api/changes?category=pc-sport")).status).toBe(403);
    // The public stream has both.
    const all = (await follow(publicly)).items;
    expect(of("pc-sport", all)).toEqual([{ kind: "create", version: 1 }]);
    expect((await call("/api/changes")).headers.get("cache-control")).not.toContain("private");
  });

  it("shows an embargoed article only with embargo preview, and its embargo's end as an update", async () => {
    const at = inDays(2);
    expect((await put("pc-embargo", article({ category: "PC World", publishedAt: at }))).status).toBe(201);
    const preview = await issue({ name: "Preview", content: "full", embargoPreview: true });
    const plain = await issue({ name: "Plain", content: "full" });
    expect(of("pc-embargo", (await follow(withKey(preview.key))).items)).toEqual([
      { kind: "create", version: 1, embargoed: at },
    ]);
    expect(of("pc-embargo", (await follow(withKey(plain.key))).items)).toEqual([]);
    expect(of("pc-embargo", (await follow(publicly)).items)).toEqual([]);
    expect(await (await asPartner(preview.key, "/changes.atom?category=pc-world")).text()).toContain(
      "change/pc-embargo/1/create",
    );
    expect(await (await asPartner(plain.key, "/changes.atom?category=pc-world")).text()).not.toContain(
      "pc-embargo",
    );
    expect(await (await call("/api/changes?limit=100")).text()).not.toContain("pc-embargo");

    advanceClock(3 * 86_400_000);
    await alarm("pc-embargo");
    expect(of("pc-embargo", (await follow(withKey(preview.key))).items)).toEqual([
      { kind: "create", version: 1, embargoed: at },
      { kind: "update", version: 1 },
    ]);
    expect(of("pc-embargo", (await follow(withKey(plain.key))).items)).toEqual([
      { kind: "create", version: 1 },
    ]);
    expect(of("pc-embargo", (await follow(publicly)).items)).toEqual([{ kind: "create", version: 1 }]);
  });

  it("a preview partner's renewed feed shows an embargoed article written after it was built", async () => {
    expect((await put("pc-early-neighbour", article({ category: "PC Early" }))).status).toBe(201);
    const preview = await issue({ name: "Preview 3", content: "full", embargoPreview: true });
    advanceClock(2 * 60_000);
    const entry = /<entry>[\s\S]*?article\/pc-early<\/id>/;
    expect(await (await asPartner(preview.key, "/category/pc-early/feed.atom")).text()).not.toMatch(entry);
    expect((await put("pc-early", article({ category: "PC Early", publishedAt: inDays(2) }))).status).toBe(
      201,
    );
    advanceClock(31_000);
    expect(await (await asPartner(preview.key, "/category/pc-early/feed.atom")).text()).toMatch(entry);
    expect(await (await call("/category/pc-early/feed.atom")).text()).not.toMatch(entry);
  });

  it("an embargoed article taken down before its time: preview hears the withdrawal, the public nothing", async () => {
    // A public neighbour keeps the category (and its feeds) there when the embargoed one goes.
    expect((await put("pc-neighbour", article({ category: "PC Pulled" }))).status).toBe(201);
    expect((await put("pc-pulled", article({ category: "PC Pulled", publishedAt: inDays(2) }))).status).toBe(
      201,
    );
    const preview = await issue({ name: "Preview 2", content: "full", embargoPreview: true });
    const entry = /<entry>[\s\S]*?article\/pc-pulled<\/id>/;
    expect(await (await asPartner(preview.key, "/category/pc-pulled/feed.atom")).text()).toMatch(entry);
    expect((await del("pc-pulled")).status).toBe(204);
    // Its copy, fresh for 30 s, is renewed only if nothing changed: the takedown dated the category.
    advanceClock(31_000);
    expect(await (await asPartner(preview.key, "/category/pc-pulled/feed.atom")).text()).not.toMatch(entry);
    expect(of("pc-pulled", (await follow(withKey(preview.key))).items).map((c) => c.kind)).toEqual([
      "create",
      "withdraw",
    ]);
    expect(await (await call("/api/changes?limit=100")).text()).not.toContain("pc-pulled");
    expect(await (await call("/changes.atom")).text()).not.toContain("pc-pulled");
    expect(await (await call("/feed.atom")).text()).not.toContain("pc-pulled");
    // The preview partner had it in its feeds: its Atom feed tombstones it; the public's does not.
    const tombstone = /<at:deleted-entry ref="[^"]*article\/pc-pulled"/;
    expect(await (await asPartner(preview.key, "/category/pc-pulled/feed.atom")).text()).toMatch(tombstone);
    expect(await (await call("/category/pc-pulled/feed.atom")).text()).not.toMatch(tombstone);
  });

  it("hears an expire at an article's expires, once; the public keeps the article and hears nothing", async () => {
    const expires = inDays(1);
    expect((await put("pc-expiring", article({ category: "PC World", expires }))).status).toBe(201);
    const p = await issue({ name: "Rights", content: "full" });
    advanceClock(2 * 86_400_000);
    await alarm("pc-expiring");
    await alarm("pc-expiring");
    const seen = (await follow(withKey(p.key))).items;
    expect(of("pc-expiring", seen)).toEqual([
      { kind: "create", version: 1 },
      { kind: "expire", version: 1, expires },
    ]);
    expect(of("pc-expiring", (await follow(publicly)).items)).toEqual([{ kind: "create", version: 1 }]);
    // The partner's /changes.atom says so too; the public's does not.
    expect(await (await asPartner(p.key, "/changes.atom?category=pc-world")).text()).toContain(
      "change/pc-expiring/1/expire",
    );
    expect(await (await call("/changes.atom?category=pc-world")).text()).not.toContain("/expire<");
    // Its Atom feed tombstones it for the partner (RFC 6721); the public's feed still has the entry.
    const tombstone = /<at:deleted-entry ref="[^"]*article\/pc-expiring"/;
    expect(await (await asPartner(p.key, "/category/pc-world/feed.atom")).text()).toMatch(tombstone);
    const open = await (await call("/category/pc-world/feed.atom")).text();
    expect(open).not.toMatch(tombstone);
    expect(open).toContain("article/pc-expiring</id>");
    // An edit after the rights ended reaches the public only.
    expect(
      (await put("pc-expiring", article({ category: "PC World", expires, headline: "Edited after expiry" })))
        .status,
    ).toBe(200);
    expect(of("pc-expiring", (await follow(withKey(p.key))).items).map((c) => c.kind)).toEqual([
      "create",
      "expire",
    ]);
    expect(of("pc-expiring", (await follow(publicly)).items).map((c) => c.kind)).toEqual([
      "create",
      "update",
    ]);
    // New rights bring it back to partners, as a create.
    const later = inDays(5);
    expect(
      (
        await put(
          "pc-expiring",
          article({ category: "PC World", expires: later, headline: "Rights renewed" }),
        )
      ).status,
    ).toBe(200);
    expect(of("pc-expiring", (await follow(withKey(p.key))).items).map((c) => c.kind)).toEqual([
      "create",
      "expire",
      "create",
    ]);
  });

  it("past the replay window, following from the start still finds what each reader must", async () => {
    expect((await put("pc-old", article({ category: "PC Archive", expires: inDays(1) }))).status).toBe(201);
    const p = await issue({ name: "Archive", content: "full" });
    advanceClock(2 * 86_400_000);
    await alarm("pc-old");
    // Past 30 days, the next recorded event compacts the log.
    advanceClock(31 * 86_400_000);
    expect((await put("pc-new", article({ category: "PC Archive" }))).status).toBe(201);
    expect(of("pc-old", (await follow(publicly)).items).map((c) => c.kind)).toEqual(["create"]);
    expect(of("pc-old", (await follow(withKey(p.key))).items).map((c) => c.kind)).toEqual([
      "create",
      "expire",
    ]);
  });

  it("keeps a URL token in next_url and in each item's url, which work for that partner", async () => {
    expect((await put("pc-token", article({ category: "PC World" }))).status).toBe(201);
    const p = await issue({ name: "Token reader", content: "full" });
    const { items, urls } = await follow((path) => call(path), `/api/changes?access_token=${p.urlToken}`);
    for (const u of urls) expect(new URL(u).searchParams.get("access_token")).toBe(p.urlToken);
    const item = items.find((c) => c.id === "pc-token");
    expect(new URL(item?.url ?? "").searchParams.get("access_token")).toBe(p.urlToken);
    const one = await call(new URL(item?.url ?? "").pathname + new URL(item?.url ?? "").search);
    expect(one.status).toBe(200);
    expect(one.headers.get("cache-control")).toContain("private");
    // The token never reaches the public stream.
    expect(await (await call("/api/changes?limit=100")).text()).not.toContain(p.urlToken);
    expect((await byUrlToken(p.urlToken, "/api/changes")).status).toBe(200);
  });
});

// ninjs 2.1's top-level properties (ninjsType: `unevaluatedProperties: false`), and those of the
// objects a change carries.
const TOP = new Set(
  "uri type representationtype profile version firstcreated versioncreated contentcreated embargoed pubstatus urgency copyrightholder copyrightnotice usageterms ednote language descriptions bodies headlines people organisations places subjects events objects infosources title by slugline located renditions associations altids trustindicators standard genres expires rightsinfo".split(
    " ",
  ),
);
const TEXT = new Set(["role", "contenttype", "value"]);
const SUBJECT = new Set(["name", "rel", "uri", "literal", "creator", "relevance", "confidence"]);
const ALTID = new Set(["role", "value"]);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const extra = (o: object, allowed: Set<string>) => Object.keys(o).filter((k) => !allowed.has(k));

interface NinjsChange {
  uri: string;
  standard: { name: string; version: string; schema: string };
  type: string;
  representationtype: string;
  version: string;
  versioncreated: string;
  pubstatus: string;
  embargoed?: string;
  expires?: string;
  headlines?: { role: string; contenttype: string; value: string }[];
  subjects?: { name: string; rel: string; uri?: string; literal?: string }[];
  descriptions?: { role: string; contenttype: string; value: string }[];
  altids: { role: string; value: string }[];
}

const altid = (n: NinjsChange, role: string) => n.altids.find((a) => a.role === role)?.value;

describe("the changes feed in IPTC ninjs 2.1", () => {
  it("one news object per change, as the schema defines each field; pubstatus usable, then canceled", async () => {
    expect(
      (await put("pc-ninjs", article({ category: "PC Ninjs", keywords: ["Harbour", "Bridges"] }))).status,
    ).toBe(201);
    expect((await del("pc-ninjs")).status).toBe(204);
    const { items, urls } = await follow<NinjsChange>(
      publicly,
      "/api/changes?format=ninjs&category=pc-ninjs",
    );
    for (const u of urls) expect(new URL(u).searchParams.get("format")).toBe("ninjs");
    expect(items.map((n) => n.pubstatus)).toEqual(["usable", "canceled"]);
    for (const n of items) {
      expect(extra(n, TOP)).toEqual([]);
      expect(n.standard).toEqual({
        name: "ninjs",
        version: "2.1",
        schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
      });
      expect(n.uri).toMatch(/^tag:/);
      expect(n.type).toBe("text");
      // No body: the object is partial, and its whole form is at the "api" altid.
      expect(n.representationtype).toBe("partial");
      expect(n).not.toHaveProperty("bodies");
      expect(n).not.toHaveProperty("ednote");
      expect(typeof n.version).toBe("string");
      expect(n.versioncreated).toMatch(RFC3339);
      for (const h of n.headlines ?? []) expect(extra(h, TEXT)).toEqual([]);
      for (const s of n.subjects ?? []) expect(extra(s, SUBJECT)).toEqual([]);
      for (const a of n.altids) expect(extra(a, ALTID)).toEqual([]);
      expect(altid(n, "id")).toBe("pc-ninjs");
      expect(altid(n, "url")).toMatch(/\/articles\/pc-ninjs$/);
    }
    const [created, withdrawn] = items as [NinjsChange, NinjsChange];
    expect(created.version).toBe("1");
    expect(withdrawn.version).toBe("2");
    expect(created.uri).toBe(withdrawn.uri);
    expect(created.headlines?.[0]?.role).toBe("main");
    expect(created.subjects?.map((s) => [s.rel, s.name])).toEqual([
      ["category", "PC Ninjs"],
      ["keyword", "Harbour"],
      ["keyword", "Bridges"],
    ]);
    const api = new URL(altid(created, "api") ?? "");
    expect(api.pathname).toBe("/api/articles/pc-ninjs");
    expect(api.searchParams.get("format")).toBe("ninjs");
  });

  it("withheld with embargoed for embargo preview, canceled with expires at an expiry", async () => {
    const at = inDays(2);
    const expires = inDays(4);
    expect(
      (await put("pc-ninjs-e", article({ category: "PC Ninjs E", publishedAt: at, expires }))).status,
    ).toBe(201);
    const p = await issue({ name: "ninjs preview", content: "full", embargoPreview: true });
    const stream = () =>
      follow<NinjsChange>(withKey(p.key), "/api/changes?format=ninjs&category=pc-ninjs-e").then(
        (s) => s.items,
      );
    const [first] = await stream();
    expect(first?.pubstatus).toBe("withheld");
    expect(first?.embargoed).toBe(at);
    expect(first?.expires).toBe(expires);
    // The one-article ninjs of an embargoed article says withheld too.
    const one = (await (
      await asPartner(p.key, "/api/articles/pc-ninjs-e?format=ninjs")
    ).json()) as NinjsChange;
    expect(one.pubstatus).toBe("withheld");
    expect(one.embargoed).toBe(at);
    advanceClock(3 * 86_400_000);
    await alarm("pc-ninjs-e");
    advanceClock(2 * 86_400_000);
    await alarm("pc-ninjs-e");
    const all = await stream();
    expect(all.map((n) => [n.pubstatus, n.embargoed ?? null])).toEqual([
      ["withheld", at],
      ["usable", null],
      ["canceled", null],
    ]);
    expect(all.at(-1)?.expires).toBe(expires);
  });

  it("refuses a format it does not have, naming it", async () => {
    const res = await call("/api/changes?format=xml");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("format");
  });
});
