// Partner keys, managed by an `admin`-scoped newsroom token without a redeploy: create (the key and
// URL token are shown once, in this answer only), list, change entitlements or rotate credentials,
// revoke. Parse, call, shape: the registry stores hashes only (src/store/partners.ts).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { RATE_TIERS } from "../articles/audience.ts";
import { formatPath } from "../articles/problems.ts";
import { slugify } from "../articles/text.ts";
import * as clock from "../clock.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { ProblemError } from "../http/problem.ts";
import { MAX_CATEGORIES } from "../limits.ts";
import { credentialHash, keyPrefixOf, newKey, newUrlToken } from "../partners/credentials.ts";
import { forget } from "../partners/lookup.ts";
import { type PartnerRecord, partnerDirectory } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { problem } from "./describe.ts";
import { body, needs } from "./newsroom.ts";
import { partnerList, partnerOutput } from "./schemas.ts";

export const partnersApi = new OpenAPIHono<AppEnv>();

const BODY_MAX_BYTES = 64 * 1024;

const categories = z
  .array(z.string().trim().min(1).max(100))
  .min(1)
  .max(MAX_CATEGORIES)
  .meta({ description: "Category slugs or names the key may read; absent or null: every category." });

const entitlements = {
  categories: categories.nullable().optional(),
  content: z.enum(["full", "excerpt"]).meta({ description: "Full text, or the summary and a link." }),
  embargoPreview: z
    .boolean()
    .optional()
    .meta({ description: "Embargoed articles too, with their `embargoed` time." }),
  tier: z
    .enum(RATE_TIERS)
    .optional()
    .meta({ description: "Rate tier: `standard` (300 a minute) or `plus` (3,000)." }),
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .optional()
    .meta({ description: "RFC 3339: the key stops working then; null: never." }),
};

export const PARTNER_INPUT = z
  .strictObject({ name: z.string().trim().min(1).max(200), ...entitlements })
  .meta({ id: "PartnerInput", description: "A new partner key's holder and entitlements." });

export const PARTNER_CHANGE = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    ...entitlements,
    content: entitlements.content.optional(),
    rotate: z
      .array(z.enum(["key", "urlToken"]))
      .optional()
      .meta({
        description: "Issue a new key or URL token (shown once in the answer); the old one stops working.",
      }),
  })
  .meta({ id: "PartnerChange", description: "Fields to change; the others stay." });

/** A record as the API shows it: never a hash. */
function shown(r: PartnerRecord, issued: { key?: string; urlToken?: string } = {}, siteUrl?: string) {
  const { keyHash: _k, urlTokenHash: _u, revision: _r, ...rest } = r;
  return {
    ...rest,
    ...issued,
    ...(issued.urlToken && siteUrl
      ? { opml: absolute(siteUrl, paths.opml(), { access_token: issued.urlToken }) }
      : {}),
  };
}

const invalid = (issues: z.core.$ZodIssue[]) =>
  new ProblemError({
    status: 422,
    type: "invalid-partner",
    title: "Invalid Partner",
    detail: "The partner is not valid: see errors.",
    errors: issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  });

const slugs = (list: string[] | null | undefined) =>
  list ? [...new Set(list.map(slugify).filter((s) => s !== ""))] : undefined;

partnersApi.openAPIRegistry.register("PartnerInput", PARTNER_INPUT);
partnersApi.openAPIRegistry.register("PartnerChange", PARTNER_CHANGE);

const admin = needs("admin");
const createBody = body("A partner", { $ref: "#/components/schemas/PartnerInput" }, BODY_MAX_BYTES);
const changeBody = body("A change", { $ref: "#/components/schemas/PartnerChange" }, BODY_MAX_BYTES);
const ID = z.object({ id: z.string().meta({ description: "The partner's id." }) });
const one = { content: { "application/json": { schema: partnerOutput } } };

partnersApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createPartner",
    tags: ["Partners"],
    summary: "Issue a partner key",
    description: "201 with the key and URL token, shown in this answer only (only their hashes are stored).",
    security: admin.security,
    middleware: [...admin.middleware, createBody.limit],
    request: createBody.request,
    responses: {
      201: { description: "Issued.", ...one },
      200: { description: "A dry run: what would be stored, without a key.", ...one },
      ...admin.refusals,
      ...createBody.refusals,
      422: problem(422, "The partner is invalid: every problem with its path in `errors`."),
      503: problem(503),
    },
  }),
  async (c) => {
    const parsed = PARTNER_INPUT.safeParse(await readJson(c, BODY_MAX_BYTES));
    if (!parsed.success) throw invalid(parsed.error.issues);
    const input = parsed.data;
    const key = newKey();
    const urlToken = newUrlToken();
    const now = new Date(clock.now()).toISOString();
    const cats = slugs(input.categories);
    const record: PartnerRecord = {
      id: `p-${crypto.randomUUID().slice(0, 13).replace("-", "")}`,
      name: input.name,
      content: input.content,
      embargoPreview: input.embargoPreview ?? false,
      tier: input.tier ?? "standard",
      ...(cats ? { categories: cats } : {}),
      ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
      revision: 1,
      createdAt: now,
      updatedAt: now,
      keyPrefix: keyPrefixOf(key),
      keyHash: await credentialHash(key),
      urlTokenHash: await credentialHash(urlToken),
    };
    if (c.get("dryRun")) return c.json(shown(record), 200);
    await partnerDirectory(c.env).create(record);
    return c.json(shown(record, { key, urlToken }, c.get("site").url), 201, {
      location: `/api/partners/${record.id}`,
      "cache-control": "no-store",
    });
  },
);

partnersApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listPartners",
    tags: ["Partners"],
    summary: "List partner keys",
    security: admin.security,
    middleware: admin.middleware,
    responses: {
      200: {
        description: "Every partner, revoked ones included (never a key).",
        content: { "application/json": { schema: partnerList } },
      },
      ...admin.refusals,
      503: problem(503),
    },
  }),
  async (c) => {
    const all = await partnerDirectory(c.env).list();
    return c.json({ items: all.map((r) => shown(r)) }, 200);
  },
);

partnersApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "changePartner",
    tags: ["Partners"],
    summary: "Change a partner's entitlements or rotate its credentials",
    description:
      "Takes effect everywhere within the bound the README states (30 s); a rotated credential is shown in this answer only.",
    security: admin.security,
    middleware: [...admin.middleware, changeBody.limit],
    request: { params: ID, ...changeBody.request },
    responses: {
      200: { description: "Changed.", ...one },
      ...admin.refusals,
      ...changeBody.refusals,
      404: problem(404, "No live partner has that id."),
      422: problem(422, "The change is invalid: every problem with its path in `errors`."),
      503: problem(503),
    },
  }),
  async (c) => {
    const id = c.req.param("id");
    const parsed = PARTNER_CHANGE.safeParse(await readJson(c, BODY_MAX_BYTES));
    if (!parsed.success) throw invalid(parsed.error.issues);
    const { rotate = [], categories: cats, expiresAt, ...rest } = parsed.data;
    const issued: { key?: string; urlToken?: string } = {};
    if (rotate.includes("key")) issued.key = newKey();
    if (rotate.includes("urlToken")) issued.urlToken = newUrlToken();
    const unset = [
      ...(cats === null ? (["categories"] as const) : []),
      ...(expiresAt === null ? (["expiresAt"] as const) : []),
    ];
    const change = {
      ...rest,
      ...(cats ? { categories: slugs(cats) as string[] } : {}),
      ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
      unset,
    };
    const hashes = {
      ...(issued.key
        ? { keyHash: await credentialHash(issued.key), keyPrefix: keyPrefixOf(issued.key) }
        : {}),
      ...(issued.urlToken ? { urlTokenHash: await credentialHash(issued.urlToken) } : {}),
    };
    const dir = partnerDirectory(c.env);
    if (c.get("dryRun")) {
      const current = (await dir.list()).find((r) => r.id === id && !r.revokedAt);
      if (!current) throw new ProblemError({ status: 404, detail: `No live partner has the id "${id}".` });
      return c.json(shown({ ...current, ...change }), 200);
    }
    const next = await dir.update(id, change, hashes);
    if (!next) throw new ProblemError({ status: 404, detail: `No live partner has the id "${id}".` });
    forget(id);
    return c.json(shown(next, issued, c.get("site").url), 200, { "cache-control": "no-store" });
  },
);

partnersApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "revokePartner",
    tags: ["Partners"],
    summary: "Revoke a partner key",
    description:
      "Its key and URL token stop working everywhere within the bound the README states (30 s; at once in this location's isolate).",
    security: admin.security,
    middleware: admin.middleware,
    request: { params: ID },
    responses: {
      204: { description: "Revoked." },
      ...admin.refusals,
      404: problem(404, "No live partner has that id."),
      503: problem(503),
    },
  }),
  async (c) => {
    const id = c.req.param("id");
    const dir = partnerDirectory(c.env);
    const live = c.get("dryRun")
      ? (await dir.list()).some((r) => r.id === id && !r.revokedAt)
      : await dir.revoke(id);
    if (!live) throw new ProblemError({ status: 404, detail: `No live partner has the id "${id}".` });
    forget(id);
    return c.body(null, 204);
  },
);
