// KV operations per request (bench/kv-ops.bench.test.ts), counted inside workerd against real local
// KV, Durable Objects and the Cache API: the same setup as the root vitest.config.ts, its own include.
// The test prints its figures as one `KV_OPS_JSON {...}` line; the reporter below saves them to
// bench/results/kv-ops.json (code inside workerd has no file system).
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const ROOT = resolve(import.meta.dirname, "..");
const MARKER = "KV_OPS_JSON ";

export default defineConfig({
  root: ROOT,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: resolve(ROOT, "wrangler.toml") },
      miniflare: {
        bindings: {
          PUBLISH_TOKENS: "bench:bench-token",
          SITE_URL: "",
          BENCH_QUICK: process.env.BENCH_QUICK ?? "",
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.bench.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: [
      "default",
      {
        onUserConsoleLog(log) {
          const at = log.content.indexOf(MARKER);
          if (at < 0) return;
          mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
          const json = JSON.parse(log.content.slice(at + MARKER.length));
          writeFileSync(resolve(ROOT, "bench/results/kv-ops.json"), `${JSON.stringify(json, null, 2)}\n`);
        },
      },
    ],
  },
});
