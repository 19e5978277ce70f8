// Tests run inside workerd (the Workers runtime) against real local KV and Durable Objects.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
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
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    // The JSON report lets .ci/run print "N passed, N failed", so a run that executed nothing shows.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
