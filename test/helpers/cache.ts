// Cached copies as tests need them: aged as if built some seconds ago (both content codings), so
// staleness is tested by moving a copy's date, never by waiting.
import * as clock from "../../src/clock.ts";
import { type CachedRendering, readCached, storeCached } from "../../src/distribution/cache.ts";
import type { RepKey } from "../../src/distribution/key.ts";
import { strongEtag } from "../../src/http/conditional.ts";
import { gzip } from "../../src/http/encoding.ts";
import { ORIGIN } from "./api.ts";

/** Rewrites the cached copy of `key` as built `seconds` ago; returns the copy as it was. */
export async function ageCached(key: RepKey, seconds: number): Promise<CachedRendering> {
  const copy = (await readCached(ORIGIN, key))?.copy as CachedRendering;
  const body = new TextDecoder().decode(copy.body);
  const gz = await gzip(body);
  const { encoding: _identity, ...rest } = copy;
  await storeCached(ORIGIN, key, {
    ...rest,
    body,
    gzip: { body: gz, etag: await strongEtag(gz) },
    builtAt: clock.now() - seconds * 1000,
  });
  return copy;
}
