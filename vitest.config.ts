// Two projects: pure unit tests (*.unit.test.ts: renderers, schema, extraction, the tool) run in
// Node, where a file costs milliseconds to start; everything that needs the Worker
// (*.integration.test.ts) runs inside workerd (the Workers runtime) against real local KV and
// Durable Objects, one isolated storage per file.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const PUBLISH_TOKENS =
  "desk:test-token-desk,wire:test-token-wire,anonymous-test-token,writer:test-token-publish:publish,remover:test-token-takedown:takedown,chief:test-token-all:publish+takedown+admin,typo:test-token-typo:publsh";
// The plugin reads wrangler.toml with its own wrangler, once per test file: without the secret that
// wrangler.toml requires in its environment it warns "Missing required secrets" each time (the
// binding below is what the Worker gets), and at its default level it also says where secrets came
// from. Warnings about the configuration itself still show, and `npm run check:config` checks it.
process.env.PUBLISH_TOKENS ??= PUBLISH_TOKENS;
process.env.WRANGLER_LOG ??= "warn";

export default defineConfig({
  test: {
    // Per-file isolation is what the workerd tests rely on (storage is isolated per file); saying so
    // also keeps vitest from suggesting `isolate: false` after every run.
    isolate: true,
    // The service logs one JSON line per handled failure, and the fault tests cause hundreds on
    // purpose: a test's output is shown when it fails, and kept out of the way when it passes.
    silent: "passed-only",
    // The JSON report lets .ci/run print "N passed, N failed", so a run that executed nothing shows.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Two unit files at a time; the workerd files then run one at a time (their project's own
    // maxWorkers, in a later group): with two workerd files at once the plugin sometimes leaves a
    // workerd running after the last file and vitest never exits (cloudflare/workers-sdk#14903),
    // which a CI run cannot tell from a hung test.
    maxWorkers: 2,
    // Tests assert no time; a test that sends hundreds of requests or dozens of concurrent writes
    // took 5-36 s on this shared 2-CPU machine while other suites ran, past vitest's 5 s default.
    testTimeout: 30_000,
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.unit.test.ts"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                PUBLISH_TOKENS,
                SITE_URL: "",
                // test/model.integration.test.ts: replay a seed, or run more operations (npm run test:stress).
                MODEL_SEED: process.env.MODEL_SEED ?? "",
                MODEL_OPS: process.env.MODEL_OPS ?? "",
                // test/attacks-*.integration.test.ts: the attacks at full size (npm run test:limits).
                FULL_LIMITS: process.env.FULL_LIMITS ?? "",
              },
            },
          }),
        ],
        // No test measures time (npm run bench does); vitest's default 5 s limit only made a slow
        // machine fail tests that do a few hundred requests (the cache-miss limit needs 120 misses
        // and more). A hung test still fails, after a minute.
        test: {
          name: "workerd",
          include: ["test/**/*.integration.test.ts"],
          testTimeout: 60_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
