// Feed rendering CPU: milliseconds per render of 20, 50 and 100 full articles (~4 KB of HTML body
// each) for our RSS, Atom and JSON Feed renderers, and for the `feed` package (6.0.0) rendering the
// same items (building its Feed object included, as a route would have to). The Workers free plan
// allows 10 ms of CPU per request; our target is at most 3 ms for 100 items per format.
//
// Run: npx node --expose-gc bench/render.ts   (Node 22 strips the types itself)
//
// Last figures (2026-11-23, Node 22.23.2, a shared 2-vCPU sandbox under load ~2.5), median ms for
// 100 items: ours RSS 3.3, Atom 3.7, JSON Feed 2.6; feed 6.0.0 rss2() 10.3, atom1() 9.2, json1() 2.3
// (JSON Feed 1.0). The floor row, which only joins the 100 bodies, took 1.4 ms there but 0.01 ms for
// 20: probably V8's large-object space (strings over ~128 KB) and slow fresh pages on that sandbox.
import { renderAtom } from "../src/feeds/atom.ts";
import { renderJsonFeed } from "../src/feeds/jsonfeed.ts";
import { renderRss } from "../src/feeds/rss.ts";
import { makeArticles, makeChannel } from "../test/helpers/articles.ts";
import { viaPackage } from "../test/helpers/feed-package.ts";

const SIZES = [20, 50, 100];
const RUNS = 200;

const channel = makeChannel();
const CASES: [string, (a: ReturnType<typeof makeArticles>) => string][] = [
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

/** Median and 95th percentile of `RUNS` timed renders, after warming the JIT. */
function measure(render: () => string): { median: number; p95: number; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < 30; i++) bytes = render().length;
  gc();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    render();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { median: times[Math.floor(RUNS / 2)] ?? 0, p95: times[Math.floor(RUNS * 0.95)] ?? 0, bytes };
}

const rows: Record<string, string>[] = [];
for (const [name, render] of CASES) {
  const row: Record<string, string> = { renderer: name };
  for (const n of SIZES) {
    const articles = makeArticles(n);
    const { median, p95, bytes } = measure(() => render(articles));
    row[`${n} items ms (p95)`] = `${median.toFixed(2)} (${p95.toFixed(2)})`;
    if (n === 100) row["100 items KB"] = (bytes / 1024).toFixed(0);
  }
  rows.push(row);
}

console.log(`Node ${process.version}, median of ${RUNS} renders (95th percentile in brackets)`);
console.table(rows);
