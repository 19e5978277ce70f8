// Bulk seeding for the largest archive, which the write path (one Durable Object per id, about 20
// articles/s under `wrangler dev`) would take minutes to fill: bench/run.ts stops the Worker, runs this
// worker on the same local store (same KV namespace), and asks it for articles [from, to):
//
//   POST /__seed?from=1000&to=1100&base=<ms>   puts the records and index keys the writer would put
//
// Many puts in flight at once, inside workerd; the Worker then starts again on the grown store.
import { storedEntries } from "./records.ts";

interface SeederEnv {
  ARTICLES: KVNamespace;
}

const IN_FLIGHT = 64;

export default {
  async fetch(request: Request, env: SeederEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/__seed" || request.method !== "POST") return new Response("seeder\n");
    const n = (name: string) => Number(url.searchParams.get(name));
    const entries = await storedEntries(n("from"), n("to"), n("base"));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < entries.length; i = next++) {
        const e = entries[i];
        if (e) await env.ARTICLES.put(e.key, e.value, e.metadata ? { metadata: e.metadata } : {});
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return Response.json({ puts: entries.length });
  },
} satisfies ExportedHandler<SeederEnv>;
