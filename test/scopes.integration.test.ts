// Scoped newsroom tokens (PUBLISH_TOKENS `name:token:publish+takedown+admin`): a write outside a
// token's scopes answers 403 naming the scope and changes nothing; a token without scopes keeps
// publish and takedown; an entry with an unknown scope grants nothing.
import { describe, expect, it } from "vitest";
import { article, call, del, post, put } from "./helpers/api.ts";
import { allKeys } from "./helpers/kv.ts";

const PUBLISH_ONLY = "test-token-publish";
const TAKEDOWN_ONLY = "test-token-takedown";
const ALL = "test-token-all";

async function expect403(res: Response, scope: string) {
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const body = (await res.json()) as { type: string; detail: string; scope: string };
  expect(body.type).toBe("/problems/missing-scope");
  expect(body.scope).toBe(scope);
  expect(body.detail).toContain(`"${scope}" scope`);
}

describe("scoped tokens", () => {
  it("a publish-only token publishes but cannot take down", async () => {
    expect((await put("scoped-1", article({ category: "Scopes" }), PUBLISH_ONLY)).status).toBe(201);
    const before = await allKeys();
    await expect403(await del("scoped-1", PUBLISH_ONLY), "takedown");
    expect(await allKeys()).toEqual(before);
    expect((await call("/api/articles/scoped-1")).status).toBe(200);
  });

  it("a takedown-only token takes down but cannot publish, in one article or a batch", async () => {
    await put("scoped-2", article({ category: "Scopes" }));
    const before = await allKeys();
    await expect403(await post(article({ category: "Scopes" }), TAKEDOWN_ONLY), "publish");
    await expect403(await put("scoped-2", article({ category: "Scopes" }), TAKEDOWN_ONLY), "publish");
    await expect403(
      await call("/api/articles/batch", {
        method: "POST",
        headers: { authorization: `Bearer ${TAKEDOWN_ONLY}`, "content-type": "application/json" },
        body: JSON.stringify([article()]),
      }),
      "publish",
    );
    expect(await allKeys()).toEqual(before);
    expect((await del("scoped-2", TAKEDOWN_ONLY)).status).toBe(204);
  });

  it("a token without scopes, and one with every scope, may publish and take down", async () => {
    expect((await put("scoped-3", article({ category: "Scopes" }))).status).toBe(201);
    expect((await del("scoped-3")).status).toBe(204);
    expect((await put("scoped-4", article({ category: "Scopes" }), ALL)).status).toBe(201);
    expect((await del("scoped-4", ALL)).status).toBe(204);
  });

  it("an entry with an unknown scope grants nothing (401), so a typo never widens a token", async () => {
    expect((await put("scoped-5", article({ category: "Scopes" }), "test-token-typo")).status).toBe(401);
  });

  it("a whole PUBLISH_TOKENS entry sent as the token gets a 401 that says to send the token alone", async () => {
    const res = await post(article({ category: "Scopes" }), "desk:test-token-desk");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toContain(
      'A PUBLISH_TOKENS entry such as "name:token:scopes" is not itself a token: send only the part after "name:"',
    );
  });
});
