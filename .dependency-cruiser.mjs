// Import rules for src/: which folder may import which, and no cycles. Run by `npm run check:imports`
// (test/imports/check.ts), which also proves the rules see the code and still catch a planted import.
// Paths are the resolved files, whatever the import specifier looks like; `import type` counts.

const LEAF = "^src/(env|config|urls|log|limits|clock)[.]ts$";
const fromSrc = { path: "^src/" };

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "No import cycles between files, type-only imports included: a cycle through types is a design cycle too.",
      severity: "error",
      from: fromSrc,
      to: { circular: true },
    },
    {
      name: "leaf-modules-stay-leaves",
      comment: "env, config, urls and log import at most src/articles/ and each other.",
      severity: "error",
      from: { path: LEAF },
      to: { path: "^src/", pathNot: ["^src/articles/", LEAF] },
    },
    {
      name: "articles-are-pure",
      comment: "The article rules import only src/articles/ and the leaf modules.",
      severity: "error",
      from: { path: "^src/articles/" },
      to: { path: "^src/", pathNot: ["^src/articles/", LEAF] },
    },
    {
      name: "feeds-import-no-storage",
      comment: "Renderers are pure: nothing from store/ or distribution/, nor http/, routes/, pages/.",
      severity: "error",
      from: { path: "^src/feeds/" },
      to: { path: "^src/(store|distribution|http|routes|pages)/" },
    },
    {
      name: "distribution-under-routes",
      comment:
        "distribution/ builds what readers get from store/, feeds/, articles/, http/, pages/ and the leaf modules; never routes/.",
      severity: "error",
      from: { path: "^src/distribution/" },
      to: { path: "^src/", pathNot: ["^src/(distribution|store|feeds|articles|http|pages)/", LEAF] },
    },
    {
      name: "store-is-storage-only",
      comment:
        "store/ imports only store/, articles/ and the leaf modules: no distribution, renderer, HTTP or page.",
      severity: "error",
      from: { path: "^src/store/" },
      to: { path: "^src/", pathNot: ["^src/(store|articles)/", LEAF] },
    },
    {
      name: "http-imports-no-store",
      comment:
        "http/ (auth, limits, validators, problem+json) imports nothing from store/, distribution/, routes/, pages/.",
      severity: "error",
      from: { path: "^src/http/" },
      to: { path: "^src/(store|distribution|routes|pages)/" },
    },
    {
      name: "pages-import-no-store",
      comment: "pages/ are views: nothing from store/, distribution/ or routes/.",
      severity: "error",
      from: { path: "^src/pages/" },
      to: { path: "^src/(store|distribution|routes)/" },
    },
    {
      name: "routes-use-store-front-door",
      comment: "routes/ reach storage only through src/store/index.ts, never the store's internals.",
      severity: "error",
      from: { path: "^src/routes/" },
      to: { path: "^src/store/", pathNot: "^src/store/index[.]ts$" },
    },
    {
      name: "partners-recognise-and-count",
      comment:
        "partners/ (credentials, lookup, access, usage) imports partners/, articles/, http/, the store's front door and the leaf modules: no distribution, route or page.",
      severity: "error",
      from: { path: "^src/partners/" },
      to: { path: "^src/", pathNot: ["^src/(partners|articles|http)/", "^src/store/index[.]ts$", LEAF] },
    },
    {
      name: "nothing-imports-the-root",
      comment: "src/index.ts is the composition root: it imports everything and nothing imports it.",
      severity: "error",
      from: fromSrc,
      to: { path: "^src/index[.]ts$" },
    },
    {
      name: "imports-resolve",
      comment:
        "An import the resolver cannot follow would slip past every rule above (cloudflare: modules are the runtime's).",
      severity: "error",
      from: fromSrc,
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    // swc, not tsc: dependency-cruiser's TypeScript parser needs typescript < 7 and with this repo's
    // typescript 7 it finds 0 modules and passes. swc records `import type` as "type-only" imports.
    parser: "swc",
    doNotFollow: { path: "node_modules" },
    // Resolve package subpaths (hono/jsx, hono/bearer-auth) through their "exports" maps, as wrangler does.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["workerd", "worker", "browser", "import", "default"],
      mainFields: ["module", "main"],
    },
  },
};
