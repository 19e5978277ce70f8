// The newsroom API as scripts use it: create, retry, replace, take down, batch, and every error
// status of the contract, each answered as problem+json and each leaving the store untouched.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "../src/index.ts";
import { article, call, del, ORIGIN, OTHER_TOKEN, post, put, send, TOKEN } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const body = (await res.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { path: string; message: string }[];
  };
  expect(body.status).toBe(res.status);
  expect(body.detail).toBeTruthy();
  return body;
}

/** Runs a request that must fail and proves that it changed nothing in KV. */
async function refused(request: () => Promise<Response>, status: number) {
  const before = await allKeys();
  const res = await request();
  expect(res.status).toBe(status);
  const body = await problem(res);
  expect(await allKeys()).toEqual(before);
  return { res, body };
}

describe("POST /api/articles", () => {
  it("creates: 201, Location, the stored article with its id, the publisher and timestamps", async () => {
    const res = await post(article({ id: "bridge-reopens", publishedAt: "2026-11-20T07:30:00Z" }));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/articles/bridge-reopens");
    expect(res.headers.get("edgewire-result")).toBe("created");
    const a = (await res.json()) as Record<string, unknown>;
    expect(a).toMatchObject({
      id: "bridge-reopens",
      categorySlug: "world-news",
      publishedAt: "2026-11-20T07:30:00.000Z",
      publisher: "desk",
      authors: [{ name: "Zoë Müller" }],
      url: "https://edgewire.test/articles/bridge-reopens",
    });
    // A backdated import is dated by its publication, not by the import; its item id too.
    expect(a.updatedAt).toBe("2026-11-20T07:30:00.000Z");
    expect(a.createdAt).not.toBe(a.updatedAt);
    expect(a.itemId).toBe("tag:edgewire.test,2026-11-20:article/bridge-reopens");
    const got = await call("/api/articles/bridge-reopens");
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(a);
  });

  it("derives the id from the headline when none is given", async () => {
    const res = await post(article({ headline: "Council approves Harbour Road budget" }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { id: string }).id).toBe("council-approves-harbour-road-budget");
  });

  it("answers the same article sent again with 200 and the same stored article", async () => {
    const body = article();
    const first = await post(body);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.headers.get("edgewire-result")).toBe("unchanged");
    expect(await again.json()).toEqual(await first.json());
  });

  it("answers a different article whose derived id is taken with 409 saying how to update it", async () => {
    const first = article({ headline: "Storm closes ferry routes" });
    expect((await post(first)).status).toBe(201);
    const { body } = await refused(() => post({ ...first, body: "A different story." }), 409);
    expect(body.detail).toContain("PUT /api/articles/storm-closes-ferry-routes");
    expect(body).toMatchObject({ id: "storm-closes-ferry-routes" });
  });

  it("records a named token's name as publisher and leaves it out for an unnamed token", async () => {
    const res = await post(article(), "anonymous-test-token");
    expect(res.status).toBe(201);
    expect((await res.json()) as object).not.toHaveProperty("publisher");
  });
});

describe("PUT /api/articles/:id", () => {
  it("creates, then replaces, keeping id, createdAt and publishedAt; updatedAt moves only on real change", async () => {
    const created = await put("ferry-timetable", article({ headline: "Ferry timetable changes" }));
    expect(created.status).toBe(201);
    const a = (await created.json()) as Record<string, string>;

    const same = await put("ferry-timetable", article({ headline: "Ferry timetable changes" }));
    const unchanged = (await same.json()) as Record<string, string>;
    expect(same.headers.get("edgewire-result")).toBe("unchanged");
    // Two calls of `article()` differ only in the headline we fixed, plus its counter: make them equal.
    expect(unchanged.id).toBe("ferry-timetable");

    const body = { ...article({ headline: "Ferry timetable changes" }), subheadline: "Winter schedule" };
    const first = await put("ferry-timetable", body);
    const replaced = (await first.json()) as Record<string, string>;
    expect(first.status).toBe(200);
    expect(replaced.createdAt).toBe(a.createdAt);
    expect(replaced.publishedAt).toBe(a.publishedAt);
    expect(replaced.subheadline).toBe("Winter schedule");

    const again = await put("ferry-timetable", body);
    expect(again.headers.get("edgewire-result")).toBe("unchanged");
    expect(((await again.json()) as Record<string, string>).updatedAt).toBe(replaced.updatedAt);
  });

  it("refuses an id in the body that differs from the URL", async () => {
    const { body } = await refused(() => put("one-id", article({ id: "other-id" })), 422);
    expect(body.errors).toEqual([
      { path: "id", message: 'must equal the id in the URL ("one-id") or be left out: an id never changes' },
    ]);
  });

  it("refuses an id in the URL that is not a valid id", async () => {
    await refused(() => put("Not_Valid", article()), 422);
  });
});

describe("DELETE /api/articles/:id", () => {
  it("takes down: 204, then 410 for the article, absent from listings; a retry is 204 again", async () => {
    await post(article({ id: "to-take-down" }));
    const res = await del("to-take-down");
    expect(res.status).toBe(204);
    const gone = await call("/api/articles/to-take-down");
    expect(gone.status).toBe(410);
    await problem(gone);
    const list = (await (await call("/api/articles?limit=100")).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain("to-take-down");
    expect((await del("to-take-down")).status).toBe(204);
  });

  it("answers 404 for an id never stored", async () => {
    await refused(() => del("never-was"), 404);
  });

  it("blocks a taken-down id until a restore, which keeps its creation date (and so its feed id)", async () => {
    const created = (await (await post(article({ id: "comes-back" }))).json()) as {
      createdAt: string;
      version: number;
    };
    await del("comes-back");
    expect((await call("/api/articles/comes-back")).status).toBe(410);
    // A publish script re-run over its drafts does not bring it back.
    for (const again of [await post(article({ id: "comes-back" })), await put("comes-back", article())]) {
      expect(again.status).toBe(410);
      const problem = (await again.json()) as { detail: string; restore: string };
      expect(problem.detail).toContain("?restore=true");
      expect(problem.restore).toBe("/api/articles/comes-back?restore=true");
    }
    // Restoring needs the takedown scope as well as publish.
    expect(
      (await send("PUT", "/api/articles/comes-back?restore=true", article(), "test-token-publish")).status,
    ).toBe(403);
    const restored = await send("PUT", "/api/articles/comes-back?restore=true", article());
    expect(restored.status).toBe(201);
    const body = (await restored.json()) as { createdAt: string; version: number };
    expect(body.createdAt).toBe(created.createdAt);
    // The withdrawal was version 2; the restore is version 3.
    expect(body.version).toBe(created.version + 2);
    expect((await call("/api/articles/comes-back")).status).toBe(200);
  });
});

describe("POST /api/articles/batch", () => {
  it("answers one result per article, in order, with status and article or problem", async () => {
    const good = article();
    const res = await send("POST", "/api/articles/batch", [
      good,
      { headline: "No body" },
      good,
      article({ id: "batch-two" }),
    ]);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: {
        index: number;
        status: number;
        result: string;
        article?: { id: string };
        problem?: { errors: unknown[] };
      }[];
    };
    expect(results.map((r) => [r.index, r.status, r.result])).toEqual([
      [0, 201, "created"],
      [1, 422, "invalid"],
      [2, 200, "unchanged"],
      [3, 201, "created"],
    ]);
    expect(results[1]?.problem?.errors).toEqual([
      { path: "body", message: "is required" },
      { path: "category", message: "is required" },
    ]);
    expect(results[3]?.article?.id).toBe("batch-two");
  });

  it("refuses a batch that is not an array, is empty or holds more than 100", async () => {
    await refused(() => send("POST", "/api/articles/batch", article()), 422);
    await refused(() => send("POST", "/api/articles/batch", []), 422);
    await refused(
      () =>
        send(
          "POST",
          "/api/articles/batch",
          Array.from({ length: 101 }, () => article()),
        ),
      422,
    );
  });
});

describe("errors", () => {
  it("400 for malformed JSON, saying where", async () => {
    const { body } = await refused(
      () => send("POST", "/api/articles", '{"headline": "x",\n  "body": }'),
      400,
    );
    expect(body.type).toBe("/problems/malformed-json");
    expect(body.detail).toMatch(/line 2, column \d+/);
  });

  it("400 for a body that is not UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const { body } = await refused(
      () =>
        call("/api/articles", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: bytes,
        }),
      400,
    );
    expect(body.detail).toMatch(/not valid UTF-8/);
  });

  it("401 for a missing, malformed or wrong token, with WWW-Authenticate", async () => {
    for (const auth of [undefined, "Basic abc", "Bearer", "Bearer bad token!", "Bearer wrong-token"]) {
      const { res } = await refused(
        () =>
          call("/api/articles", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "cf-connecting-ip": "198.51.100.1",
              ...(auth ? { authorization: auth } : {}),
            },
            body: JSON.stringify(article()),
          }),
        401,
      );
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
  });

  it("throttles wrong-token attempts per client with 429, never the right token", async () => {
    const attempt = (ip: string, token: string) =>
      call("/api/articles", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "cf-connecting-ip": ip,
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(article()),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await attempt("203.0.113.7", `guess-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    const limited = await attempt("203.0.113.7", "guess-again");
    expect(limited.headers.get("retry-after")).toBe("60");
    expect((await limited.json()) as object).toMatchObject({ status: 429 });
    expect((await attempt("203.0.113.7", TOKEN)).status).toBe(201);
    expect((await attempt("203.0.113.8", "guess")).status).toBe(401);
  });

  it("never echoes a token, right or wrong, in any answer", async () => {
    const wrong = "wrong-token-that-must-not-echo";
    const res = await send("POST", "/api/articles", article(), wrong, { "cf-connecting-ip": "198.51.100.2" });
    expect(res.status).toBe(401);
    const everything = `${[...res.headers].join("\n")}\n${await res.text()}`;
    expect(everything).not.toContain(wrong);
    const ok = await post(article());
    expect(`${[...ok.headers].join("\n")}\n${await ok.text()}`).not.toContain(TOKEN);
  });

  it("stops a revoked token at once: tokens are read from the secret on every request", async () => {
    const revoked = { ...env, PUBLISH_TOKENS: "wire:test-token-wire" } as unknown as Env;
    const req = () =>
      new Request(`${ORIGIN}/api/articles`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${TOKEN}`,
          "cf-connecting-ip": "198.51.100.3",
        },
        body: JSON.stringify(article()),
      });
    expect((await app.fetch(req(), revoked)).status).toBe(401);
    expect((await app.fetch(req(), env)).status).toBe(201);
  });

  it("accepts every configured token", async () => {
    expect((await post(article(), OTHER_TOKEN)).status).toBe(201);
  });

  it("404 for an unknown article and an unknown path", async () => {
    await refused(() => call("/api/articles/no-such-article"), 404);
    await refused(() => call("/no/such/path"), 404);
  });

  it("413 for an article over 1 MB, refused from Content-Length before reading", async () => {
    const big = JSON.stringify(article({ body: "x".repeat(1024 * 1024) }));
    const { body } = await refused(() => send("POST", "/api/articles", big), 413);
    expect(body.detail).toContain("1 MB");
  });

  it("413 for a streamed article over 1 MB with no Content-Length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    await refused(
      () =>
        call("/api/articles", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: stream,
        }),
      413,
    );
  });

  it("415 for a body that is not JSON", async () => {
    await refused(
      () => send("POST", "/api/articles", JSON.stringify(article()), TOKEN, { "content-type": "text/plain" }),
      415,
    );
  });

  it("422 listing every problem for an invalid article", async () => {
    const { body } = await refused(() => post({ headline: "<b>Bold</b>", catgory: "World", body: "" }), 422);
    expect(body.type).toBe("/problems/invalid-article");
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: "headline", message: expect.stringContaining("plain text") },
        { path: "body", message: "must not be empty" },
        { path: "category", message: "is required" },
        { path: "catgory", message: 'unknown field "catgory" (did you mean "category"?)' },
      ]),
    );
  });

  it("never answers 500 for odd client input", async () => {
    for (const body of ["null", "[]", '"text"', "42", "{}", '{"headline": {"a": 1}}', "{".repeat(5000)]) {
      const res = await send("POST", "/api/articles", body);
      expect([400, 422]).toContain(res.status);
      await problem(res);
    }
  });
});
