// Requests through the Worker's own fetch (workerd, real local KV and Durable Objects), as a
// newsroom script or a reader would send them.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import app from "../../src/index.ts";

export const ORIGIN = "https://edgewire.test";
export const TOKEN = "test-token-desk"; // named "desk" in vitest.config.ts
export const OTHER_TOKEN = "test-token-wire";

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

/**
 * A request through the app with its own execution context, returned once the work it left for after
 * the response (a cache write, say) has finished: a deterministic wait, never a sleep.
 */
export async function settled(path: string, e: Env = env, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, init), e, ctx);
  const body = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(init.method === "HEAD" || res.status === 304 ? null : body, res);
}

export function send(
  method: string,
  path: string,
  body: unknown,
  token: string | null = TOKEN,
  headers: Record<string, string> = {},
) {
  return call(path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const post = (body: unknown, token?: string | null) => send("POST", "/api/articles", body, token);
export const put = (id: string, body: unknown, token?: string | null) =>
  send("PUT", `/api/articles/${id}`, body, token);
export const del = (id: string, token: string | null = TOKEN) =>
  call(`/api/articles/${id}`, {
    method: "DELETE",
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

let counter = 0;
/** A valid article with a unique headline; override any field. */
export function article(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    headline: `Harbour bridge reopens after repairs, part ${counter} ${crypto.randomUUID().slice(0, 8)}`,
    subheadline: "Commuters return to the crossing after six weeks of work",
    body: "The bridge reopened at dawn.\nTraffic was light.",
    category: "World News",
    keywords: ["Harbour Bridge", "Public Transport"],
    author: "Zoë Müller",
    ...overrides,
  };
}

export async function listIds(query = ""): Promise<string[]> {
  const res = await call(`/api/articles${query}`);
  const json = (await res.json()) as { items: { id: string }[] };
  return json.items.map((i) => i.id);
}

/**
 * Every id reachable by following next_url from the first page, read as a newsroom script reads
 * it: with a token, so live (the public is served cached copies, within the README's bound).
 */
export async function allIds(query = "?limit=100"): Promise<string[]> {
  const ids: string[] = [];
  let url: string | null = `/api/articles${query}`;
  while (url) {
    const res = await call(url.replace(ORIGIN, ""), { headers: { authorization: `Bearer ${TOKEN}` } });
    const json = (await res.json()) as { items: { id: string }[]; next_url: string | null };
    ids.push(...json.items.map((i) => i.id));
    url = json.next_url;
  }
  return ids;
}
