// Feed rendering CPU: milliseconds per render of 20, 50 and 100 full articles (~4 KB of HTML body
// each): assembled from stored item fragments (what a cache miss does), rendered from the articles
// by our RSS, Atom and JSON Feed renderers (what an article's write does once, and a miss for items
// whose fragments are stale), and by the `feed` package (6.0.0) for the same items. The Workers free plan
// allows 10 ms of CPU per request; our target is at most 3 ms for 100 items per format.
//
// Run: npx node --expose-gc bench/render.ts   (Node 22 strips the types itself)
//      add --json for machine-readable figures (bench/run.ts does, for its combined table); the
//      "cpu" figure is process CPU time (user + system, GC included) per render, over all runs.
//
// Last figures (2026-11-23, Node 22.23.2, a shared 2-vCPU sandbox under load ~2.5), median ms for
// 100 items: ours RSS 3.3, Atom 3.7, JSON Feed 2.6; feed 6.0.0 rss2() 10.3, atom1() 9.2, json1() 2.3
// (JSON Feed 1.0). The floor row, which only joins the 100 bodies, took 1.4 ms there but 0.01 ms for
// 20: probably V8's large-object space (strings over ~128 KB) and slow fresh pages on that sandbox.
/// <reference types="node" />
import { assembleAtom, renderAtom } from "../src/feeds/atom.ts";
import { fragmentParts, renderFragments } from "../src/feeds/fragments.ts";
import { assembleJsonFeed, renderJsonFeed } from "../src/feeds/jsonfeed.ts";
import { assembleRss, renderRss } from "../src/feeds/rss.ts";
import { makeArticles, makeChannel } from "../test/helpers/articles.ts";
import { viaPackage } from "../test/helpers/feed-package.ts";

const SIZES = [20, 50, 100];
const RUNS = 200;

const channel = makeChannel();
type Articles = ReturnType<typeof makeArticles>;
// What a cache miss does now: the items' fragments, rendered when each article was written (here
// once per article list, outside the timing), sliced and concatenated around the channel.
const stored = new WeakMap<Articles, string[]>();
const fragmentsOf = (a: Articles) => {
  let f = stored.get(a);
  if (!f) {
    f = a.map((x) => renderFragments(x, channel));
    stored.set(a, f);
  }
  return f;
};
const CASES: [string, (a: Articles) => string][] = [
  [
    "assembled: RSS 2.0",
    (a) =>
      assembleRss(
        fragmentsOf(a).map((f) => fragmentParts(f, "xml")),
        channel,
      ),
  ],
  [
    "assembled: Atom 1.0",
    (a) =>
      assembleAtom(
        fragmentsOf(a).map((f) => fragmentParts(f, "atom")),
        channel,
      ),
  ],
  [
    "assembled: JSON Feed 1.1",
    (a) =>
      assembleJsonFeed(
        fragmentsOf(a).map((f) => fragmentParts(f, "json")),
        channel,
      ),
  ],
  ["ours: RSS 2.0", (a) => renderRss(a, channel)],
  ["ours: Atom 1.0", (a) => renderAtom(a, channel)],
  ["ours: JSON Feed 1.1", (a) => renderJsonFeed(a, channel)],
  ["feed 6.0.0: rss2()", (a) => viaPackage(a, channel).rss2()],
  ["feed 6.0.0: atom1()", (a) => viaPackage(a, channel).atom1()],
  ["feed 6.0.0: json1()", (a) => viaPackage(a, channel).json1()],
  // The floor any renderer pays on this machine: copying the bodies into one string, nothing else.
  ["floor: bodies joined", (a) => a.map((x) => x.bodyHtml).join("")],
];

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Figures {
  median: number;
  p95: number;
  /** Mean process CPU time per render, ms. */
  cpu: number;
  /** Minor page faults per render: fresh pages for strings over V8's 128 KB large-object threshold. */
  faults: number;
  bytes: number;
}

/** Median and 95th percentile of `RUNS` timed renders, after warming the JIT. */
function measure(render: () => string): Figures {
  let bytes = 0;
  for (let i = 0; i < 30; i++) bytes = new TextEncoder().encode(render()).length;
  gc();
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  const faultsStart = process.resourceUsage().minorPageFault;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    render();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  const faults = process.resourceUsage().minorPageFault - faultsStart;
  times.sort((x, y) => x - y);
  return {
    median: times[Math.floor(RUNS / 2)] ?? 0,
    p95: times[Math.floor(RUNS * 0.95)] ?? 0,
    cpu: (cpu.user + cpu.system) / 1000 / RUNS,
    faults: faults / RUNS,
    bytes,
  };
}

const json = process.argv.includes("--json");
const results: { renderer: string; sizes: Record<number, Figures> }[] = [];
for (const [name, render] of CASES) {
  const sizes: Record<number, Figures> = {};
  for (const n of SIZES) {
    const articles = makeArticles(n);
    sizes[n] = measure(() => render(articles));
  }
  results.push({ renderer: name, sizes });
}

if (json) {
  console.log(JSON.stringify({ node: process.version, runs: RUNS, results }));
} else {
  console.log(`Node ${process.version}, median of ${RUNS} renders (95th percentile in brackets)`);
  console.table(
    results.map(({ renderer, sizes }) => ({
      renderer,
      ...Object.fromEntries(
        SIZES.map((n) => [
          `${n} items ms (p95)`,
          `${sizes[n]?.median.toFixed(2)} (${sizes[n]?.p95.toFixed(2)})`,
        ]),
      ),
      "100 items KB": ((sizes[100]?.bytes ?? 0) / 1024).toFixed(0),
      "100 items faults": (sizes[100]?.faults ?? 0).toFixed(0),
    })),
  );
}
