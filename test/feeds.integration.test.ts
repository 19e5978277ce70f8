// Every feed URL as readers and partners use it: formats and content types, filters, rel="self",
// RFC 5005 paging end to end, validators and conditional GET (RFC 9110 §13.2.2), HEAD, CORS, and
// feeds that follow publishes, updates, takedowns and embargoes.
import { env } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it, onTestFinished } from "vitest";
import { advanceClock, setClock } from "../src/clock.ts";
import { article, call, del, ORIGIN, put } from "./helpers/api.ts";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) =>
    ["item", "entry", "link", "category", "atom:link", "outline", "dc:creator", "author"].includes(name),
});

function strictXml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

async function getFeed(path: string, headers: Record<string, string> = {}) {
  const res = await call(path, { headers });
  return { res, text: await res.text() };
}

type Link = { "@rel": string; "@href": string };
type RssItem = { guid: { "#text": string }; title: string; category?: (string | { "#text": string })[] };
const rssItems = (xml: string) => (strictXml(xml).rss.channel.item ?? []) as RssItem[];
const atomEntries = (xml: string) => (strictXml(xml).feed.entry ?? []) as { id: string; title: string }[];

describe("feed URLs and formats", async () => {
  await put(
    "feed-world",
    article({
      headline: "World story for feeds",
      category: "Feed World",
      keywords: ["Russia Taliban Relations"],
      publishedAt: "2026-11-20T10:00:00Z",
    }),
  );
  await put(
    "feed-sport",
    article({
      headline: "Sport story for feeds",
      category: "Feed Sport",
      keywords: ["Cup Final"],
      publishedAt: "2026-11-21T10:00:00Z",
    }),
  );

  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/feed.atom", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
    ["/category/feed-world/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/category/feed-world/feed.atom", "application/atom+xml; charset=utf-8"],
    ["/category/feed-world/feed.json", "application/feed+json; charset=utf-8"],
  ])("%s answers %s with validators, cache hints and CORS", async (path, type) => {
    const { res, text } = await getFeed(path, { origin: "https://partner.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{24}"$/);
    expect(res.headers.get("last-modified")).toMatch(/GMT$/);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=300, stale-while-revalidate=\d+/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("link")).toContain(`<${ORIGIN}${path}>; rel="self"`);
    if (type.includes("json")) expect(JSON.parse(text).version).toBe("https://jsonfeed.org/version/1.1");
    else strictXml(text);
  });

  it("a category feed holds only its category, titled with its name", async () => {
    const rss = strictXml((await getFeed("/category/feed-world/feed.xml")).text).rss.channel;
    expect(rss.title).toBe("Edgewire: Feed World");
    expect((rss.item as RssItem[]).map((i) => i.title)).toEqual(["World story for feeds"]);
    const json = JSON.parse((await getFeed("/category/feed-sport/feed.json")).text);
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(["Sport story for feeds"]);
  });

  it("another spelling of a category, or a trailing slash, answers 301 with the one URL", async () => {
    const canonical = `${ORIGIN}/category/feed-world/feed.json`;
    for (const [path, location] of [
      ["/category/Feed%20World/feed.json", canonical],
      ["/category/FEED-WORLD/feed.json?limit=5&utm_source=newsletter", `${canonical}?limit=5`],
      ["/category/feed-world/feed.json/", canonical],
      ["/feed.atom/?fbclid=abc", `${ORIGIN}/feed.atom`],
    ] as const) {
      const res = await call(path, { redirect: "manual" });
      expect(res.status, path).toBe(301);
      expect(res.headers.get("location")).toBe(location);
    }
  });

  it("a category that never had a visible article is a 404 problem, in every format", async () => {
    await put("only-embargoed", article({ category: "Not Yet Out", publishedAt: "2099-01-01T00:00:00Z" }));
    for (const path of ["/category/never-used/feed.atom", "/category/not-yet-out/feed.xml"]) {
      const res = await call(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("ignores tracking parameters and drops them from self links; other unknown ones stay a 400", async () => {
    const { res, text } = await getFeed(
      "/feed.atom?keyword=taliban&utm_source=x&utm_medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&_=1700000000",
    );
    expect(res.status).toBe(200);
    const feed = strictXml(text).feed;
    expect(feed.link.find((l: Link) => l["@rel"] === "self")["@href"]).toBe(
      `${ORIGIN}/feed.atom?keyword=taliban`,
    );
    expect(res.headers.get("etag")).toBe((await call("/feed.atom?keyword=taliban")).headers.get("etag"));
    expect((await call("/feed.atom?utm_source=x&ref=y")).status).toBe(400);
  });

  it("titles a filtered feed by its filter", async () => {
    expect(strictXml((await getFeed("/feed.atom?keyword=taliban")).text).feed.title).toBe(
      "Edgewire: keyword taliban",
    );
    expect(strictXml((await getFeed("/category/feed-world/feed.xml?q=story")).text).rss.channel.title).toBe(
      "Edgewire: Feed World, search story",
    );
  });

  it("takes the listing's filters and names the exact URL asked for as self", async () => {
    const path = "/feed.atom?keyword=taliban&limit=5";
    const feed = strictXml((await getFeed(path)).text).feed;
    expect(feed.entry.map((e: { title: string }) => e.title)).toEqual(["World story for feeds"]);
    const self = feed.link.find((l: { "@rel": string }) => l["@rel"] === "self");
    expect(self["@href"]).toBe(`${ORIGIN}${path}`);
    const rss = strictXml((await getFeed("/feed.xml?q=sport")).text).rss.channel;
    expect(rss["atom:link"].find((l: { "@rel": string }) => l["@rel"] === "self")["@href"]).toBe(
      `${ORIGIN}/feed.xml?q=sport`,
    );
  });

  it("rejects unknown and malformed parameters with a 400 problem naming them", async () => {
    for (const path of [
      "/feed.xml?format=rss",
      "/feed.json?limit=500",
      "/category/feed-world/feed.atom?cursor=%%%",
    ]) {
      const res = await call(path);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { errors: { path: string }[] };
      expect(body.errors[0]?.path).toBe(new URL(`${ORIGIN}${path}`).searchParams.keys().next().value);
    }
  });

  it("uses one stable id per article in all three formats", async () => {
    const rssId = rssItems((await getFeed("/category/feed-world/feed.xml")).text)[0]?.guid["#text"];
    const atomId = atomEntries((await getFeed("/category/feed-world/feed.atom")).text)[0]?.id;
    const jsonId = JSON.parse((await getFeed("/category/feed-world/feed.json")).text).items[0].id;
    expect(rssId).toMatch(/^tag:edgewire\.test,\d{4}-\d{2}-\d{2}:article\/feed-world$/);
    expect(atomId).toBe(rssId);
    expect(jsonId).toBe(rssId);
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const get = await call("/feed.xml");
    const head = await call("/feed.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    expect(await head.text()).toBe("");
  });
});

describe("conditional GET", async () => {
  await put("cond-one", article({ category: "Conditional", publishedAt: "2026-11-01T10:00:00Z" }));
  const path = "/category/conditional/feed.xml";
  const first = await call(path);
  const etag = first.headers.get("etag") as string;
  const lastModified = first.headers.get("last-modified") as string;

  it("gives identical bytes and ETag when nothing changed", async () => {
    const again = await call(path);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(await first.clone().text());
  });

  it("answers 304 to a matching If-None-Match, with the validators and no body", async () => {
    const res = await call(path, { headers: { "if-none-match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("cache-control")).toContain("max-age=300");
    expect(await res.text()).toBe("");
    expect((await call(path, { headers: { "if-none-match": `"other", W/${etag}` } })).status).toBe(304);
    expect((await call(path, { headers: { "if-none-match": "*" } })).status).toBe(304);
  });

  it("answers 304 to If-Modified-Since at or after Last-Modified, 200 before it", async () => {
    // Once the second of the change is over, Last-Modified names the next one: a client that sends
    // it back is then up to date (within that second, the floored date would not prove it).
    advanceClock(1000);
    onTestFinished(() => setClock());
    const settledDate = (await call(path)).headers.get("last-modified") as string;
    expect((await call(path, { headers: { "if-modified-since": settledDate } })).status).toBe(304);
    expect(
      (await call(path, { headers: { "if-modified-since": "Sat, 01 Jan 2000 00:00:00 GMT" } })).status,
    ).toBe(200);
    expect((await call(path, { headers: { "if-modified-since": "not a date" } })).status).toBe(200);
  });

  it("ignores If-Modified-Since when If-None-Match is present (RFC 9110 §13.2.2)", async () => {
    const res = await call(path, {
      headers: { "if-none-match": '"stale"', "if-modified-since": lastModified },
    });
    expect(res.status).toBe(200);
  });

  it("takes lastBuildDate from the newest change, Last-Modified also from the article's arrival, never from now", async () => {
    const channel = strictXml(await first.clone().text()).rss.channel;
    const updatedAt = ((await (await call("/api/articles/cond-one")).json()) as { updatedAt: string })
      .updatedAt;
    const newest = new Date(Math.max(Date.parse(updatedAt), Date.parse("2026-11-01T10:00:00Z")));
    const second = (ms: number) => Math.floor(ms / 1000) * 1000;
    expect(new Date(channel.lastBuildDate).getTime()).toBe(second(newest.getTime()));
    // The backdated article's arrival changed the feed: the registry dated it (If-Modified-Since).
    const registry = env.CATEGORIES.get(env.CATEGORIES.idFromName("site"));
    const arrived = (await registry.scope("conditional")).changedAt as number;
    // The second it changed in, or the next one once that second was over (when the first read came).
    const changed = second(Math.max(arrived, newest.getTime()));
    expect([changed, changed + 1000].map((ms) => new Date(ms).toUTCString())).toContain(lastModified);
  });
});

describe("feeds follow the newsroom", () => {
  it("a publish, an update and a takedown each change the feed and its ETag", async () => {
    const path = "/category/following/feed.json";
    const titles = async () => {
      const res = await call(path);
      return {
        etag: res.headers.get("etag"),
        lastModified: res.headers.get("last-modified"),
        titles: ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title),
      };
    };
    expect((await call(path)).status).toBe(404);
    await put("follow-1", article({ headline: "Following one", category: "Following" }));
    const one = await titles();
    expect(one.titles).toEqual(["Following one"]);
    await put("follow-1", article({ headline: "Following one, corrected", category: "Following" }));
    const updated = await titles();
    expect(updated.titles).toEqual(["Following one, corrected"]);
    expect(updated.etag).not.toBe(one.etag);
    await del("follow-1");
    const gone = await titles();
    expect(gone.titles).toEqual([]);
    expect(gone.etag).not.toBe(updated.etag);
    // An emptied feed is dated by its last change, the takedown: never 1970.
    expect(Date.parse(gone.lastModified ?? "")).toBeGreaterThanOrEqual(
      Date.parse(updated.lastModified ?? ""),
    );
    const atom = strictXml((await getFeed("/category/following/feed.atom")).text).feed;
    expect(atom.updated.startsWith("1970")).toBe(false);
  });

  it("an embargoed article is absent until its time", async () => {
    await put("feed-embargo", article({ category: "Feed Embargo", publishedAt: "2099-01-01T00:00:00Z" }));
    await put("feed-embargo-out", article({ category: "Feed Embargo", publishedAt: "2026-01-01T00:00:00Z" }));
    const json = JSON.parse((await getFeed("/category/feed-embargo/feed.json")).text);
    expect(json.items.map((i: { id: string }) => i.id.split("/").pop())).toEqual(["feed-embargo-out"]);
  });
});

describe("paging (RFC 5005)", async () => {
  for (let i = 0; i < 7; i++)
    await put(
      `paged-${i}`,
      article({ headline: `Paged ${i}`, category: "Paged", publishedAt: `2026-09-0${i + 1}T10:00:00Z` }),
    );

  it("RSS: following atom:link rel=next from the first page reaches every article exactly once", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/category/paged/feed.xml?limit=3";
    while (path) {
      const text: string = (await getFeed(path)).text;
      const channel: { item: RssItem[]; "atom:link": Link[] } = strictXml(text).rss.channel;
      seen.push(...(channel.item as RssItem[]).map((i) => i.title));
      const next: Link | undefined = channel["atom:link"].find((l) => l["@rel"] === "next");
      path = next ? next["@href"].replace(ORIGIN, "") : undefined;
    }
    expect(seen).toEqual(["Paged 6", "Paged 5", "Paged 4", "Paged 3", "Paged 2", "Paged 1", "Paged 0"]);
  });

  it("Atom: link rel=next, and no next on the last page", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/category/paged/feed.atom?limit=4";
    let pages = 0;
    while (path) {
      const text: string = (await getFeed(path)).text;
      const feed: { entry: { title: string }[]; link: Link[] } = strictXml(text).feed;
      pages++;
      seen.push(...(feed.entry as { title: string }[]).map((e) => e.title));
      const next: Link | undefined = feed.link.find((l) => l["@rel"] === "next");
      path = next ? next["@href"].replace(ORIGIN, "") : undefined;
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it("JSON Feed: next_url until the last page, with the default page of 20", async () => {
    const first = JSON.parse((await getFeed("/category/paged/feed.json")).text);
    expect(first.items).toHaveLength(7);
    expect(first.next_url).toBeUndefined();
    const paged = JSON.parse((await getFeed("/category/paged/feed.json?limit=5")).text);
    expect(paged.next_url).toMatch(/^https:\/\/edgewire\.test\/category\/paged\/feed\.json\?limit=5&cursor=/);
    const rest = JSON.parse((await getFeed(paged.next_url.replace(ORIGIN, ""))).text);
    expect(rest.items.map((i: { title: string }) => i.title)).toEqual(["Paged 1", "Paged 0"]);
  });
});

describe("/feeds.opml", () => {
  it("lists the whole-site feed and every category's feed in one format, RSS by default", async () => {
    await put("opml-a", article({ category: "Opml Desk" }));
    for (const [query, ext] of [
      ["", "xml"],
      ["?format=rss", "xml"],
      ["?format=atom", "atom"],
      ["?format=json", "json"],
    ]) {
      const res = await call(`/feeds.opml${query}`);
      expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
      const opml = strictXml(await res.text()).opml;
      expect(opml["@version"]).toBe("2.0");
      const outlines = opml.body.outline as { "@xmlUrl": string; "@title": string }[];
      expect(outlines.every((o) => o["@xmlUrl"].endsWith(`/feed.${ext}`))).toBe(true);
      expect(outlines[0]).toMatchObject({ "@xmlUrl": `${ORIGIN}/feed.${ext}`, "@title": "Edgewire" });
      expect(outlines).toContainEqual(
        expect.objectContaining({
          "@xmlUrl": `${ORIGIN}/category/opml-desk/feed.${ext}`,
          "@title": "Edgewire: Opml Desk",
        }),
      );
    }
    expect((await call("/feeds.opml?format=rdf")).status).toBe(400);
    expect((await call("/feeds.opml?utm_campaign=x")).status).toBe(200);
  });
});
