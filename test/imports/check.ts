#!/usr/bin/env node
/// <reference types="node" />
// `npm run check:imports`: the import rules of .dependency-cruiser.mjs over src/, with two proofs that
// the check checks something: the cruise must have read every source file under src/ with a
// TypeScript-aware parser (a cruise of 0 modules passes any rule), and a copy of src/ with planted
// forbidden imports must fail with each of them. Prints the module count; exits 1 on any failure.
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, ".dependency-cruiser.mjs");
// Far below the real count (about 60 files), far above what a broken parser or an emptied src/ gives.
const MIN_MODULES = 30;

type Check = { summary: string; problems: string[]; violations: string[] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => `src/${f.replaceAll("\\", "/")}`);
}

function describe(v: IViolation): string {
  if (!v.cycle?.length) return `${v.rule.name}: ${v.from} -> ${v.to}`;
  // A cycle is reported from whichever of its files the cruise met first: start it at the first
  // file by name, so the same cycle always reads the same.
  const loop = v.cycle.map((step) => step.name);
  const start = loop.indexOf([...loop].sort()[0] as string);
  const path = [...loop.slice(start), ...loop.slice(0, start)];
  return `${v.rule.name}: ${[...path, path[0]].join(" -> ")}`;
}

/** Cruises baseDir/src with the project's rules and says whether the result can be trusted. */
async function check(baseDir: string): Promise<Check> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(["src"], { ...options, baseDir });
  const result = output as ICruiseResult;
  const modules = result.modules.filter((m) => m.source.startsWith("src/"));
  const imports = modules.flatMap((m) => m.dependencies.filter((d) => d.resolved.startsWith("src/")));
  const typeOnly = imports.filter((d) => d.dependencyTypes.includes("type-only")).length;
  const parser = result.summary.optionsUsed.parser ?? "acorn";

  const problems: string[] = [];
  const onDisk = sourceFiles(join(baseDir, "src"));
  const seen = new Set(modules.map((m) => m.source));
  const missed = onDisk.filter((f) => !seen.has(f));
  if (modules.length < MIN_MODULES) problems.push(`only ${modules.length} modules (at least ${MIN_MODULES})`);
  if (missed.length > 0) problems.push(`not cruised: ${missed.join(", ")}`);
  if (imports.length < modules.length) problems.push(`only ${imports.length} imports between src/ files`);
  // Only a TypeScript-aware parser sees `import type`; without swc the cruise would quietly miss them.
  if (parser !== "swc" || typeOnly === 0) problems.push(`parser ${parser} saw ${typeOnly} type-only imports`);

  return {
    summary: `${modules.length} modules in src/, ${imports.length} imports between them (${typeOnly} type-only), parser ${parser}`,
    problems,
    violations: result.summary.violations.map(describe),
  };
}

// One planted file per folder (new files, so the plants do not depend on today's file names), and a
// line appended to a leaf module. Type-only and value imports both; feeds <-> store is also a cycle.
const PLANTS: Record<string, string> = {
  "src/store/planted.ts": 'import "../feeds/planted.ts";\n',
  "src/feeds/planted.ts":
    'import type * as store from "../store/planted.ts";\nexport type S = typeof store;\n',
  "src/http/planted.ts":
    'import type * as store from "../store/planted.ts";\nexport type S = typeof store;\n',
  "src/routes/planted.ts": 'import "../store/planted.ts";\n',
  "src/distribution/planted.ts": 'import "../routes/planted.ts";\n',
  "src/articles/planted.ts": 'import "../http/planted.ts";\n',
  "src/pages/planted.ts": 'import "../distribution/planted.ts";\n',
  "src/openapi/planted.ts": 'import "../index.ts";\nimport "./not-there.ts";\n',
  "src/partners/planted.ts": 'import "../distribution/planted.ts";\n',
};
const EXPECTED = [
  "store-is-storage-only: src/store/planted.ts -> src/feeds/planted.ts",
  "feeds-import-no-storage: src/feeds/planted.ts -> src/store/planted.ts",
  "http-imports-no-store: src/http/planted.ts -> src/store/planted.ts",
  "routes-use-store-front-door: src/routes/planted.ts -> src/store/planted.ts",
  "distribution-under-routes: src/distribution/planted.ts -> src/routes/planted.ts",
  "articles-are-pure: src/articles/planted.ts -> src/http/planted.ts",
  "pages-import-no-store: src/pages/planted.ts -> src/distribution/planted.ts",
  "leaf-modules-stay-leaves: src/config.ts -> src/store/planted.ts",
  "nothing-imports-the-root: src/openapi/planted.ts -> src/index.ts",
  "partners-recognise-and-count: src/partners/planted.ts -> src/distribution/planted.ts",
  "imports-resolve: src/openapi/planted.ts -> ./not-there.ts",
  "no-circular: src/feeds/planted.ts -> src/store/planted.ts -> src/feeds/planted.ts",
];

/**
 * Plants the forbidden imports in a copy of src/, and cruises an empty src/ (0 modules, no
 * violation: what a blind parser gives). Returns what the check failed to catch.
 */
async function selfTest(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "edgewire-imports-"));
  try {
    const planted = join(dir, "planted");
    cpSync(join(ROOT, "src"), join(planted, "src"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(planted, "node_modules"), "dir");
    for (const [file, text] of Object.entries(PLANTS)) {
      mkdirSync(dirname(join(planted, file)), { recursive: true });
      writeFileSync(join(planted, file), text);
    }
    appendFileSync(join(planted, "src/config.ts"), 'import "./store/planted.ts";\n');
    const withPlants = await check(planted);
    const found = new Set(withPlants.violations);
    const missed = [
      ...withPlants.problems.map((p) => `planted copy not trusted: ${p}`),
      ...EXPECTED.filter((e) => !found.has(e)),
    ];

    const empty = join(dir, "empty");
    mkdirSync(join(empty, "src"), { recursive: true });
    if ((await check(empty)).problems.length === 0) missed.push("an empty src/ passed as a trusted cruise");
    return missed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const real = await check(ROOT);
console.log(`imports: ${real.summary}`);
for (const p of real.problems) console.log(`imports: NOT TRUSTED: ${p}`);
if (real.violations.length > 0) {
  console.log(`imports: ${real.violations.length} violations of .dependency-cruiser.mjs:`);
  for (const v of real.violations) console.log(`  ${v}`);
}
const missed = await selfTest();
if (missed.length === 0) {
  console.log(
    `imports: self-test: ${EXPECTED.length} planted forbidden imports each caught; an empty src/ fails`,
  );
}
for (const m of missed) console.log(`imports: SELF-TEST FAILED, not caught: ${m}`);

const ok = real.problems.length === 0 && real.violations.length === 0 && missed.length === 0;
console.log(ok ? "imports: ok" : "imports: FAILED");
process.exitCode = ok ? 0 : 1;
