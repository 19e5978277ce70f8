// The newsroom tool's sending and reporting, against a fake API: retries on 429, 503 and network
// errors (never on other 4xx), PUT with --update, outcomes from Edgewire-Result, the token never
// shown, and the report lines and summary.
import { describe, expect, it } from "vitest";
import { retryAfterMs, sendArticle } from "../scripts/lib/client.ts";
import { type Entry, formatEntry, formatSummary, nextStep, progressBar } from "../scripts/lib/report.ts";
import { publish } from "../scripts/lib/run.ts";

const TOKEN = "s3cret-token-value";
const TOKEN_HINT =
  ' (check the token: EDGEWIRE_TOKEN or --token; the local one is in .dev.vars, after "newsroom:")';
const article = { headline: "Harbour bridge reopens", category: "World News", body: "Text." };

type Reply = Response | Error;
/** A fake fetch answering from a list, recording each request. */
function fakeFetch(...replies: Reply[]) {
  const calls: { method: string; url: string; auth: string | null; body: string }[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({
      method: init?.method ?? "GET",
      url: String(input),
      auth: headers.get("authorization"),
      body: String(init?.body),
    });
    const r = replies.shift() ?? new Response("no more replies", { status: 500 });
    if (r instanceof Error) throw r;
    return r;
  }) as typeof fetch;
  return { f, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(status, { type: "/problems/x", title, status, detail, ...extra });

function options(f: typeof fetch, waits: number[] = [], update = false) {
  return {
    url: "http://127.0.0.1:8787",
    token: TOKEN,
    update,
    retries: 4,
    fetch: f,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

describe("sending one article", () => {
  it("reports what the server's sanitiser changed, from Edgewire-Notes", async () => {
    const notes =
      '"turned <iframe> into a link to YouTube video", "removed the attribute class from <p> (2 times)", "say \\"hi\\""';
    const { f } = fakeFetch(
      json(201, { id: "x" }, { "edgewire-result": "created", "edgewire-notes": notes }),
    );
    expect(await sendArticle(article, options(f))).toEqual({
      status: "created",
      id: "x",
      notes: [
        "turned <iframe> into a link to YouTube video",
        "removed the attribute class from <p> (2 times)",
        'say "hi"',
      ],
      tries: 1,
    });
  });

  it("POSTs the raw article with the bearer token and reads the outcome from Edgewire-Result", async () => {
    const { f, calls } = fakeFetch(
      json(201, { id: "harbour-bridge-reopens" }, { "edgewire-result": "created" }),
    );
    expect(await sendArticle(article, options(f))).toEqual({
      status: "created",
      id: "harbour-bridge-reopens",
      tries: 1,
    });
    expect(calls).toEqual([
      {
        method: "POST",
        url: "http://127.0.0.1:8787/api/articles",
        auth: `Bearer ${TOKEN}`,
        body: JSON.stringify(article),
      },
    ]);
  });

  it("PUTs articles with an id when updating, and POSTs those without", async () => {
    const { f, calls } = fakeFetch(
      json(200, { id: "a-1" }, { "edgewire-result": "updated" }),
      json(200, { id: "harbour-bridge-reopens" }, { "edgewire-result": "unchanged" }),
    );
    expect((await sendArticle({ ...article, id: "a-1" }, options(f, [], true))).status).toBe("updated");
    expect((await sendArticle(article, options(f, [], true))).status).toBe("unchanged");
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "PUT http://127.0.0.1:8787/api/articles/a-1",
      "POST http://127.0.0.1:8787/api/articles",
    ]);
  });

  it("retries 503 and 429 (honouring Retry-After) and network errors, with backoff", async () => {
    const waits: number[] = [];
    const { f, calls } = fakeFetch(
      problem(503, "Service Unavailable", "Storage did not answer.", {}),
      new Response(null, { status: 429, headers: { "retry-after": "7" } }),
      new TypeError("fetch failed"),
      json(201, { id: "x" }, { "edgewire-result": "created" }),
    );
    expect(await sendArticle(article, options(f, waits))).toEqual({ status: "created", id: "x", tries: 4 });
    expect(calls).toHaveLength(4);
    expect(waits[1]).toBe(7000);
    expect(waits[0]).toBeGreaterThanOrEqual(375);
    expect(waits[2]).toBeGreaterThanOrEqual(1500); // doubled each time, with jitter
  });

  it("gives up after the retries with the status and the number of tries", async () => {
    const replies = Array.from(
      { length: 5 },
      () => new Response("busy", { status: 503, statusText: "Service Unavailable" }),
    );
    const { f } = fakeFetch(...replies);
    expect(await sendArticle(article, options(f))).toEqual({
      status: "failed",
      error: "503 Service Unavailable after 5 tries",
      httpStatus: 503,
      tries: 5,
      stop: false,
    });
  });

  it("never retries other 4xx answers", async () => {
    const { f, calls } = fakeFetch(problem(413, "Content Too Large", "Over 1 MB."));
    expect(await sendArticle(article, options(f))).toMatchObject({
      status: "failed",
      error: "413 Content Too Large: Over 1 MB.",
      tries: 1,
    });
    expect(calls).toHaveLength(1);
  });

  it("reports a 409 with the server's detail and how to update", async () => {
    const detail =
      'An article with id "x" already exists with different content. To replace it, send PUT /api/articles/x.';
    const { f } = fakeFetch(problem(409, "Conflict", detail, { id: "x" }));
    expect(await sendArticle(article, options(f))).toMatchObject({
      status: "failed",
      error: `409 Conflict: ${detail} (publish with --update to replace it)`,
    });
  });

  it("with --update, follows a 409 for an article without id with a PUT to the taken id", async () => {
    const { f, calls } = fakeFetch(
      problem(409, "Conflict", "taken", { id: "harbour-bridge-reopens" }),
      json(200, { id: "harbour-bridge-reopens" }, { "edgewire-result": "updated" }),
    );
    expect(await sendArticle(article, options(f, [], true))).toMatchObject({ status: "updated" });
    expect(calls.map((c) => c.method)).toEqual(["POST", "PUT"]);
  });

  it("turns a 422 into an invalid outcome with the server's problems", async () => {
    const errors = [{ path: "body", message: "has no text left after removing HTML that is not allowed" }];
    const { f } = fakeFetch(problem(422, "Invalid Article", "The article is not valid.", { errors }));
    expect(await sendArticle(article, options(f))).toMatchObject({ status: "invalid", problems: errors });
  });

  it("never shows the token, even when an answer echoes it", async () => {
    const { f } = fakeFetch(problem(401, "Unauthorized", `The bearer token ${TOKEN} is not valid.`));
    const sent = await sendArticle(article, options(f));
    expect(sent).toMatchObject({ status: "failed", stop: true });
    expect(JSON.stringify(sent)).not.toContain(TOKEN);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("5")).toBe(5000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:10 GMT", Date.UTC(2026, 0, 1))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe("publishing many files", () => {
  const source = (label: string, text: string) => ({ label, read: async () => text });
  const good = (h: string) => JSON.stringify({ ...article, headline: h });

  it("reports in input order, with repair notes, and a summary; exit status from `ok`", async () => {
    const { f } = fakeFetch(
      json(201, { id: "one" }, { "edgewire-result": "created" }),
      json(200, { id: "two" }, { "edgewire-result": "unchanged" }),
    );
    const lines: string[] = [];
    const { entries, summary } = await publish(
      [
        source("a.json", good("One")),
        source("b.txt", `Here you go:\n\`\`\`json\n${good("Two")}\n\`\`\``),
        source("c.md", '{"headline": "Three", "catgory": "X", "body": "b"}'),
      ],
      { dryRun: false, concurrency: 1, client: options(f), onEntry: (e) => lines.push(formatEntry(e)) },
    );
    expect(entries.map((e) => e.status)).toEqual(["created", "unchanged", "invalid"]);
    expect(lines).toEqual([
      "created    a.json  (id one)",
      "unchanged  b.txt  (id two)\n           removed a Markdown code fence\n           ignored 12 characters before the article",
      'invalid    c.md  category: is required; catgory: unknown field "catgory" (did you mean "category"?)',
    ]);
    expect(formatSummary(summary)).toBe("3 files: 1 created, 1 unchanged, 1 invalid, 0 failed");
    expect(summary.ok).toBe(false);
  });

  it("stops sending after a bad token and fails the rest without trying", async () => {
    const { f, calls } = fakeFetch(problem(401, "Unauthorized", "The bearer token is not valid."));
    const { entries } = await publish([source("a.json", good("A")), source("b.json", good("B"))], {
      dryRun: false,
      concurrency: 1,
      client: options(f),
    });
    expect(calls).toHaveLength(1);
    expect(entries.map((e) => [e.status, e.error])).toEqual([
      ["failed", `401 Unauthorized: The bearer token is not valid.${TOKEN_HINT}`],
      ["failed", `not sent: 401 Unauthorized: The bearer token is not valid.${TOKEN_HINT}`],
    ]);
  });

  it("validates without sending in a dry run", async () => {
    const { entries, summary } = await publish([source("a.json", good("Harbour bridge reopens"))], {
      dryRun: true,
      concurrency: 4,
    });
    expect(entries).toEqual([
      {
        file: "a.json",
        status: "valid",
        id: "harbour-bridge-reopens",
        notes: [],
        preview: {
          headline: "Harbour bridge reopens",
          category: "World News",
          keywords: [],
          paragraphs: 1,
          characters: 5,
          firstLines: ["Text."],
        },
      },
    ]);
    expect(formatSummary(summary)).toBe("1 file: 1 valid, 0 invalid (dry run: nothing was sent)");
    expect(nextStep(summary)).toBe("Next: run the same command without --dry-run to publish.");
    expect(formatEntry(entries[0] as Entry).split("\n")).toEqual([
      "valid      a.json  (id harbour-bridge-reopens)",
      "           headline  Harbour bridge reopens",
      "           category  World News",
      "           keywords  (none)",
      "           body      1 paragraph, 5 characters",
      "                     | Text.",
    ]);
    expect(summary.ok).toBe(true);
  });

  it("draws a bounded progress bar", () => {
    expect(progressBar(5, 10, 40)).toBe("[################----------------] 5/10");
    expect(progressBar(0, 3)).toMatch(/^\[-{40}\] 0\/3$/);
  });
});
