// Many newsroom scripts at once, checked against a model: seeded random operations (creates,
// same-article retries, updates that move category and keywords, takedowns, batches) from several
// concurrent clients through the Worker's fetch; then the listings, every affected feed and every
// article page must agree with what the API acknowledged: nothing lost, nothing duplicated, nothing
// listed that was taken down. A failure prints the seed; MODEL_SEED and MODEL_OPS replay or enlarge.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../src/articles/article.ts";
import { indexKeys } from "../src/store/keys.ts";
import { call, ORIGIN, send, TOKEN } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";

const vars = env as unknown as Record<string, string | undefined>;
const SEED = Number(vars.MODEL_SEED || 20261123);
const OPS = Number(vars.MODEL_OPS || 500);
const CLIENTS = 8;
const CATEGORIES = ["Model Alpha", "Model Beta", "Model Gamma", "Model Delta"];
const WORDS = ["harbour", "election", "climate", "ferry", "budget", "museum", "rover", "tariff"];

type Content = { headline: string; category: string; keywords: string[]; body: string };
type Op =
  | { kind: "put"; slot: number; content: Content }
  | { kind: "retry"; slot: number }
  | { kind: "delete"; slot: number }
  | { kind: "batch"; slots: number[]; contents: Content[] }
  | { kind: "shared"; slot: number };

const contentArb: fc.Arbitrary<Content> = fc.record({
  headline: fc
    .string({ minLength: 1, maxLength: 40 })
    .map((s) => `Model story ${s.replace(/[<>\s]+/g, " ").trim() || "x"}`),
  category: fc.constantFrom(...CATEGORIES),
  keywords: fc
    .uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
    .map((ws) => ws.map((w) => `${w} watch`)),
  body: fc.lorem({ maxCount: 3 }).map((s) => s || "body"),
});
const SLOTS = 12; // ids per client
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("put" as const), slot: fc.nat(SLOTS - 1), content: contentArb }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("retry" as const), slot: fc.nat(SLOTS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), slot: fc.nat(SLOTS - 1) }) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.nat(SLOTS - 1), { minLength: 1, maxLength: 4 }).chain((slots) =>
      fc.record({
        kind: fc.constant("batch" as const),
        slots: fc.constant(slots),
        contents: fc.array(contentArb, { minLength: slots.length, maxLength: slots.length }),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("shared" as const), slot: fc.nat(3) }) },
);

/** The same article every client may send at any time: idempotent, so its final state is known. */
const shared = (slot: number): Content & { id: string } => ({
  id: `model-shared-${slot}`,
  headline: `Shared story ${slot}`,
  category: CATEGORIES[slot % CATEGORIES.length] as string,
  keywords: [`${WORDS[slot] as string} watch`],
  body: "Sent by every desk.",
});

describe(`model check (seed ${SEED}, ${OPS} operations, ${CLIENTS} clients)`, () => {
  it("ends in exactly the state the API acknowledged, in listings, feeds and pages", {
    timeout: 300_000,
  }, async () => {
    const ops = fc.sample(fc.array(opArb, { minLength: OPS, maxLength: OPS }), {
      seed: SEED,
      numRuns: 1,
    })[0] as Op[];
    // The acknowledged state: for client-owned ids, the last acknowledged write in the client's order.
    const model = new Map<string, Content | "gone">();
    const last = new Map<string, Content>();
    let acknowledged = 0;

    const runClient = async (client: number, mine: Op[]) => {
      const idOf = (slot: number) => `model-c${client}-s${slot}`;
      for (const op of mine) {
        if (op.kind === "put" || op.kind === "retry") {
          const id = idOf(op.slot);
          const content = op.kind === "put" ? op.content : last.get(id);
          if (!content) continue;
          const res = await send("PUT", `/api/articles/${id}`, content);
          // A taken-down id stays blocked (only a restore publishes under it again).
          if (model.get(id) === "gone") expect(res.status, id).toBe(410);
          else {
            expect([200, 201]).toContain(res.status);
            last.set(id, content);
            model.set(id, content);
          }
        } else if (op.kind === "delete") {
          const id = idOf(op.slot);
          const res = await call(`/api/articles/${id}`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          expect([204, 404]).toContain(res.status);
          if (res.status === 204) model.set(id, "gone");
          else expect(model.get(id) ?? "gone").toBe("gone");
        } else if (op.kind === "batch") {
          // A batch creates; ids that already exist with other content answer 409 and change nothing.
          const items = op.slots.map((slot, i) => ({ ...(op.contents[i] as Content), id: idOf(slot) }));
          const res = await send("POST", "/api/articles/batch", items);
          expect(res.status).toBe(200);
          const { results } = (await res.json()) as { results: { status: number; id: string }[] };
          results.forEach((r, i) => {
            const item = items[i] as Content & { id: string };
            expect([200, 201, 409, 410]).toContain(r.status);
            if (r.status === 410) expect(model.get(item.id)).toBe("gone");
            if (r.status === 201) {
              const { id, ...content } = item;
              last.set(id, content);
              model.set(id, content);
            }
          });
        } else {
          const { id, ...content } = shared(op.slot);
          const res = await send("POST", "/api/articles", { id, ...content });
          expect([200, 201]).toContain(res.status);
          model.set(id, content);
        }
        acknowledged++;
      }
    };
    const perClient = Array.from({ length: CLIENTS }, (_, c) => ops.filter((_, i) => i % CLIENTS === c));
    await Promise.all(perClient.map((mine, c) => runClient(c, mine)));

    const live = [...model]
      .filter(([, v]) => v !== "gone")
      .map(([id]) => id)
      .sort();
    const gone = [...model].filter(([, v]) => v === "gone").map(([id]) => id);

    // Every article page and API read agrees with the model.
    for (const [id, expected] of model) {
      const res = await call(`/api/articles/${id}`);
      if (expected === "gone") {
        expect(res.status, id).toBe(410);
        expect((await call(`/articles/${id}`)).status, id).toBe(410);
      } else {
        expect(res.status, id).toBe(200);
        const a = (await res.json()) as Content;
        expect({ headline: a.headline, category: a.category, keywords: a.keywords }, id).toEqual({
          headline: expected.headline.replace(/\s+/g, " ").trim(),
          category: expected.category,
          keywords: expected.keywords,
        });
        expect((await call(`/articles/${id}`)).status, id).toBe(200);
      }
    }

    // The listing holds every live article exactly once and nothing taken down.
    const listed = await pageAll("/api/articles?limit=100", (b) =>
      (b as { items: { id: string }[] }).items.map((i) => i.id),
    );
    const modelListed = listed.filter((id) => id.startsWith("model-")).sort();
    expect(modelListed).toEqual(live);

    // Every category feed (JSON Feed, paged) agrees, and so does the whole-site Atom feed.
    for (const category of CATEGORIES) {
      const slug = category.toLowerCase().replace(/ /g, "-");
      const inFeed = await pageAll(`/category/${slug}/feed.json?limit=100`, (b) =>
        (b as { items: { id: string }[] }).items.map((i) => i.id.slice(i.id.lastIndexOf("/") + 1)),
      );
      const expected = live.filter((id) => (model.get(id) as Content).category === category).sort();
      expect(inFeed.sort(), slug).toEqual(expected);
    }
    // Keyword feeds: every live article with the word, once.
    for (const word of WORDS.slice(0, 3)) {
      const inFeed = await pageAll(`/feed.json?keyword=${word}&limit=100`, (b) =>
        (b as { items: { id: string }[] }).items.map((i) => i.id.slice(i.id.lastIndexOf("/") + 1)),
      );
      const expected = live
        .filter((id) => (model.get(id) as Content).keywords.some((k) => k.startsWith(word)))
        .sort();
      expect(inFeed.filter((id) => id.startsWith("model-")).sort(), word).toEqual(expected);
    }
    expect(gone.every((id) => !listed.includes(id))).toBe(true);

    // KV itself holds exactly the index keys the live records produce: none missing, none stale.
    const records = await Promise.all(
      live.map(async (id) => (await (await call(`/api/articles/${id}`)).json()) as Article),
    );
    const wanted = records.flatMap((a) => indexKeys(a)).sort();
    const present = (await allKeys())
      .filter((k) => k.startsWith("i:") && /:model-[a-z0-9-]+$/.test(k))
      .sort();
    expect(present).toEqual(wanted);
    expect(acknowledged).toBeGreaterThan(OPS * 0.5);
    console.log(
      `model check: seed ${SEED}, ${OPS} operations, ${acknowledged} acknowledged, ${live.length} live, ${gone.length} taken down; 0 lost, 0 duplicated, 0 leaked`,
    );
  });
});

async function pageAll(first: string, ids: (body: unknown) => string[]): Promise<string[]> {
  const out: string[] = [];
  let url: string | null | undefined = first;
  while (url) {
    const body = (await (await call(url.replace(ORIGIN, ""))).json()) as { next_url?: string | null };
    out.push(...ids(body));
    url = body.next_url;
  }
  expect(new Set(out).size).toBe(out.length);
  return out;
}
