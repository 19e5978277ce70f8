// The site the benchmark's Worker serves (its SITE_URL): fixed, so that item fragments seeded in bulk
// (records.ts) are rendered for the site the Worker builds feeds for, whatever port it listens on.
export const BENCH_SITE_URL = "https://bench.edgewire.test";
