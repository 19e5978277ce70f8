// Serving a rendered representation (a feed, the JSON listing) from this location's cache: a fresh
// copy is sent as the bytes it was stored as, with its validators; a miss builds, answers and caches after the
// response; when storage fails, a stale copy beats an error. src/store/feeds.ts owns the cache.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { type CachedRendering, type Rendering, readCached, storeCached } from "../store/feeds.ts";
import { conditionalResponse } from "./conditional.ts";
import { ProblemError } from "./problem.ts";

export interface CachedOptions {
  cacheUrl: string;
  contentType: string;
  maxAge: number;
  build: () => Promise<Rendering>;
}

export async function cachedResponse(c: Context<AppEnv>, o: CachedOptions): Promise<Response> {
  const cached = await readCached(o.cacheUrl);
  let rendering: Rendering | CachedRendering | undefined = cached?.fresh ? cached.feed : undefined;
  if (!rendering) {
    try {
      const built = await o.build();
      rendering = built;
      afterResponse(c, storeCached(o.cacheUrl, built));
    } catch (err) {
      if (!(cached && err instanceof ProblemError && err.problem.status === 503)) throw err;
      rendering = cached.feed;
    }
  }
  return conditionalResponse(c.req.raw, {
    body: rendering.body,
    etag: rendering.etag,
    contentType: o.contentType,
    lastModified: new Date(rendering.lastModified),
    maxAge: o.maxAge,
    ...(rendering.link ? { headers: { link: rendering.link } } : {}),
  });
}

/** Work that need not delay the response (caching is best effort: a failure only costs a rebuild). */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  const quiet = work.catch(() => undefined);
  try {
    c.executionCtx.waitUntil(quiet);
  } catch {
    // No execution context (app.fetch called directly): the promise still runs to completion.
  }
}
