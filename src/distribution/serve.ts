// Serving a representation: a fresh cached copy is sent as the bytes it was stored as, with its
// validators; a miss builds, answers, and caches after the response; when storage fails, a stale copy
// beats an error (and the failure is logged). Refused pages (400, 404) are answered, never cached.
import type { Context } from "hono";
import * as clock from "../clock.ts";
import type { SiteConfig } from "../config.ts";
import type { AppEnv } from "../env.ts";
import { conditionalResponse, strongEtag } from "../http/conditional.ts";
import { acceptsGzip, clientAcceptEncoding, gzip } from "../http/encoding.ts";
import { ProblemError, problemResponse } from "../http/problem.ts";
import { PLATFORM } from "../limits.ts";
import { logFailure } from "../log.ts";
import { wantsJson } from "../pages/http.ts";
import { articles, StorageUnavailable } from "../store/index.ts";
import { forAudience, linkParamsOf, viewerOf } from "./audience.ts";
import { buildOnce, buildsBusy } from "./builds.ts";
import {
  type CachedRendering,
  FRESH_SECONDS,
  type Rendering,
  readCached,
  STALE_SECONDS,
  storeCached,
  variant,
} from "./cache.ts";
import { cacheUrl, type Encoding } from "./key.ts";
import { PageRefusal } from "./pages.tsx";
import { type BuildContext, buildContext, type Representation, type Target } from "./types.ts";

/** Builds one representation: the bytes, gzip-coded too, their strong ETags, and when the build began. */
export async function render(ctx: BuildContext, rep: Representation, t: Target): Promise<Rendering> {
  const builtAt = clock.now();
  const built = await rep.build(ctx, t);
  const gz = await gzip(built.body);
  return {
    body: built.body,
    etag: await strongEtag(built.body),
    gzip: { body: gz, etag: await strongEtag(gz) },
    ...(built.lastModified ? { lastModified: built.lastModified } : {}),
    ...(built.link ? { link: built.link } : {}),
    ...(built.ids ? { ids: built.ids } : {}),
    builtAt,
  };
}

/**
 * Cache misses per client are limited (the CACHE_MISSES binding: a client that varies parameters to
 * miss the cache spends the site's KV quota). Past the limit a stale copy is served if there is one,
 * else 429. Requests without a client address (local tests) are not counted.
 */
async function missAllowed(c: Context<AppEnv>): Promise<boolean> {
  const client = c.req.header("cf-connecting-ip");
  if (!client || !c.env.CACHE_MISSES) return true;
  return (await c.env.CACHE_MISSES.limit({ key: client })).success;
}

/**
 * A stale copy may stand in for failing storage (a KV outage, a spent daily quota) when the category
 * registry, which answers while KV fails, says none of the articles it shows was taken down since it
 * was built; if the registry cannot say, only within STALE_SECONDS past freshness. A takedown beats
 * stale serving.
 */
/** A build reads KV, which may show a write up to this long after it was made (in another location). */
const PROPAGATION_MS = PLATFORM.kvPropagationSeconds * 1000;

async function usableStale(c: Context<AppEnv>, copy: CachedRendering | undefined): Promise<boolean> {
  if (!copy) return false;
  const recent = clock.now() - copy.builtAt <= (FRESH_SECONDS + STALE_SECONDS) * 1000;
  if (copy.idsUnknown) return recent;
  if (!copy.ids || copy.ids.length === 0) return true;
  try {
    // A takedown shortly before the build may not have reached this location's KV yet.
    const since = copy.builtAt - PROPAGATION_MS;
    return (await articles(c.env).withdrawnSince(copy.ids, since)).length === 0;
  } catch (err) {
    logFailure("stale-check-failed", err, { requestId: c.get("requestId"), served: recent });
    return recent;
  }
}

/**
 * The copy, renewed, when nothing it shows changed since well before it was built (the category
 * registry dates every write; KV's propagation is added): polling then costs one Durable Object
 * request per copy and freshness period instead of a KV list and a bulk get, which is what keeps a
 * polled site within KV's daily quotas. Undefined when it must be built again (or the registry
 * cannot say).
 */
async function renewed(c: Context<AppEnv>, rep: Representation, t: Target, copy: CachedRendering) {
  if (!rep.revalidate) return undefined;
  const asked = clock.now();
  try {
    const changed = await articles(c.env).changedAt(rep.revalidate === "category" ? t.slug : undefined);
    if (changed + PROPAGATION_MS >= copy.builtAt) return undefined;
  } catch (err) {
    logFailure("revalidation-failed", err, { requestId: c.get("requestId"), path: t.key.path });
    return undefined;
  }
  const copyNow = { ...copy, builtAt: asked };
  afterResponse(c, storeCached(c.get("site").url, t.key, copyNow));
  return copyNow;
}

/**
 * Keeps a reader's build. One begun before a write changed its scope may not show that write, and
 * may finish after the write expired the copies (a takedown among them): it is kept only as an
 * expired stand-in, so that the next reader builds again (the registry dates every write).
 */
async function keep(c: Context<AppEnv>, rep: Representation, t: Target, built: Rendering): Promise<void> {
  const changed = await articles(c.env).changedAt(rep.revalidate === "category" ? t.slug : undefined);
  await storeCached(c.get("site").url, t.key, built, { outdated: changed >= built.builtAt });
}

export async function serve(c: Context<AppEnv>, rep: Representation, t: Target): Promise<Response> {
  const site = c.get("site");
  const encoding: Encoding = acceptsGzip(clientAcceptEncoding(c.req.raw)) ? "gzip" : "identity";
  const cached = await readCached(site.url, t.key, encoding);
  if (cached?.fresh) return respond(c, site, rep, cached.copy);
  const access = c.get("partner");
  // A partner's copy is renewed like the public's: an article passing its `expires` dates its
  // category as changed (the writer's alarm, distribution/changes.ts), so the copy is built again.
  const current = cached && !cached.expired ? await renewed(c, rep, t, cached.copy) : undefined;
  if (current) return respond(c, site, rep, current);
  const allowed = await missAllowed(c);
  // Checked with no await before the build registers itself, so concurrent misses cannot all pass.
  const key = cacheUrl(site.url, t.key);
  const busy = allowed && buildsBusy(key);
  if (!allowed || busy) {
    if (await usableStale(c, cached?.copy)) return respond(c, site, rep, cached?.copy as CachedRendering);
    throw new ProblemError({
      status: 429,
      detail: busy
        ? "Too many copies that are not cached are being built right now; retry after the seconds in Retry-After."
        : "Too many requests for copies that are not cached, from this address; retry after the seconds in Retry-After, or drop parameters that change on every request.",
      headers: { "retry-after": busy ? "5" : "60" },
    });
  }
  let rendering: CachedRendering;
  try {
    const store = forAudience(articles(c.env), site, access);
    const ctx = {
      ...buildContext(site, store),
      linkParams: linkParamsOf(access),
      ...(access ? { viewer: viewerOf(site, access) } : {}),
    };
    const built = await buildOnce(key, () => render(ctx, rep, t));
    afterResponse(c, keep(c, rep, t, built));
    rendering = variant(built, encoding);
  } catch (err) {
    if (err instanceof PageRefusal) return refusal(c, err);
    if (!(err instanceof StorageUnavailable && (await usableStale(c, cached?.copy)))) throw err;
    logFailure("served-stale-copy", err, { requestId: c.get("requestId"), path: t.key.path });
    rendering = cached?.copy as CachedRendering;
  }
  return respond(c, site, rep, rendering);
}

function respond(c: Context<AppEnv>, site: SiteConfig, rep: Representation, r: CachedRendering) {
  return conditionalResponse(c.req.raw, {
    body: r.body,
    etag: r.etag,
    contentType: rep.contentType,
    ...(r.encoding === "gzip" ? { encoding: "gzip" as const } : {}),
    vary: "Accept-Encoding",
    ...(r.lastModified ? { lastModified: new Date(r.lastModified) } : {}),
    maxAge: rep.maxAge(site),
    headers: {
      ...(r.link ? { link: r.link } : {}),
      // A partner's copy is for that partner only: no shared cache may keep it.
      ...(c.get("partner") ? { "cache-control": `private, max-age=${rep.maxAge(site)}` } : {}),
    },
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
