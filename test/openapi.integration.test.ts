// /openapi.json against OpenAPI 3.1 (a maintained validator) and against the Worker itself: every
// documented response of every operation is produced by a real request, and its status, media type,
// required headers and (for JSON) body schema are what the description says; no request in the
// table answers something undocumented. Storage faults come through the storage seam.

import { exports } from "cloudflare:workers";
import { Validator } from "@seriousme/openapi-schema-validator";
import oas31 from "@seriousme/openapi-schema-validator/schemas/v3.1/schema.json";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { knownFields } from "../src/articles/schema.ts";
import { RESPONSE_SCHEMAS, type ResponseSchemaName } from "../src/routes/schemas.ts";
import { article, call, del, ORIGIN, post, put, send, TOKEN } from "./helpers/api.ts";
import { BROKEN_READS, BROKEN_WRITES, withBrokenPartners, withStore } from "./helpers/faults.ts";
import { asPartner, issue } from "./helpers/partners.ts";

type Obj = Record<string, unknown>;

/**
 * The validator with its OpenAPI 3.1 meta-schema compiled up front, as it would compile it itself:
 * it reads the file from disk on first use, and workerd has no disk. Same Ajv class and options.
 */
function validator(): Validator {
  const v = new Validator();
  const ajv = new Ajv2020({ strict: false });
  const add = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
  add(ajv);
  ajv.addFormat("media-range", true);
  (v as unknown as { ajvValidators: Record<string, unknown> }).ajvValidators["3.1"] = ajv.compile(oas31);
  return v;
}

async function documentOf(): Promise<Obj> {
  const res = await call("/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return (await res.json()) as Obj;
}

function resolve(doc: Obj, node: unknown): Obj {
  let n = node as Obj;
  while (n && typeof n.$ref === "string")
    n = (n.$ref as string)
      .slice(2)
      .split("/")
      .reduce<Obj>((o, k) => o[k] as Obj, doc);
  return n;
}

const withBrokenReads = (request: () => Promise<Response>) => withStore(BROKEN_READS, request);
const withBrokenWrites = (request: () => Promise<Response>) => withStore(BROKEN_WRITES, request);

let sites = 0;
/** A request for another site of the same Worker: its cached copies are its own, so none exists yet. */
const uncached = (path: string) => exports.default.fetch(new Request(`https://site-${++sites}.test${path}`));

let addresses = 0;
/** Wrong tokens (partner keys with `prefix` `ewp_`) from one address until it is throttled (10 a minute). */
async function throttled(method: string, path: string, body?: unknown, prefix = ""): Promise<Response> {
  const ip = `198.51.100.${++addresses}`;
  const attempt = (token: string) =>
    call(path, {
      method,
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": ip,
        authorization: `Bearer ${token}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // The binding counts in fixed 60 s windows: 10 failures may straddle a window's end, so up to 21
  // attempts (two windows' worth) until the limit answers; every earlier one is a plain 401.
  let res = await attempt(`${prefix}guess-0`);
  for (let i = 1; i <= 20 && res.status !== 429; i++) {
    expect(res.status).toBe(401);
    await res.arrayBuffer();
    res = await attempt(`${prefix}guess-${i}`);
  }
  return res;
}

const TAKEDOWN_ONLY = "test-token-takedown";
const PUBLISH_ONLY = "test-token-publish";

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const TOO_BIG = JSON.stringify(article({ body: "x".repeat(1024 * 1024 + 10) }));
const TOO_BIG_BATCH = `[${Array.from({ length: 11 }, () => JSON.stringify(article({ body: "y".repeat(1_000_000) }))).join(",")}]`;

async function conditional(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const first = await call(path, { headers });
  await first.body?.cancel();
  return call(path, { headers: { ...headers, "if-none-match": first.headers.get("etag") ?? "" } });
}

/** A request for a documented response; a response given for several reasons has one for each. */
type Case = () => Promise<Response>;

/** Every documented response, produced for real: "METHOD /path/template STATUS" -> request(s). */
function cases(): Record<string, Case | Case[]> {
  const feeds = ["/feed.xml", "/feed.atom", "/feed.json"].flatMap((p) => [p, `/category/{slug}${p}`]);
  const MANUAL = { redirect: "manual" } as const;
  const feedPath = (p: string) => p.replace("{slug}", "oa-desk");
  const table: Record<string, Case | Case[]> = {
    "GET /api/articles 200": () => call("/api/articles?category=oa-desk&limit=5"),
    "GET /api/articles 304": () => conditional("/api/articles?category=oa-quiet"),
    "GET /api/articles 400": () => call("/api/articles?limit=0&catgory=x"),
    "GET /api/articles 503": () => withBrokenReads(() => call("/api/articles?q=storage")),
    "GET /api/articles 401": () => call("/api/articles?status=scheduled"),
    "GET /api/articles 429": () => throttled("GET", "/api/articles?status=scheduled"),
    "POST /api/articles/takedown 200": async () => {
      expect((await put("oa-bulk-gone", article({ category: "OA Desk" }))).status).toBe(201);
      return send("POST", "/api/articles/takedown", { ids: ["oa-bulk-gone", "oa-never-was"] });
    },
    "POST /api/articles/takedown 400": () => send("POST", "/api/articles/takedown", '{"ids": ['),
    "POST /api/articles/takedown 401": () => send("POST", "/api/articles/takedown", { ids: ["x"] }, null),
    "POST /api/articles/takedown 403": () =>
      send("POST", "/api/articles/takedown", { ids: ["oa-stored"] }, PUBLISH_ONLY),
    "POST /api/articles/takedown 413": () =>
      call("/api/articles/takedown", json({ ids: Array(20_000).fill("oa-stored") })),
    "POST /api/articles/takedown 415": () =>
      call("/api/articles/takedown", json('{"ids":[]}', { "content-type": "text/plain" })),
    "POST /api/articles/takedown 422": () => send("POST", "/api/articles/takedown", { ids: [] }),
    "POST /api/articles/takedown 429": () => throttled("POST", "/api/articles/takedown", { ids: ["x"] }),
    "POST /api/articles 201": () => post(article({ id: "oa-created", category: "OA Desk" })),
    "POST /api/articles 200": async () => {
      const a = article({ id: "oa-retried", category: "OA Desk" });
      expect((await post(a)).status).toBe(201);
      return post(a);
    },
    "POST /api/articles 400": () => call("/api/articles", json('{"headline": "cut short')),
    "POST /api/articles 401": () => post(article(), null),
    "POST /api/articles 403": () => post(article({ category: "OA Desk" }), TAKEDOWN_ONLY),
    "POST /api/articles 409": async () => {
      const a = article({ headline: "OpenAPI conflict story", category: "OA Desk" });
      expect((await post(a)).status).toBe(201);
      return post({ ...a, body: "A different body." });
    },
    "POST /api/articles 413": () => call("/api/articles", json(TOO_BIG)),
    "POST /api/articles 415": () => call("/api/articles", json("{}", { "content-type": "text/plain" })),
    "POST /api/articles 422": () => post({ headline: "No body", catgory: "OA Desk" }),
    "POST /api/articles 429": () => throttled("POST", "/api/articles", article()),
    "POST /api/articles 503": () =>
      withBrokenWrites(() => post(article({ id: "oa-post-fails", category: "OA Desk" }))),
    "POST /api/articles/batch 200": () =>
      send("POST", "/api/articles/batch", [article({ category: "OA Desk" }), { headline: "invalid" }]),
    "POST /api/articles/batch 400": () => send("POST", "/api/articles/batch", "[{"),
    "POST /api/articles/batch 401": () => send("POST", "/api/articles/batch", [article()], "wrong-token"),
    "POST /api/articles/batch 403": () => send("POST", "/api/articles/batch", [article()], TAKEDOWN_ONLY),
    "POST /api/articles/batch 413": () => call("/api/articles/batch", json(TOO_BIG_BATCH)),
    "POST /api/articles/batch 415": () =>
      call("/api/articles/batch", json("[]", { "content-type": "application/x-www-form-urlencoded" })),
    "POST /api/articles/batch 422": () => send("POST", "/api/articles/batch", { not: "an array" }),
    "POST /api/articles/batch 429": () => throttled("POST", "/api/articles/batch", [article()]),
    "GET /api/articles/{id} 200": () => call("/api/articles/oa-stored"),
    "GET /api/articles/{id} 404": () => call("/api/articles/oa-never-was"),
    "GET /api/articles/{id} 410": () => call("/api/articles/oa-gone"),
    "GET /api/articles/{id} 503": () => withBrokenReads(() => call("/api/articles/oa-stored")),
    "PUT /api/articles/{id} 200": () =>
      put("oa-stored", article({ headline: "Stored story, revised", category: "OA Desk" })),
    "PUT /api/articles/{id} 201": () => put("oa-put-new", article({ category: "OA Desk" })),
    "PUT /api/articles/{id} 400": () => send("PUT", "/api/articles/oa-stored", "{,}"),
    "PUT /api/articles/{id} 401": () => put("oa-stored", article(), "not-a-token"),
    "PUT /api/articles/{id} 403": () => put("oa-stored", article(), TAKEDOWN_ONLY),
    "PUT /api/articles/{id} 413": () => call("/api/articles/oa-stored", { ...json(TOO_BIG), method: "PUT" }),
    "PUT /api/articles/{id} 415": () =>
      call("/api/articles/oa-stored", { ...json("{}", { "content-type": "text/html" }), method: "PUT" }),
    "PUT /api/articles/{id} 410": async () => {
      await put("oa-withdrawn", article({ category: "OA Desk" }));
      await del("oa-withdrawn");
      return put("oa-withdrawn", article({ category: "OA Desk" }));
    },
    "PUT /api/articles/{id} 422": () => put("oa-stored", article({ id: "another-id" })),
    "PUT /api/articles/{id} 429": () => throttled("PUT", "/api/articles/oa-stored", article()),
    "PUT /api/articles/{id} 503": () =>
      withBrokenWrites(() => put("oa-put-fails", article({ category: "OA Desk" }))),
    "DELETE /api/articles/{id} 204": async () => {
      expect((await put("oa-delete-me", article({ category: "OA Desk" }))).status).toBe(201);
      return del("oa-delete-me");
    },
    "DELETE /api/articles/{id} 400": () =>
      call("/api/articles/oa-stored?dry_run=maybe", {
        method: "DELETE",
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    "DELETE /api/articles/{id} 401": () => del("oa-stored", null),
    "DELETE /api/articles/{id} 403": () => del("oa-stored", PUBLISH_ONLY),
    "DELETE /api/articles/{id} 404": () => del("oa-never-was"),
    "DELETE /api/articles/{id} 429": () => throttled("DELETE", "/api/articles/oa-stored"),
    "DELETE /api/articles/{id} 503": async () => {
      expect((await put("oa-delete-fails", article({ category: "OA Desk" }))).status).toBe(201);
      return withBrokenWrites(() => del("oa-delete-fails"));
    },
    ...Object.fromEntries(
      feeds.flatMap((p) => [
        [`GET ${p} 200`, () => call(feedPath(p))],
        [`GET ${p} 304`, () => conditional(feedPath(p))],
        [`GET ${p} 400`, () => call(`${feedPath(p)}?limit=101`)],
        [`GET ${p} 503`, () => withBrokenReads(() => uncached(feedPath(p)))],
        [
          `GET ${p} 301`,
          () => call(p.includes("{slug}") ? p.replace("{slug}", "OA%20Desk") : `${p}/`, MANUAL),
        ],
        ...(p.includes("{slug}") ? [[`GET ${p} 404`, () => call(p.replace("{slug}", "oa-nowhere"))]] : []),
      ]),
    ),
    ...Object.fromEntries(
      ["/feeds.opml", "/sitemap-news.xml"].flatMap((p) => [
        [`GET ${p} 200`, () => call(p)],
        [`GET ${p} 304`, () => conditional(p)],
        [`GET ${p} 400`, () => call(`${p}?limit=5`)],
        [`GET ${p} 503`, () => withBrokenReads(() => uncached(p))],
        [`GET ${p} 301`, () => call(`${p}/`, MANUAL)],
      ]),
    ),
    "GET /changes.atom 200": () => call("/changes.atom"),
    "GET /changes.atom 304": () => conditional("/changes.atom"),
    "GET /changes.atom 400": () => call("/changes.atom?cursor=x"),
    "GET /changes.atom 503": () => withBrokenReads(() => uncached("/changes.atom")),
    "GET /changes.atom 301": () => call("/changes.atom/", MANUAL),
    "GET /api/changes 200": () => call("/api/changes?limit=3"),
    "GET /api/changes 304": () => conditional("/api/changes?category=oa-quiet"),
    "GET /api/changes 400": () => call("/api/changes?cursor=not-ours"),
    "GET /api/changes 410": () =>
      call(`/api/changes?cursor=${btoa(JSON.stringify({ s: 1, t: 0 })).replace(/=+$/, "")}`),
    "GET /api/changes 503": () => withBrokenReads(() => call("/api/changes")),
    "GET /api/articles/{id} 401": () =>
      call("/api/articles/oa-stored", { headers: { authorization: "Bearer not-a-token" } }),
    "GET /icon.png 200": () => call("/icon.png"),
    "GET /icon.png 304": () => conditional("/icon.png"),
    "GET /robots.txt 200": () => call("/robots.txt"),
    "GET / 200": () => call("/"),
    "GET / 304": () => conditional("/"),
    "GET / 400": () => call("/?cursor=not-ours"),
    "GET / 503": () => withBrokenReads(() => uncached("/?keyword=uncached")),
    "GET /category/{slug} 200": () => call("/category/oa-desk"),
    "GET /category/{slug} 304": () => conditional("/category/oa-desk"),
    "GET /category/{slug} 400": () => call("/category/oa-desk?cursor=not-ours"),
    "GET /category/{slug} 404": () => call("/category/oa-nowhere"),
    "GET /category/{slug} 301": () => call("/category/OA-Desk", MANUAL),
    "GET /category/{slug} 503": () => withBrokenReads(() => uncached("/category/oa-desk")),
    "GET /articles/{id} 200": () => call("/articles/oa-stored"),
    "GET /articles/{id} 304": () => conditional("/articles/oa-stored"),
    "GET /articles/{id} 404": () => call("/articles/oa-never-was"),
    "GET /articles/{id} 410": () => call("/articles/oa-gone", { headers: { accept: "application/json" } }),
    "GET /articles/{id} 503": () => withBrokenReads(() => uncached("/articles/oa-stored")),
    "GET /openapi.json 200": () => call("/openapi.json"),
    "GET /openapi.json 304": () => conditional("/openapi.json"),
    "GET /api/articles/{id} 400": () => call("/api/articles/oa-stored?format=nitf"),
    ...partnerCases(),
    "GET /docs 200": () => call("/docs"),
    "GET /docs 304": () => conditional("/docs"),
  };
  return withPartnerReads(table);
}

const ADMIN = "test-token-all";
const asAdmin = (method: string, path: string, body: unknown) => send(method, path, body, ADMIN);
const newPartner = async () => {
  const res = await send("POST", "/api/partners", { name: "OA partner", content: "full" }, ADMIN);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

/** Partner keys and the statistics, each documented answer produced for real. */
function partnerCases(): Record<string, () => Promise<Response>> {
  const admin = (method: string, template: string) => {
    const path = template.replace("{id}", "p-x");
    const body = method === "GET" || method === "DELETE" ? undefined : { name: "x", content: "full" };
    const init = (token: string | null): RequestInit => ({
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return [
      [`${method} ${template} 401`, () => call(path, init(null))],
      [`${method} ${template} 403`, () => call(path, init(TOKEN))],
      [`${method} ${template} 429`, () => throttled(method, path, body)],
      [`${method} ${template} 503`, () => withBrokenPartners(() => call(path, init(ADMIN)))],
    ];
  };
  return {
    "POST /api/partners 201": () =>
      send("POST", "/api/partners", { name: "OA partner", content: "excerpt" }, ADMIN),
    "POST /api/partners 200": () =>
      send("POST", "/api/partners?dry_run=true", { name: "OA dry", content: "full" }, ADMIN),
    "POST /api/partners 400": () => send("POST", "/api/partners", '{"name": ', ADMIN),
    "POST /api/partners 413": () =>
      send("POST", "/api/partners", { name: "x".repeat(70_000), content: "full" }, ADMIN),
    "POST /api/partners 415": () =>
      call("/api/partners", json("{}", { "content-type": "text/plain", authorization: `Bearer ${ADMIN}` })),
    "POST /api/partners 422": () => send("POST", "/api/partners", { name: "", content: "some" }, ADMIN),
    "GET /api/partners 200": () => call("/api/partners", { headers: { authorization: `Bearer ${ADMIN}` } }),
    "PATCH /api/partners/{id} 200": async () =>
      asAdmin("PATCH", `/api/partners/${await newPartner()}`, { tier: "plus" }),
    "PATCH /api/partners/{id} 400": async () => asAdmin("PATCH", `/api/partners/${await newPartner()}`, "{,"),
    "PATCH /api/partners/{id} 404": () => asAdmin("PATCH", "/api/partners/p-never", { tier: "plus" }),
    "PATCH /api/partners/{id} 413": () =>
      asAdmin("PATCH", "/api/partners/p-never", { name: "y".repeat(70_000) }),
    "PATCH /api/partners/{id} 415": () =>
      call("/api/partners/p-never", {
        ...json("{}", { "content-type": "text/plain", authorization: `Bearer ${ADMIN}` }),
        method: "PATCH",
      }),
    "PATCH /api/partners/{id} 422": () => asAdmin("PATCH", "/api/partners/p-never", { tier: "gold" }),
    "DELETE /api/partners/{id} 204": async () =>
      call(`/api/partners/${await newPartner()}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${ADMIN}` },
      }),
    "DELETE /api/partners/{id} 404": () =>
      call("/api/partners/p-never", { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }),
    "GET /api/stats 200": () => call("/api/stats", { headers: { authorization: `Bearer ${ADMIN}` } }),
    ...Object.fromEntries([
      ...admin("POST", "/api/partners"),
      ...admin("GET", "/api/partners"),
      ...admin("PATCH", "/api/partners/{id}"),
      ...admin("DELETE", "/api/partners/{id}"),
      ...admin("GET", "/api/stats"),
    ]),
  };
}

/** Every route partners read (src/partners/access.ts, distribution/audience.ts), as templates. */
const PARTNER_READS = [
  ...["/feed.xml", "/feed.atom", "/feed.json"].flatMap((p) => [p, `/category/{slug}${p}`]),
  "/feeds.opml",
  "/sitemap-news.xml",
  "/changes.atom",
  "/",
  "/category/{slug}",
  "/api/articles",
  "/api/articles/{id}",
  "/api/changes",
];
/** Those that narrow to the partner's categories: a category it may not read, by path or `?category=`. */
const NOT_ENTITLED: Record<string, string> = {
  ...Object.fromEntries(
    ["/feed.xml", "/feed.atom", "/feed.json"].flatMap((p) => [
      [p, `${p}?category=oa-elsewhere`],
      [`/category/{slug}${p}`, `/category/oa-elsewhere${p}`],
    ]),
  ),
  "/changes.atom": "/changes.atom?category=oa-elsewhere",
  "/category/{slug}": "/category/oa-elsewhere",
  "/api/articles": "/api/articles?category=oa-elsewhere",
  "/api/changes": "/api/changes?category=oa-elsewhere",
};
const sample = (template: string) => template.replace("{slug}", "oa-desk").replace("{id}", "oa-stored");
const withToken = (path: string, token: string) =>
  `${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`;

/** Once per file: a partner entitled to OA Desk only, and one that is sent past its rate tier. */
let reader: ReturnType<typeof issue> | undefined;
let busy: ReturnType<typeof issue> | undefined;
const oaReader = () => {
  reader ??= issue({ name: "OA reader", categories: ["OA Desk"], content: "full" });
  return reader;
};

let clients = 0;
/** A fresh client address: wrong credentials are throttled per address (10 a minute). */
const client = () => ({ "cf-connecting-ip": `203.0.113.${++clients % 250}` });

/**
 * The busy partner's requests to `path` until one is refused for its rate: the binding counts units
 * of RATE_SAMPLE requests in fixed 60 s windows, so the first call takes a few hundred requests and
 * later ones are refused at once (unless a window ended meanwhile: then it takes another round).
 */
async function overRate(path: string): Promise<Response> {
  busy ??= issue({ name: "OA busy", content: "full" });
  const { key } = await busy;
  let res = await asPartner(key, path);
  for (let i = 0; i < 1_000 && res.status !== 429; i++) {
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    res = await asPartner(key, path);
  }
  return res;
}

/** The partner answers of every route partners read, added to (never replacing) its other requests. */
function withPartnerReads(table: Record<string, Case | Case[]>): Record<string, Case | Case[]> {
  const out = { ...table };
  const add = (key: string, ...more: Case[]) => {
    const had = out[key];
    out[key] = [...(had === undefined ? [] : Array.isArray(had) ? had : [had]), ...more];
  };
  for (const template of PARTNER_READS) {
    const path = sample(template);
    add(
      `GET ${template} 401`,
      () => asPartner("ewp_never-issued-0000000000000000000000000000000", path, client()),
      () => call(withToken(path, "ewt_never-issued-0000000000000000000000000000000"), { headers: client() }),
      () => call(withToken(path, "not-a-url-token"), { headers: client() }),
    );
    add(
      `GET ${template} 429`,
      () => overRate(path),
      () => throttled("GET", path, undefined, "ewp_"),
    );
    const elsewhere = NOT_ENTITLED[template];
    if (elsewhere) {
      add(`GET ${template} 403`, async () => asPartner((await oaReader()).key, elsewhere));
      add(`GET ${template} 403`, async () => call(withToken(elsewhere, (await oaReader()).urlToken)));
    }
  }
  return out;
}

/** The newsroom's writes: bearer security, a scope, `?dry_run`. */
const WRITES = [
  ["/api/articles", "post"],
  ["/api/articles/batch", "post"],
  ["/api/articles/{id}", "put"],
  ["/api/articles/{id}", "delete"],
] as const;

function documented(doc: Obj): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Obj>))
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options"])
      for (const status of Object.keys(((item[method] as Obj | undefined)?.responses as Obj) ?? {}))
        out.push(`${method.toUpperCase()} ${path} ${status}`);
  return out;
}

describe("/openapi.json", async () => {
  for (const res of await Promise.all([
    put("oa-stored", article({ headline: "Stored story", category: "OA Desk" })),
    put("oa-gone", article({ category: "OA Desk" })),
  ]))
    expect(res.status).toBe(201);
  expect((await del("oa-gone")).status).toBe(204);
  const doc = await documentOf();

  it("validates as OpenAPI 3.1", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the validator, so set up, does reject a broken description", async () => {
    const broken = structuredClone(doc) as Obj;
    (broken.paths as Obj)["/broken"] = { get: { responses: { "200": { content: {} } } } };
    expect((await validator().validate(broken)).valid).toBe(false);
  });

  it("names this site as its server", () => {
    expect(doc.servers).toEqual([{ url: ORIGIN }]);
  });

  it("describes the request body with every field the validator knows, each explained", () => {
    const schemas = (doc.components as Obj).schemas as Record<string, Obj>;
    const fields = (s: Obj | undefined) => Object.keys((s?.properties as Obj | undefined) ?? {}).sort();
    const input = schemas.ArticleInput as Obj;
    const props = input.properties as Record<string, Obj>;
    expect(fields(input)).toEqual([...knownFields("")].sort());
    expect(fields(schemas.AuthorInput)).toEqual([...knownFields("author")].sort());
    expect(fields(props.image)).toEqual([...knownFields("image")].sort());
    expect(input.required).toEqual(["headline", "body", "category"]);
    expect(input.additionalProperties).toEqual({ type: "null" });
    for (const [name, p] of Object.entries(props)) expect(p.description, name).toMatch(/\w/);
    expect(props.headline?.description).toContain("1-300 characters");
    expect(props.id).toMatchObject({ pattern: "^[a-z0-9][a-z0-9-]{0,99}$" });
    expect(props.bodyFormat).toMatchObject({ enum: ["text", "html", null], default: "text" });
    expect(schemas.ArticleBatch).toMatchObject({ minItems: 1, maxItems: 100 });
  });

  it("covers every route with bearer security on the newsroom's writes", () => {
    const paths = doc.paths as Record<string, Record<string, Obj>>;
    for (const [path, method] of WRITES)
      expect(paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
    for (const [path, method, scope] of [
      ["/api/articles", "post", "publish"],
      ["/api/articles/{id}", "delete", "takedown"],
    ] as const)
      expect(resolve(doc, paths[path]?.[method]?.responses)["403"]).toMatchObject({
        description: expect.stringContaining(`\`${scope}\` scope`),
      });
    // Public, with a token only for status=scheduled, and a partner's key or URL token.
    expect(paths["/api/articles"]?.get?.security).toEqual([
      {},
      { bearer: [] },
      { partnerKey: [] },
      { partnerUrlToken: [] },
    ]);
    expect(paths["/api/articles/takedown"]?.post?.security).toEqual([{ bearer: [] }]);
    expect(((doc.components as Obj).securitySchemes as Obj).bearer).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    const list = resolve(doc, paths["/api/articles"]?.get?.parameters) as unknown as unknown[];
    expect((list as Obj[]).map((p) => resolve(doc, p).name)).toEqual([
      "category",
      "keyword",
      "q",
      "exclude",
      "limit",
      "cursor",
      "status",
      "format",
      "access_token",
    ]);
  });

  it("documents ?dry_run on every write", () => {
    const paths = doc.paths as Record<string, Record<string, Obj>>;
    for (const [path, method] of WRITES) {
      const params = (paths[path]?.[method]?.parameters as Obj[] | undefined) ?? [];
      const dryRun = params.map((p) => resolve(doc, p)).find((p) => p.name === "dry_run");
      expect(dryRun, `${method} ${path}`).toMatchObject({ in: "query", schema: { enum: ["true", "false"] } });
    }
  });

  it("documents exactly the responses the tests below produce", () => {
    expect(documented(doc).sort()).toEqual(Object.keys(cases()).sort());
  });

  const table = cases();
  it.each(Object.keys(table))("%s", async (key) => {
    const requests = table[key] as Case | Case[];
    for (const request of Array.isArray(requests) ? requests : [requests]) await check(key, request);
  });

  /** One request for the documented response `key`: its status, headers, media type and body. */
  async function check(key: string, request: Case) {
    const [method, path, status] = key.split(" ") as [string, string, string];
    const res = await request();
    const body = await res.text();
    expect(res.status, body.slice(0, 500)).toBe(Number(status));
    const operation = ((doc.paths as Obj)[path] as Obj)[method.toLowerCase()] as Obj;
    const response = resolve(doc, (operation.responses as Obj)[status]);
    // Headers the description marks as always there.
    for (const [name, h] of Object.entries((response.headers as Obj | undefined) ?? {}))
      if (resolve(doc, h).required) expect(res.headers.get(name), `${name} header`).not.toBeNull();
    const content = (response.content as Record<string, Obj> | undefined) ?? {};
    if (Object.keys(content).length === 0) {
      expect(body).toBe("");
      return;
    }
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    expect(Object.keys(content)).toContain(type);
    const schemaName = (content[type]?.schema as Obj | undefined)?.$ref?.toString().split("/").at(-1);
    if (schemaName) {
      const parsed = RESPONSE_SCHEMAS[schemaName as ResponseSchemaName].safeParse(JSON.parse(body));
      expect(parsed.success ? [] : parsed.error.issues, `${schemaName} body`).toEqual([]);
      if (schemaName === "Problem") expect(JSON.parse(body).status).toBe(Number(status));
    } else if (type.includes("json")) JSON.parse(body);
  }

  it("every route that takes a partner key or URL token answers a partner as its 200 says: private where it says so", async () => {
    const { key, urlToken } = await oaReader();
    const partnered = Object.entries(doc.paths as Record<string, Obj>).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([, op]) => JSON.stringify((op as Obj).security ?? []).includes("partnerKey"))
        .map(([method, op]) => ({ template, method, op: op as Obj })),
    );
    expect(partnered.map((o) => `${o.method.toUpperCase()} ${o.template}`).sort()).toEqual(
      PARTNER_READS.map((t) => `GET ${t}`).sort(),
    );
    for (const { template, op } of partnered) {
      const ok = resolve(doc, (op.responses as Obj)["200"]);
      const said = resolve(doc, (ok.headers as Obj | undefined)?.["Cache-Control"]).description ?? "";
      const path = sample(template);
      for (const res of [await asPartner(key, path), await call(withToken(path, urlToken))]) {
        await res.arrayBuffer();
        expect(res.status, template).toBe(200);
        const cacheControl = res.headers.get("cache-control") ?? "";
        if (String(said).includes("private")) expect(cacheControl, template).toMatch(/^private/);
        else expect(cacheControl, template).not.toMatch(/private/);
      }
    }
    const schemes = (doc.components as Obj).securitySchemes as Obj;
    expect(schemes.partnerKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.partnerUrlToken).toMatchObject({ type: "apiKey", in: "query", name: "access_token" });
  });

  it("the reference page lists every operation, with its parameters and the body's field rules", async () => {
    const res = await call("/docs");
    const html = await res.text();
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    for (const key of documented(doc)) {
      const [method, path] = key.split(" ") as [string, string];
      expect(html, key).toContain(`<span class="method">${method}</span> <code>${path}</code>`);
    }
    // Who may call each: a write needs a token; a read is public and also takes a partner's credentials.
    expect(html).toContain("Needs <code>Authorization: Bearer</code> (bearer).");
    expect(html).toContain(
      "Public; also takes <code>Authorization: Bearer</code> (partnerKey), <code>?access_token=</code> (partnerUrlToken).",
    );
    expect(html).not.toContain("Needs <code>Authorization: Bearer</code> (partnerKey)");
    expect(html).toContain('id="schema-ArticleInput"');
    expect(html).toContain("<code>authors[].name</code>");
    expect(html).toContain("1-300 characters");
    expect(html).not.toMatch(/<script|https?:\/\/(?!edgewire\.test)/);
  });
});
