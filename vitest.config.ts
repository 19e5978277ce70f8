// Two projects: pure unit tests (*.unit.test.ts: renderers, schema, extraction, the tool) run in
// Node, where a file costs milliseconds to start; everything that needs the Worker
// (*.integration.test.ts) runs inside workerd (the Workers runtime) against real local KV and
// Durable Objects, one isolated storage per file.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print "N passed, N failed", so a run that executed nothing shows.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Two files at a time: on a 2-core machine the suite takes about half as long as one by one
    // (each workerd file spends seconds starting and importing while another runs its tests).
    maxWorkers: 2,
    projects: [
      {
        test: { name: "unit", include: ["test/**/*.unit.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                PUBLISH_TOKENS:
                  "desk:test-token-desk,wire:test-token-wire,anonymous-test-token,writer:test-token-publish:publish,remover:test-token-takedown:takedown,chief:test-token-all:publish+takedown+admin,typo:test-token-typo:publsh",
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
        test: { name: "workerd", include: ["test/**/*.integration.test.ts"] },
      },
    ],
  },
});
