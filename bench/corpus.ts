// Realistic articles for the benchmarks: about 4 KB of plain-text body in paragraphs, 8 categories,
// 3-5 keywords of 1-3 words drawn from a skewed vocabulary (a few keywords are common, most rare),
// one or two authors, an image on most, publishedAt spread over the past six months. Deterministic
// for a given index and base time; pure, so it runs in Node (bench/run.ts) and workerd (kv-ops).

export const CATEGORIES = [
  "World News",
  "Politics",
  "Business",
  "Science",
  "Technology",
  "Health",
  "Culture",
  "Sport",
] as const;

/** Keywords per category, plus shared ones; earlier entries are drawn more often. */
const TOPIC_KEYWORDS: Record<(typeof CATEGORIES)[number], string[]> = {
  "World News": ["Diplomacy", "United Nations", "Border Talks", "Refugees", "Ceasefire", "Trade Routes"],
  Politics: ["Elections", "Parliament", "Coalition Talks", "Budget Vote", "Local Councils", "Reform"],
  Business: ["Interest Rates", "Inflation", "Earnings", "Housing Market", "Supply Chains", "Startups"],
  Science: ["Climate", "Arctic Research", "Space Missions", "Genetics", "Ocean Survey", "Fossils"],
  Technology: ["Artificial Intelligence", "Chips", "Privacy", "Open Source", "Broadband", "Batteries"],
  Health: ["Vaccines", "Hospitals", "Mental Health", "Nutrition", "Public Health Policy", "Research"],
  Culture: ["Film Festival", "Museums", "Books", "Music", "Theatre", "Architecture"],
  Sport: ["Football", "Tennis", "Olympics", "Cycling", "Transfer Window", "Athletics"],
};
const SHARED_KEYWORDS = [
  "Climate",
  "Europe",
  "Energy",
  "Cities",
  "Public Transport",
  "Harbour Bridge",
  "Education",
  "Water Supply",
  "Agriculture",
  "Labour Market",
];

const AUTHORS = [
  "Zoë Müller",
  "Sam Okafor",
  "Priya Raman",
  "Lucas Moreau",
  "Aiko Tanaka",
  "Mateo García",
  "Hannah Lindqvist",
  "Kwame Mensah",
  "Olivia Brennan",
  "Yusuf Demir",
  "Chen Wei",
  "Ana Sousa",
];

const SUBJECTS = [
  "Officials",
  "The ministry",
  "Local residents",
  "Researchers at the university",
  "The committee",
  "Analysts",
  "A spokesperson for the council",
  "Engineers",
  "Union leaders",
  "The regional authority",
  "Independent observers",
  "Several witnesses",
];
const VERBS = [
  "said",
  "confirmed",
  "warned",
  "argued",
  "reported",
  "estimated",
  "announced",
  "suggested",
  "acknowledged",
  "noted",
];
const CLAUSES = [
  "the plan would take at least two more years to complete",
  "costs had risen sharply since the spring & were still climbing",
  "the figures published on Tuesday were broadly in line with expectations",
  "a second review would begin before the end of the month",
  "the decision reflected months of negotiation between the parties",
  "earlier estimates had underestimated demand by a wide margin",
  "the new rules would apply to about 40 per cent of households",
  "there was no evidence that the earlier delays had caused lasting damage",
  "the project had attracted more interest than any in the past decade",
  "funding for the next phase had not yet been agreed",
  "results from the pilot scheme were 'encouraging but incomplete'",
  "the changes could be reversed if conditions worsened",
  "the timetable depended on approval from three separate bodies",
  "local businesses expected a modest improvement by the autumn",
];
const TAILS = [
  "",
  "",
  " according to documents seen by Edgewire",
  " in a statement on Monday",
  " speaking after the meeting",
  " at a briefing in the capital",
  " though some questioned the numbers",
];
const HEADLINE_VERBS = ["backs", "delays", "expands", "reviews", "rejects", "launches", "cuts", "unveils"];
const HEADLINE_OBJECTS = [
  "plan for new harbour crossing",
  "funding for rural clinics",
  "rules on data sharing",
  "target for coastal wind farms",
  "study of river pollution",
  "bid to host summer games",
  "overhaul of rail timetables",
  "support for small exporters",
  "programme for school meals",
  "proposal on night flights",
];

/** mulberry32: a small deterministic PRNG (the changes feed's property test draws from it too). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
/** Skewed towards the start of the list (roughly Zipf-like). */
const pickSkewed = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * r() * xs.length)] as T;

function sentence(r: () => number): string {
  return `${pick(r, SUBJECTS)} ${pick(r, VERBS)} that ${pick(r, CLAUSES)}${pick(r, TAILS)}.`;
}

/** About `target` characters of plain text, paragraphs of 3-6 sentences separated by line breaks. */
function body(r: () => number, target: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  while (length < target) {
    const n = 3 + Math.floor(r() * 4);
    const p = Array.from({ length: n }, () => sentence(r)).join(" ");
    paragraphs.push(p);
    length += p.length + 1;
  }
  return paragraphs.join("\n");
}

export interface BenchArticle {
  id: string;
  headline: string;
  subheadline: string;
  body: string;
  category: string;
  keywords: string[];
  authors: { name: string; url?: string }[];
  publishedAt: string;
  image?: { url: string; alt: string; mimeType: string; width: number; height: number };
}

const DAY = 86_400_000;

/** Article number `n`, published within 180 days before `baseMs`. */
export function benchArticle(n: number, baseMs: number): BenchArticle {
  const r = rng(n * 7919 + 17);
  const category = pick(r, CATEGORIES);
  const keywords = new Set<string>();
  const want = 3 + Math.floor(r() * 3);
  while (keywords.size < want) {
    keywords.add(r() < 0.65 ? pickSkewed(r, TOPIC_KEYWORDS[category]) : pickSkewed(r, SHARED_KEYWORDS));
  }
  const authors = Array.from({ length: r() < 0.3 ? 2 : 1 }, () => {
    const name = pick(r, AUTHORS);
    return r() < 0.5
      ? { name, url: `https://news.example.org/staff/${name.toLowerCase().split(" ")[0]}` }
      : { name };
  });
  const headline = `${pick(r, ["Council", "Government", "Regulator", "City", "Board", "Agency"])} ${pick(r, HEADLINE_VERBS)} ${pick(r, HEADLINE_OBJECTS)} (${n})`;
  return {
    id: `bench-${String(n).padStart(5, "0")}`,
    headline,
    subheadline: sentence(r),
    body: body(r, 3_400 + Math.floor(r() * 600)),
    category,
    keywords: [...keywords],
    authors: [...new Map(authors.map((a) => [a.name, a])).values()],
    publishedAt: new Date(baseMs - Math.floor(r() * 180 * DAY)).toISOString(),
    ...(r() < 0.7
      ? {
          image: {
            url: `https://cdn.example.org/img/${n}.jpg`,
            alt: `Photo for article ${n}`,
            mimeType: "image/jpeg",
            width: 1200,
            height: 800,
          },
        }
      : {}),
  };
}

export function benchArticles(from: number, to: number, baseMs: number): BenchArticle[] {
  return Array.from({ length: to - from }, (_, i) => benchArticle(from + i, baseMs));
}

/** The most common folded keyword word among `articles`, and how many articles carry it. */
export function commonKeywordWord(articles: readonly BenchArticle[]): { word: string; count: number } {
  const counts = new Map<string, number>();
  for (const a of articles) {
    const ws = new Set(a.keywords.flatMap((k) => k.toLowerCase().split(/\s+/)));
    for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const [word, count] = [...counts].sort((x, y) => y[1] - x[1])[0] ?? ["climate", 0];
  return { word, count };
}

export const slugOf = (category: string) => category.toLowerCase().replace(/\s+/g, "-");
