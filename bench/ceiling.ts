// The ceiling: a worker that serves, from memory, the exact bytes and headers captured from the real
// Worker, under the same runtime (workerd via `wrangler dev`). Whatever it reaches is what the
// machine, wrangler's local proxy and the load generator allow; bench/run.ts prints every figure of
// the real Worker as a ratio to it.
//
//   PUT /__load?path=/feed.xml%3Flimit%3D50   body = the bytes; x-headers = JSON [[name, value], ...]
//   GET /feed.xml?limit=50                    the stored bytes, or 304 for a matching If-None-Match

interface Stored {
  body: Uint8Array;
  headers: [string, string][];
  etag: string | null;
}

const store = new Map<string, Stored>();

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__load" && request.method === "PUT") {
      const path = url.searchParams.get("path") ?? "/";
      const headers = JSON.parse(request.headers.get("x-headers") ?? "[]") as [string, string][];
      const etag = headers.find(([k]) => k.toLowerCase() === "etag")?.[1] ?? null;
      store.set(path, { body: new Uint8Array(await request.arrayBuffer()), headers, etag });
      return new Response(`stored ${path}\n`);
    }
    const hit = store.get(url.pathname + url.search);
    if (!hit) return new Response("not loaded\n", { status: 404 });
    if (hit.etag !== null && request.headers.get("if-none-match") === hit.etag) {
      return new Response(null, {
        status: 304,
        headers: hit.headers.filter(([k]) => k.toLowerCase() !== "content-type"),
      });
    }
    return new Response(hit.body, { headers: hit.headers });
  },
} satisfies ExportedHandler;
