#!/usr/bin/env node
/// <reference types="node" />
// A partner's warm feed next to the public one: the Worker under `wrangler dev` on a fresh store
// with 200 articles, one partner key (full text, every category), then `/feed.xml` and
// `/category/{slug}/feed.json` loaded with wrk in alternating rounds, anonymously and with the key
// (`Authorization: Bearer`) and with the URL token. The spread is the min-max of a side's rounds:
// the partner rows are within run-to-run noise when their range overlaps the public one's.
// What counting adds to a request in storage calls is counted inside workerd by
// test/usage.integration.test.ts (twenty warm partner requests: no KV operation, no key lookup, no
// usage batch, no Cache API read, no hash of the key) and printed here as that test states it.
//
//   node bench/partner.ts [--seconds N] [--rounds N] [--connections N]   (run by `npm run bench` too)
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchArticles, slugOf } from "./corpus.ts";
import { snapshot } from "./lib/stack.ts";
import { type LocalWorker, startWorker, stopAll, stopWorker } from "./lib/workers.ts";
import { combine, ensureWrk, runWrk, type WrkResult, type WrkSettings } from "./lib/wrk.ts";

const ROOT = resolve(import.meta.dirname, "..");

export interface PartnerRow {
  name: string;
  path: string;
  rps: number;
  min: number;
  max: number;
  p50: number;
  errors: number;
}

async function json(w: LocalWorker, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${w.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Loads each side in alternating rounds against a running Worker whose admin token is `token`. */
export async function measurePartner(w: LocalWorker, token: string, s: WrkSettings, rounds: number) {
  const articles = benchArticles(0, 200, Date.now());
  for (let i = 0; i < articles.length; i += 100)
    await json(w, "POST", "/api/articles/batch", token, articles.slice(i, i + 100));
  const partner = await json(w, "POST", "/api/partners", token, {
    name: "Bench partner",
    content: "full",
    tier: "plus",
  });
  const key = partner.key as string;
  const urlToken = partner.urlToken as string;
  const category = `/category/${slugOf(articles[0]?.category ?? "World News")}/feed.json`;
  const sides: { name: string; headers: Record<string, string>; suffix: string }[] = [
    { name: "public", headers: {}, suffix: "" },
    { name: "partner, key", headers: { authorization: `Bearer ${key}` }, suffix: "" },
    { name: "partner, URL token", headers: {}, suffix: `?access_token=${urlToken}` },
  ];
  const rows: PartnerRow[] = [];
  for (const path of ["/feed.xml", category]) {
    const runs = new Map<string, WrkResult[]>(sides.map((x) => [x.name, []]));
    for (const side of sides) {
      const warm = await fetch(`${w.base}${path}${side.suffix}`, { headers: side.headers });
      if (warm.status !== 200) throw new Error(`${side.name} ${path}: ${warm.status}`);
      await warm.arrayBuffer();
    }
    for (let r = 0; r < rounds; r++)
      for (const side of sides)
        runs
          .get(side.name)
          ?.push(await runWrk(`${w.base}${path}${side.suffix}`, s, { headers: side.headers }));
    for (const side of sides) {
      const all = runs.get(side.name) ?? [];
      const c = combine(all);
      rows.push({
        name: side.name,
        path,
        rps: c.rps,
        min: Math.min(...all.map((x) => x.rps)),
        max: Math.max(...all.map((x) => x.rps)),
        p50: c.p50,
        errors: c.errors,
      });
    }
  }
  return rows;
}

export function partnerTable(rows: readonly PartnerRow[]): string {
  const n = (x: number) => Math.round(x).toLocaleString("en");
  const lines = [
    "| path | reader | req/s (mean) | rounds min-max | p50 ms | non-2xx |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${r.path}\` | ${r.name} | ${n(r.rps)} | ${n(r.min)}-${n(r.max)} | ${r.p50.toFixed(2)} | ${r.errors} |`,
    ),
  ];
  return [
    "## A partner's warm feed",
    "",
    lines.join("\n"),
    "",
    "Warm copies: the partner's are its own (keyed by partner and revision, `Cache-Control: private`), its key remembered in the isolate for 30 s as presented (hashed only to look it up). Storage calls a warm partner request adds for counting its usage: none (test/usage.integration.test.ts counts KV operations, key lookups and usage batches over twenty such requests: 0, 0, 0; a batch leaves after a response at most every 30 s per isolate); and over twenty warm requests of each reader of the category feed, public, by key and by URL token, Cache API reads and SHA-256 digests too: 0 each.",
  ].join("\n");
}

/**
 * The whole measurement on its own fresh store, from a snapshot of `root`. The snapshot's `plus`
 * tier is raised so that wrk's load is measured rather than refused: the Rate Limiting binding is
 * still asked as in production (a partner's first request in an isolate and every RATE_SAMPLE-th).
 */
export async function runPartnerBench(root: string, s: WrkSettings, rounds: number): Promise<PartnerRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), "edgewire-partner-"));
  const token = randomBytes(18).toString("base64url");
  try {
    const snap = snapshot(root, join(scratch, "worker"));
    const toml = join(snap.dir, "wrangler.toml");
    const raised = readFileSync(toml, "utf8").replace(
      /(name = "PARTNER_PLUS"[\s\S]*?simple = \{ limit = )\d+/,
      (_, head: string) => `${head}1000000000`,
    );
    if (!raised.includes("limit = 1000000000"))
      throw new Error("wrangler.toml has no PARTNER_PLUS tier to raise");
    writeFileSync(toml, raised);
    const w = await startWorker("edgewire", snap.dir, [
      "--persist-to",
      join(scratch, "state"),
      "--var",
      `PUBLISH_TOKENS:bench:${token}:publish+takedown+admin`,
      "--var",
      "SITE_URL:",
      "--log-level",
      "warn",
    ]);
    try {
      return await measurePartner(w, token, s, rounds);
    } finally {
      await stopWorker(w.child);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  ensureWrk();
  const s: WrkSettings = {
    threads: 2,
    connections: Number(option("--connections") ?? 10),
    seconds: Number(option("--seconds") ?? 3),
  };
  try {
    const md = partnerTable(await runPartnerBench(ROOT, s, Number(option("--rounds") ?? 3)));
    console.log(`\n${md}`);
    writeFileSync(join(ROOT, "bench", "results", "partner.md"), `${md}\n`);
  } finally {
    await stopAll();
  }
}
