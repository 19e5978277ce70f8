// WebSub (W3C): with WEBSUB_HUB set, feeds advertise the hub and themselves, and every publish,
// update, takedown and embargo lift notifies the hub of exactly the feeds that changed, after the
// response, with retries, never slowing or failing the newsroom's request.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import app, { type ArticleWriter } from "../src/index.ts";
import { article, ORIGIN, TOKEN } from "./helpers/api.ts";
import { seedDirect, storedArticle } from "./helpers/kv.ts";

const HUB = "https://hub.example/";
const hubEnv = { ...env, WEBSUB_HUB: HUB } as unknown as Env;

function request(method: string, path: string, body?: unknown) {
  return app.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
    hubEnv,
  );
}

let pings: { hub: string; mode: string | null; urls: string[] }[] = [];
let hubAnswers = 204;
const realFetch = globalThis.fetch;

beforeEach(() => {
  pings = [];
  hubAnswers = 204;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(HUB)) return realFetch(input, init);
    // The ping's body is the URLSearchParams itself (reading it as text warns in workerd).
    const form = new URLSearchParams(init?.body instanceof URLSearchParams ? init.body : String(init?.body));
    pings.push({ hub: url, mode: form.get("hub.mode"), urls: form.getAll("hub.url").sort() });
    if (hubAnswers === 0) throw new TypeError("network down");
    return new Response(null, { status: hubAnswers });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  setClock();
});

const stub = (id: string) => env.WRITER.get(env.WRITER.idFromName(id));
/** Runs the writer's alarm (where pings are sent) if it has not fired on its own yet. */
async function settle(id: string) {
  await runDurableObjectAlarm(stub(id));
}
const feedsOf = (slug?: string) =>
  ["xml", "atom", "json"].map((f) => (slug ? `${ORIGIN}/category/${slug}/feed.${f}` : `${ORIGIN}/feed.${f}`));
/** The feeds a change touches, and the changes feed, which every change touches. */
const expected = (...slugs: string[]) =>
  [...feedsOf(), ...slugs.flatMap((s) => feedsOf(s)), `${ORIGIN}/changes.atom`].sort();

describe("hub notifications", () => {
  it("a publish notifies the hub of the site feeds and the category feeds, in every format", async () => {
    const res = await request("PUT", "/api/articles/ws-create", article({ category: "Hub Desk" }));
    expect(res.status).toBe(201);
    await settle("ws-create");
    expect(pings).toEqual([{ hub: HUB, mode: "publish", urls: expected("hub-desk") }]);
  });

  it("an update that moves the category notifies both categories", async () => {
    await request("PUT", "/api/articles/ws-move", article({ id: "ws-move", category: "From Desk" }));
    await settle("ws-move");
    pings = [];
    await request("PUT", "/api/articles/ws-move", article({ id: "ws-move", category: "To Desk" }));
    await settle("ws-move");
    expect(pings).toEqual([{ hub: HUB, mode: "publish", urls: expected("from-desk", "to-desk") }]);
  });

  it("an unchanged resend notifies nobody", async () => {
    const body = article({ id: "ws-same", category: "Same Desk" });
    await request("PUT", "/api/articles/ws-same", body);
    await settle("ws-same");
    pings = [];
    expect((await request("PUT", "/api/articles/ws-same", body)).headers.get("edgewire-result")).toBe(
      "unchanged",
    );
    await settle("ws-same");
    expect(pings).toEqual([]);
  });

  it("a takedown notifies the feeds the article left", async () => {
    await request("PUT", "/api/articles/ws-down", article({ category: "Down Desk" }));
    await settle("ws-down");
    pings = [];
    expect((await request("DELETE", "/api/articles/ws-down")).status).toBe(204);
    await settle("ws-down");
    expect(pings).toEqual([{ hub: HUB, mode: "publish", urls: expected("down-desk") }]);
  });

  it("an embargoed article notifies nobody until its time, then appears and notifies once", async () => {
    const at = new Date(Date.now() + 60_000).toISOString();
    await request("PUT", "/api/articles/ws-embargo", article({ category: "Embargo Desk", publishedAt: at }));
    await settle("ws-embargo");
    expect(pings).toEqual([]);
    // Nothing of it shows early: its category has no feed yet.
    const before = await app.fetch(new Request(`${ORIGIN}/category/embargo-desk/feed.json`), hubEnv);
    expect(before.status).toBe(404);
    advanceClock(61_000); // the embargo's time has come (the service's clock, not a sleep)
    await settle("ws-embargo");
    expect(pings).toEqual([{ hub: HUB, mode: "publish", urls: expected("embargo-desk") }]);
    const after = (await (
      await app.fetch(new Request(`${ORIGIN}/category/embargo-desk/feed.json`), hubEnv)
    ).json()) as { items: { id: string }[] };
    expect(after.items).toHaveLength(1);
    await settle("ws-embargo");
    expect(pings).toHaveLength(1);
  });

  it("a failing hub changes nothing for the newsroom and is retried with backoff", async () => {
    hubAnswers = 0;
    const res = await request("PUT", "/api/articles/ws-hub-down", article({ category: "Flaky Desk" }));
    expect(res.status).toBe(201);
    await settle("ws-hub-down");
    expect(pings).toHaveLength(1);
    const queued = await runInDurableObject(stub("ws-hub-down"), (_i: ArticleWriter, state) =>
      state.storage.get<{ attempts: number; due: number }>("task:pings"),
    );
    expect(queued?.attempts).toBe(1);
    expect(queued?.due).toBeGreaterThan(Date.now());
    hubAnswers = 202;
    await runInDurableObject(stub("ws-hub-down"), async (_i: ArticleWriter, state) => {
      await state.storage.put("task:pings", { ...queued, due: Date.now() });
    });
    await settle("ws-hub-down");
    expect(pings).toHaveLength(2);
    expect(
      await runInDurableObject(stub("ws-hub-down"), (_i: ArticleWriter, state) =>
        state.storage.get("task:pings"),
      ),
    ).toBeUndefined();
  });
});

describe("feeds advertise the hub", () => {
  const get = (path: string) => app.fetch(new Request(`${ORIGIN}${path}`), hubEnv);

  it("in RSS, Atom, JSON Feed and the Link header of the canonical feeds, the ones it hears of", async () => {
    // Seeded without a writer, so that the first copy is built here, with the hub configured.
    await seedDirect([storedArticle(1, { category: "Hub Seeded", categorySlug: "hub-seeded" })]);
    const rss = await get("/category/hub-seeded/feed.xml");
    expect(rss.headers.get("link")).toContain(
      `<${ORIGIN}/category/hub-seeded/feed.xml>; rel="self", <${HUB}>; rel="hub"`,
    );
    expect(await rss.text()).toContain(`<atom:link href="${HUB}" rel="hub"/>`);
    expect(await (await get("/category/hub-seeded/feed.atom")).text()).toContain(
      `<link rel="hub" href="${HUB}"/>`,
    );
    expect(((await (await get("/category/hub-seeded/feed.json")).json()) as { hubs: unknown }).hubs).toEqual([
      { type: "WebSub", url: HUB },
    ]);
  });

  it("not in filtered or paged copies, which the hub never hears of", async () => {
    for (const path of ["/feed.xml?limit=1", "/feed.atom?keyword=harbour", "/feed.json?cursor=&limit=5"]) {
      const res = await get(path.replace("cursor=&", ""));
      expect(res.headers.get("link"), path).not.toContain('rel="hub"');
      expect(await res.text(), path).not.toContain(HUB);
    }
  });
});
