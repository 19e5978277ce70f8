// `edgewire partners …` and `edgewire stats` against a fake API: the requests each sends (method,
// path, body), the key printed once as the service issued it, and refusals reported with exit 1.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "../scripts/commands/command.ts";
import { partners } from "../scripts/commands/partners.ts";
import { stats } from "../scripts/commands/stats.ts";

const calls: { method: string; url: string; body: string | undefined }[] = [];
let replies: Response[] = [];
let out = "";

beforeEach(() => {
  calls.length = 0;
  out = "";
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? "GET", url: String(input), body: init?.body as string | undefined });
    return replies.shift() ?? new Response("no more replies", { status: 500 });
  });
  vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out += String(s);
    return true;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const run = (cmd: typeof partners, ...args: string[]) => {
  const { values, positionals } = parse(cmd, [
    ...args,
    "--url",
    "https://news.example.org",
    "--token",
    "admin-token",
    "--retries",
    "0",
  ]);
  return cmd.run(values, positionals);
};

const issued = {
  id: "p-1a2b3c4d5e6f",
  name: "Daily Planet",
  categories: ["world-news", "science"],
  content: "full",
  embargoPreview: false,
  tier: "standard",
  keyPrefix: "ewp_abcd…",
  key: "ewp_the-key",
  urlToken: "ewt_the-token",
  opml: "https://news.example.org/feeds.opml?access_token=ewt_the-token",
};

describe("edgewire partners", () => {
  it("add sends the entitlements and prints the key and URL token once", async () => {
    replies = [json(201, issued)];
    expect(
      await run(partners, "add", "Daily Planet", "--categories", "world-news,science", "--content", "full"),
    ).toBe(0);
    expect(calls).toEqual([
      {
        method: "POST",
        url: "https://news.example.org/api/partners",
        body: JSON.stringify({
          name: "Daily Planet",
          content: "full",
          categories: ["world-news", "science"],
        }),
      },
    ]);
    expect(out).toContain("key:       ewp_the-key");
    expect(out).toContain("URL token: ewt_the-token");
    expect(out).toContain("Shown once");
  });

  it("set, rotate and revoke name the partner; --categories all clears the list", async () => {
    replies = [
      json(200, { ...issued, key: undefined, urlToken: undefined, opml: undefined }),
      json(200, issued),
      new Response(null, { status: 204 }),
    ];
    expect(await run(partners, "set", "p-1a2b3c4d5e6f", "--categories", "all", "--expires", "never")).toBe(0);
    expect(await run(partners, "rotate", "p-1a2b3c4d5e6f", "--what", "both")).toBe(0);
    expect(await run(partners, "revoke", "p-1a2b3c4d5e6f")).toBe(0);
    expect(calls.map((c) => [c.method, c.url.replace("https://news.example.org", ""), c.body])).toEqual([
      ["PATCH", "/api/partners/p-1a2b3c4d5e6f", JSON.stringify({ categories: null, expiresAt: null })],
      ["PATCH", "/api/partners/p-1a2b3c4d5e6f", JSON.stringify({ rotate: ["key", "urlToken"] })],
      ["DELETE", "/api/partners/p-1a2b3c4d5e6f", undefined],
    ]);
    expect(out).toContain("revoked p-1a2b3c4d5e6f");
  });

  it("a refusal is reported with the service's detail and exit 1", async () => {
    replies = [
      json(403, {
        title: "Forbidden",
        status: 403,
        detail: 'This token may not administer partner keys and statistics: it lacks the "admin" scope.',
      }),
    ];
    expect(await run(partners, "list")).toBe(1);
    expect(out).toContain("403 Forbidden: This token may not administer partner keys");
    expect(out).not.toContain("admin-token");
  });

  it("a usage error for an unknown action or a missing id", async () => {
    await expect(run(partners, "grant")).rejects.toThrow(/add\|list\|set\|rotate\|revoke/);
    await expect(run(partners, "revoke")).rejects.toThrow(/needs the partner's id/);
  });
});

describe("edgewire stats", () => {
  it("prints each partner's pulls per feed and the subscribers per public feed", async () => {
    replies = [
      json(200, {
        since: "2026-12-01T00:00:00.000Z",
        partners: [
          {
            id: "p-1",
            name: "Daily Planet",
            revoked: false,
            requests: 12,
            notModified: 9,
            lastPull: "2026-12-02T10:00:00.000Z",
            feeds: { "/feed.xml": { requests: 12, notModified: 9, last: "2026-12-02T10:00:00.000Z" } },
          },
        ],
        subscribers: {
          "/feed.atom": {
            total: 59,
            fetchers: { "Feedly abc": { count: 40, at: "x" }, Inoreader: { count: 19, at: "y" } },
          },
        },
        events: {},
      }),
    ];
    expect(await run(stats)).toBe(0);
    expect(calls[0]?.url).toBe("https://news.example.org/api/stats");
    expect(out).toContain("Daily Planet (p-1): 12 requests, 9 not modified, last 2026-12-02T10:00:00.000Z");
    expect(out).toContain("/feed.xml  12 requests, 9 not modified");
    expect(out).toContain("/feed.atom  59 (Feedly abc 40, Inoreader 19)");
  });
});
