// The newsroom tool as a person or a script runs it: `npx edgewire …` and `npm run -s publish -- …`
// as real processes, against a local stand-in for the API that records every request. Their --json
// output parses, a token pasted with its `name:` prefix is refused before anything is sent, a file
// of several objects is one decision, takedown works, and where the tool finds the service and token.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveTarget, runningDev, UsageError } from "../scripts/lib/target.ts";
import { runProcess } from "./helpers/process.ts";

// Each test starts a process or two (npx and Node 22 load in about a second each): no tight limit.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = resolve(import.meta.dirname, "..");
const REFERENCE = "test/corpus/29-reference-lost-body-opening.txt";

/** Runs a command from the checkout with a clean tool environment. */
function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const { EDGEWIRE_URL: _u, EDGEWIRE_TOKEN: _t, ...rest } = process.env;
  return runProcess(cmd, args, { cwd: ROOT, env: { ...rest, ...env } });
}

const requests: { method: string; url: string; auth: string; body: string }[] = [];
let api = "";
const server = createServer((req: IncomingMessage, res) => {
  let body = "";
  req.on("data", (d) => {
    body += d;
  });
  req.on("end", () => {
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization ?? "",
      body,
    });
    if (req.method === "DELETE") {
      const known = req.url?.startsWith("/api/articles/known");
      res.writeHead(known ? 204 : 404, known ? { "edgewire-result": "taken-down" } : {});
      res.end(
        known
          ? undefined
          : JSON.stringify({ status: 404, title: "Not Found", detail: "No article has that id." }),
      );
      return;
    }
    const article = JSON.parse(body) as { headline: string };
    res.writeHead(201, { "content-type": "application/json", "edgewire-result": "created" });
    res.end(JSON.stringify({ ...article, id: "made-up-id" }));
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("the tool as a process", () => {
  it("`npx edgewire --json` and `npm run -s publish -- --json` print one JSON document and nothing else", async () => {
    for (const [cmd, args] of [
      ["npx", ["edgewire", "--json", "--dry-run", REFERENCE]],
      ["npm", ["run", "-s", "publish", "--", "--json", "--dry-run", REFERENCE]],
    ] as const) {
      const { code, stdout } = await run(cmd, [...args]);
      expect(code, stdout).toBe(0);
      const report = JSON.parse(stdout) as { files: { status: string; preview: { paragraphs: number } }[] };
      expect(report.files[0]).toMatchObject({ status: "valid", preview: { paragraphs: 12 } });
    }
  });

  it("publishes the reference input through the README's command: every field as in the text", async () => {
    requests.length = 0;
    const { code, stdout } = await run("npx", ["edgewire", "--json", REFERENCE], {
      EDGEWIRE_URL: api,
      EDGEWIRE_TOKEN: "local-token",
    });
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout) as { files: { status: string; notes: string[] }[] };
    expect(report.files[0]?.status).toBe("created");
    expect(report.files[0]?.notes[0]).toBe(
      'the opening {"body": " was lost; restored it: body is the only required field the rest does not give',
    );
    expect(requests.map((r) => [r.method, r.url, r.auth])).toEqual([
      ["POST", "/api/articles", "Bearer local-token"],
    ]);
    const sent = JSON.parse(requests[0]?.body ?? "{}") as Record<string, string>;
    expect(Object.keys(sent)).toEqual(["body", "headline", "subheadline", "keywords", "category"]);
    expect(sent.category).toBe("Science & Environment");
    expect(sent.body?.split("\n").filter((l) => l.trim() !== "")).toHaveLength(12);
  });

  it("refuses a token pasted with its name: prefix, saying what to remove, and sends nothing", async () => {
    requests.length = 0;
    const { code, stderr, stdout } = await run("npx", ["edgewire", "test/corpus/02-clean.json"], {
      EDGEWIRE_URL: api,
      EDGEWIRE_TOKEN: "newsroom:secret-part:publish+takedown",
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Remove "newsroom:" from the start and ":publish+takedown" from the end');
    expect(stderr).not.toContain("secret-part");
    expect(requests).toEqual([]);
    // Following the hint works.
    const fixed = await run("npx", ["edgewire", "test/corpus/02-clean.json"], {
      EDGEWIRE_URL: api,
      EDGEWIRE_TOKEN: "secret-part",
    });
    expect(fixed.code, fixed.stdout).toBe(0);
  });

  it("a file of two objects is refused, naming each, and --all publishes both", async () => {
    const refused = await run("npx", ["edgewire", "--dry-run", "test/corpus/06-two-different-objects.txt"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '"Museum returns looted bronzes to Benin City" (line 2, column 1) and "European museum hands back 21 Benin Bronzes" (line 5, column 1)',
    );
    const all = await run("npx", [
      "edgewire",
      "--json",
      "--all",
      "--dry-run",
      "test/corpus/06-two-different-objects.txt",
    ]);
    const report = JSON.parse(all.stdout) as { files: { item: number; status: string }[] };
    expect(report.files.map((f) => [f.item, f.status])).toEqual([
      [1, "valid"],
      [2, "valid"],
    ]);
  });

  it("takedown <id>: DELETE per id, 404 reported, and --dry-run asks with ?dry_run=true", async () => {
    requests.length = 0;
    const env = { EDGEWIRE_URL: api, EDGEWIRE_TOKEN: "local-token" };
    const { code, stdout } = await run("npx", ["edgewire", "takedown", "known-story", "unknown-story"], env);
    expect(code).toBe(1);
    expect(stdout.split("\n").slice(0, 2)).toEqual([
      "taken-down known-story",
      "failed     unknown-story  404 Not Found: No article has that id.",
    ]);
    const dry = await run("npx", ["edgewire", "--json", "takedown", "--dry-run", "known-story"], env);
    expect(JSON.parse(dry.stdout)).toMatchObject({ results: [{ id: "known-story", status: "taken-down" }] });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "DELETE /api/articles/known-story",
      "DELETE /api/articles/unknown-story",
      "DELETE /api/articles/known-story?dry_run=true",
    ]);
  });

  it("an unknown command is a usage error that lists the commands", async () => {
    const { code, stderr } = await run("npx", ["edgewire", "frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'unknown command "frobnicate" (and no file or folder of that name): the commands are',
    );
  });
});

describe("where the tool finds the service", () => {
  const dir = mkdtempSync(join(tmpdir(), "edgewire-target-"));
  const record = join(dir, "dev.json");
  const devVars = join(dir, ".dev.vars");
  writeFileSync(devVars, 'PUBLISH_TOKENS="newsroom:local-dev-token:publish+takedown+admin"\n');
  const files = { record, devVars };
  const write = (r: object) => writeFileSync(record, JSON.stringify(r));

  it("a running npm run dev on loopback, with the .dev.vars token, when no URL is given", () => {
    write({ url: "http://127.0.0.1:8801", pid: process.pid, startedAt: "2026-12-01T00:00:00Z" });
    expect(resolveTarget({}, {}, files)).toEqual({
      url: "http://127.0.0.1:8801",
      token: "local-dev-token",
      source: "npm run dev",
    });
  });

  it("never the .dev.vars token for a URL that was given", () => {
    write({ url: "http://127.0.0.1:8801", pid: process.pid, startedAt: "2026-12-01T00:00:00Z" });
    expect(() => resolveTarget({}, { EDGEWIRE_URL: "https://news.example.org" }, files)).toThrow(
      "no token for https://news.example.org: set EDGEWIRE_TOKEN (or pass --token)",
    );
  });

  it("ignores a record whose process is gone or whose address is not loopback", () => {
    write({ url: "http://127.0.0.1:8801", pid: 2 ** 22 + 7, startedAt: "2026-12-01T00:00:00Z" });
    expect(runningDev(record)).toBeUndefined();
    write({ url: "http://203.0.113.9:8801", pid: process.pid, startedAt: "2026-12-01T00:00:00Z" });
    expect(runningDev(record)).toBeUndefined();
    expect(() => resolveTarget({}, {}, files)).toThrow(UsageError);
  });
});
