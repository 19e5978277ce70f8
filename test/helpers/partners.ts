// Partner keys in tests: issue one through the API with the admin token, and read as that partner
// (by key in the Authorization header, or by URL token in the query).
import { expect } from "vitest";
import { call, send } from "./api.ts";

export const ADMIN = "test-token-all"; // chief:...:publish+takedown+admin in vitest.config.ts

export interface Issued {
  id: string;
  key: string;
  urlToken: string;
  opml: string;
  [field: string]: unknown;
}

export async function issue(body: Record<string, unknown>): Promise<Issued> {
  const res = await send("POST", "/api/partners", body, ADMIN);
  expect(res.status).toBe(201);
  return (await res.json()) as Issued;
}

/** A GET as the partner, by key. */
export const asPartner = (key: string, path: string, headers: Record<string, string> = {}) =>
  call(path, { headers: { authorization: `Bearer ${key}`, ...headers } });

/** A GET as the partner, by URL token. */
export const byUrlToken = (token: string, path: string) =>
  call(`${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`);

/** The article ids of a JSON Feed's items, from their links (`/articles/{id}` when no url was given). */
export async function feedIds(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const feed = (await res.json()) as { items: { url: string }[] };
  return feed.items.map((i) => decodeURIComponent(i.url.replace(/^.*\/articles\//, "")));
}
