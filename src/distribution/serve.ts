// Serving a representation: a fresh cached copy is sent as the bytes it was stored as, with its
// validators; a miss builds, answers, and caches after the response; when storage fails, a stale copy
// beats an error (and the failure is logged). Refused pages (400, 404) are answered, never cached.
import type { Context } from "hono";
import type { SiteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";
import { conditionalResponse, strongEtag } from "../http/conditional.ts";
import { problemResponse } from "../http/problem.ts";
import { logFailure } from "../log.ts";
import { wantsJson } from "../pages/http.ts";
import { articles, StorageUnavailable } from "../store/index.ts";
import { type CachedRendering, type Rendering, readCached, storeCached } from "./cache.ts";
import { PageRefusal } from "./pages.tsx";
import { type BuildContext, buildContext, type Representation, type Target } from "./types.ts";

/** Builds one representation: the bytes, their strong ETag, and when the build began. */
export async function render(ctx: BuildContext, rep: Representation, t: Target): Promise<Rendering> {
  const builtAt = Date.now();
  const built = await rep.build(ctx, t);
  return {
    body: built.body,
    etag: await strongEtag(built.body),
    ...(built.lastModified ? { lastModified: built.lastModified } : {}),
    ...(built.link ? { link: built.link } : {}),
    builtAt,
  };
}

export async function serve(c: Context<AppEnv>, rep: Representation, t: Target): Promise<Response> {
  const site = c.get("site");
  const cached = await readCached(site.url, t.key);
  let rendering: Rendering | CachedRendering | undefined = cached?.fresh ? cached.copy : undefined;
  if (!rendering) {
    try {
      rendering = await render(buildContext(site, articles(c.env)), rep, t);
      afterResponse(c, storeCached(site.url, t.key, rendering));
    } catch (err) {
      if (err instanceof PageRefusal) return refusal(c, err);
      if (!(cached && err instanceof StorageUnavailable)) throw err;
      logFailure("served-stale-copy", err, { requestId: c.get("requestId"), path: t.key.path });
      rendering = cached.copy;
    }
  }
  return respond(c, site, rep, rendering);
}

function respond(c: Context<AppEnv>, site: SiteConfig, rep: Representation, r: Rendering | CachedRendering) {
  return conditionalResponse(c.req.raw, {
    body: r.body,
    etag: r.etag,
    contentType: rep.contentType,
    ...(r.lastModified ? { lastModified: new Date(r.lastModified) } : {}),
    maxAge: rep.maxAge(site),
    ...(r.link ? { headers: { link: r.link } } : {}),
  });
}

/** Browsers get the message page; a client whose Accept prefers JSON gets problem+json like the API. */
function refusal(c: Context<AppEnv>, r: PageRefusal): Response {
  if (r.status !== 400 && wantsJson(c))
    return problemResponse({ status: r.status, detail: "Nothing is served here." });
  return new Response(c.req.method === "HEAD" ? null : r.html, {
    status: r.status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=60" },
  });
}

/** Work that need not delay the response (caching is best effort: a failure only costs a rebuild). */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  const quiet = work.catch((err) => logFailure("cache-write-failed", err, { requestId: c.get("requestId") }));
  try {
    c.executionCtx.waitUntil(quiet);
  } catch {
    // No execution context (app.fetch called directly): the promise still runs to completion.
  }
}
