// How feeds reach readers beyond their items: gzip for clients that accept it with an ETag per
// coding and a 304 for each, Vary; the icon PNG; one `updated` per article and none shared, even for
// a batch of one instant; honest dates for backdated imports; item ids minted once and kept; the
// sanitiser's notes on the write's answer.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ICON_SIZE } from "../src/feeds/icon.ts";
import app from "../src/index.ts";
import { article, call, del, ORIGIN, put, send } from "./helpers/api.ts";

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (n) => n === "entry",
});
const GZIP = { "accept-encoding": "gzip, br" };

/** The bytes as the Worker sends them (a fetch through the runtime would decode them). */
async function wire(path: string, headers: Record<string, string>): Promise<Uint8Array> {
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { headers }), env, createExecutionContext());
  return new Uint8Array(await res.arrayBuffer());
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

describe("compression", async () => {
  await put("gz-one", article({ category: "Gzip Desk" }));

  it.each(["/feed.atom", "/feed.json", "/feed.xml", "/feeds.opml", "/category/gzip-desk/feed.atom"])(
    "%s goes out gzip-coded to a client that accepts it, with its own ETag and a 304 for each coding",
    async (path) => {
      const plain = await call(path);
      const zipped = await call(path, { headers: GZIP });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
      expect(plain.headers.get("content-encoding")).toBeNull();
      for (const r of [plain, zipped]) expect(r.headers.get("vary")).toBe("Accept-Encoding");
      const plainEtag = plain.headers.get("etag") as string;
      const zippedEtag = zipped.headers.get("etag") as string;
      expect(zippedEtag).not.toBe(plainEtag);
      const text = await plain.text();
      const bytes = await wire(path, GZIP);
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // the gzip magic number
      expect(bytes.byteLength).toBeLessThan(new TextEncoder().encode(text).byteLength);
      expect(await gunzip(bytes)).toBe(text);
      const again = await call(path, { headers: { ...GZIP, "if-none-match": zippedEtag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(zippedEtag);
      expect((await call(path, { headers: { "if-none-match": plainEtag } })).status).toBe(304);
      // Each coding's ETag validates only its own bytes.
      expect((await call(path, { headers: { "if-none-match": zippedEtag } })).status).toBe(200);
    },
  );

  it("honours q=0 and identity-only clients", async () => {
    for (const ae of ["gzip;q=0", "identity", "br", "*;q=0"])
      expect(
        (await call("/feed.json", { headers: { "accept-encoding": ae } })).headers.get("content-encoding"),
      ).toBeNull();
    expect(
      (await call("/feed.json", { headers: { "accept-encoding": "*" } })).headers.get("content-encoding"),
    ).toBe("gzip");
  });
});

describe("the feed icon", () => {
  it("is a PNG at most 144 pixels wide, named by every format", async () => {
    const res = await call("/icon.png");
    expect(res.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(bytes.buffer);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([ICON_SIZE, ICON_SIZE]);
    expect(ICON_SIZE).toBeLessThanOrEqual(144);
    const rss = await (await call("/feed.xml")).text();
    expect(rss).toContain(`<image>\n<url>https://edgewire.test/icon.png</url>`);
    expect(rss).toContain(`<width>${ICON_SIZE}</width>`);
    const atom = await (await call("/feed.atom")).text();
    expect(atom).toContain("<icon>https://edgewire.test/icon.png</icon>");
    const json = (await (await call("/feed.json")).json()) as { icon: string; favicon: string };
    expect([json.icon, json.favicon]).toEqual([
      "https://edgewire.test/icon.png",
      "https://edgewire.test/icon.png",
    ]);
  });
});

describe("dates and ids", () => {
  it("gives every article of a batch sharing one instant its own updated, in every feed", async () => {
    const at = "2026-05-05T05:05:05.000Z";
    const batch = Array.from({ length: 5 }, (_, i) =>
      article({ id: `tie-${i}`, category: "Tie Desk", publishedAt: at }),
    );
    const res = await send("POST", "/api/articles/batch", batch);
    expect(res.status).toBe(200);
    const feed = xml.parse(await (await call("/category/tie-desk/feed.atom")).text()).feed;
    const updated = (feed.entry as { updated: string; published: string }[]).map((e) => e.updated);
    expect(updated).toHaveLength(5);
    expect(new Set(updated).size).toBe(5);
    for (const u of updated) expect(Date.parse(u) - Date.parse(at)).toBeLessThan(1_000);
    const api = (await (await call("/api/articles?category=tie-desk")).json()) as {
      items: { updatedAt: string }[];
    };
    expect(new Set(api.items.map((a) => a.updatedAt))).toEqual(new Set(updated));
  });

  it("dates a backdated import by its publication, and a later change by its time", async () => {
    const first = (await (
      await put("dated", article({ category: "Dated", publishedAt: "2019-04-01T10:00:00Z" }))
    ).json()) as {
      updatedAt: string;
      itemId: string;
    };
    expect(first.updatedAt).toBe("2019-04-01T10:00:00.000Z");
    expect(first.itemId).toBe("tag:edgewire.test,2019-04-01:article/dated");
    const edited = (await (
      await put(
        "dated",
        article({ headline: "Dated, corrected", category: "Dated", publishedAt: "2019-04-01T10:00:00Z" }),
      )
    ).json()) as { updatedAt: string; itemId: string };
    expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse("2026-01-01"));
    expect(edited.itemId).toBe(first.itemId);
  });

  it("keeps an article's item id through a takedown and a restore", async () => {
    const first = (await (await put("comes-back", article({ category: "Returns" }))).json()) as {
      itemId: string;
    };
    expect((await del("comes-back")).status).toBe(204);
    const restored = await send(
      "PUT",
      "/api/articles/comes-back?restore=true",
      article({ category: "Returns" }),
    );
    const again = (await restored.json()) as {
      itemId: string;
    };
    expect(again.itemId).toBe(first.itemId);
  });
});

describe("the sanitiser's notes", () => {
  it("come with the write in Edgewire-Notes, and never in the stored article", async () => {
    const res = await put(
      "noted",
      article({
        category: "Notes",
        bodyFormat: "html",
        url: "https://paper.example/2026/noted",
        body: '<p>See <a href="/more">more</a>.</p><iframe src="https://www.youtube.com/embed/xyz"></iframe>',
      }),
    );
    expect(res.headers.get("edgewire-notes")).toBe(
      '"resolved relative URLs against https://paper.example/2026/noted", "turned <iframe> into a link to YouTube video"',
    );
    const stored = (await res.json()) as Record<string, unknown>;
    expect(stored.notes).toBeUndefined();
    expect(stored.bodyHtml).toContain('<a href="https://paper.example/more">more</a>');
    expect(
      (await put("plain-note", article({ category: "Notes" }))).headers.get("edgewire-notes"),
    ).toBeNull();
  });
});
