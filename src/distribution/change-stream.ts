// The changes feed as consumers read it: the log's one order (src/store/changelog.ts) seen through
// the feeds' filters (category, keyword, q, exclude: an update that moves an article out of a
// filtered stream is a withdrawal there), with an opaque cursor that says where a consumer stands
// and until when it can replay. Shared by `/api/changes`, `/changes.atom` and the feeds' tombstones;
// a partner's stream is the same code read by a viewer: its categories narrow the filter, embargo
// preview shows what is scheduled, and an article leaves it at its `expires` (an "expire" event).
import { URL_TOKEN_PARAM } from "../articles/audience.ts";
import { idOf, kindIn, shownSide, type Viewer } from "../articles/change-event.ts";
import { emptyFilter, type Filter } from "../articles/match.ts";
import { fromBase64Url, parseListQuery, toBase64Url, withoutTracking } from "../articles/query.ts";
import { expiresFrom } from "../articles/rights.ts";
import type { StreamEntry } from "../feeds/changes-atom.ts";
import type { DeletedEntry, FeedChannel } from "../feeds/model.ts";
import { entryId } from "../feeds/model.ts";
import { type NinjsContext, renderNinjsChange } from "../feeds/ninjs.ts";
import { invalidQuery, ProblemError } from "../http/problem.ts";
import {
  CHANGES_KEPT_PAGE_MS,
  CHANGES_PAGE_MAX,
  CHANGES_REPLAY_DAYS,
  CHANGES_REPLAY_MS,
  CHANGES_SCAN_MAX,
} from "../limits.ts";
import type { Articles } from "../store/index.ts";
import { absolute, paths } from "../urls.ts";
import { takeFormat } from "./listing.ts";

export interface ChangesQuery {
  filter: Filter;
  limit: number;
  /** Sequence number the consumer has seen up to (0: from the start). */
  after: number;
  /** Who reads the stream: a partner, or the public (absent). */
  viewer?: Viewer;
}

/** Where a consumer stands: the last sequence number it saw, and when the log was read there (ms). */
interface Position {
  s: number;
  t: number;
}

export const encodeChangesCursor = (p: Position) => toBase64Url(JSON.stringify(p));

function decodeChangesCursor(raw: string): Position | undefined {
  const json = raw.length <= 200 ? fromBase64Url(raw) : undefined;
  try {
    const v = json === undefined ? undefined : (JSON.parse(json) as Partial<Position>);
    if (v && Number.isSafeInteger(v.s) && (v.s as number) >= 0 && Number.isFinite(v.t)) return v as Position;
  } catch {}
  return undefined;
}

/**
 * The feeds' filter parameters and `limit` (1-100), and `cursor` from a `next_url`. A cursor older
 * than the replay window is a 410: events after it may be compacted away, so the consumer must
 * start again from the start (or from the listing).
 */
export function parseChangesQuery(raw: URLSearchParams, nowMs: number): ChangesQuery {
  const params = withoutTracking(raw);
  const cursors = params.getAll("cursor");
  params.delete("cursor");
  const parsed = parseListQuery(params);
  if (!parsed.ok) throw invalidQuery(parsed.errors);
  if (cursors.length > 1) throw invalidQuery([{ path: "cursor", message: "may be given only once" }]);
  let after = 0;
  if (cursors[0] !== undefined) {
    const position = decodeChangesCursor(cursors[0]);
    if (!position)
      throw invalidQuery([
        { path: "cursor", message: "is not a cursor this service made: take it from a next_url" },
      ]);
    if (position.t < nowMs - CHANGES_REPLAY_MS)
      throw new ProblemError({
        status: 410,
        type: "cursor-expired",
        detail: `This cursor is more than ${CHANGES_REPLAY_DAYS} days old, past what the changes feed replays. Start again without a cursor (every live article, then every change since) and keep the next_url of each answer.`,
      });
    after = position.s;
  }
  return { filter: parsed.query.filter, limit: Math.min(parsed.query.limit, CHANGES_PAGE_MAX), after };
}

/** The public's whole stream: what it hears moves every reader's position. */
const EVERYTHING = emptyFilter();

export interface StreamPage {
  entries: (StreamEntry & { seq: number })[];
  /** Where the next request starts. */
  next: Position;
}

/**
 * Up to `limit` events after the query's position as its filter sees them, reading at most
 * CHANGES_SCAN_MAX rows of the log: a filter that matches few of them answers a short page, and its
 * cursor still moves past what it read.
 */
export async function readStream(store: Articles, q: ChangesQuery, nowMs: number): Promise<StreamPage> {
  const rows = await store.changes(q.after, CHANGES_SCAN_MAX);
  const entries: StreamPage["entries"] = [];
  let last: { seq: number; at: number } | undefined;
  let readAll = true;
  for (const { seq, event } of rows) {
    if (entries.length >= q.limit) {
      readAll = false;
      break;
    }
    const kind = kindIn(event, q.filter, q.viewer);
    if (kind) entries.push({ seq, event, kind });
    // The position moves past an event the public hears, or this reader does: one it may never
    // hear of (a write under embargo, a partner's expiry) would move its cursor, a sequence number,
    // and say when it happened. Such rows are read again by the next poll, until one it hears.
    if (kind || kindIn(event, EVERYTHING)) last = { seq, at: event.at };
  }
  // A whole scan of rows it may not hear of: past them, or the reader would never move on.
  const end = rows.at(-1);
  if (readAll && rows.length >= CHANGES_SCAN_MAX && end) last = { seq: end.seq, at: end.event.at };
  // Read to the end of the log: nothing after the position is older than now (taken to the hour,
  // so that an idle poll gets the same bytes, and a 304, for an hour; earlier is only safer).
  // Otherwise the position is as old as the last event read.
  const caughtUp = readAll && rows.length < CHANGES_SCAN_MAX;
  const hour = Math.floor(nowMs / 3_600_000) * 3_600_000;
  // Older than the window, the log holds what compaction kept (the newest event of each live
  // article), which has no deadline of its own: dated by its event, a position there would be a
  // 410 at once, and a consumer starting again would come back to it. It gets a day for its next page.
  const kept = hour - CHANGES_REPLAY_MS + CHANGES_KEPT_PAGE_MS;
  const next = {
    s: last?.seq ?? q.after,
    t: caughtUp || !last ? hour : Math.max(last.at, Math.min(kept, hour)),
  };
  return { entries, next };
}

/** The newest `limit` events as the filter sees them, newest first (the Atom rendering). */
export async function latestStream(
  store: Articles,
  filter: Filter,
  limit: number,
  viewer?: Viewer,
): Promise<StreamEntry[]> {
  const out: StreamEntry[] = [];
  for (const { event } of await store.latestChanges(CHANGES_SCAN_MAX)) {
    const kind = kindIn(event, filter, viewer);
    if (kind) out.push({ event, kind });
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * RFC 6721 tombstones for a feed page: withdrawals since `since` (ms; the page's oldest entry, and
 * never past the window in which a withdrawal is public) that its filter would have shown, and for
 * a partner its expiries, newest first, at most `limit`, none of an id the page shows again.
 */
export async function tombstones(
  store: Articles,
  filter: Filter,
  since: number,
  limit: number,
  shown: ReadonlySet<string>,
  channel: Pick<FeedChannel, "idAuthority">,
  viewer?: Viewer,
): Promise<DeletedEntry[]> {
  const out: DeletedEntry[] = [];
  for (const { event } of await store.withdrawals(since, CHANGES_SCAN_MAX)) {
    if (out.length >= limit) break;
    const kind = shown.has(event.id) ? undefined : kindIn(event, filter, viewer);
    if (kind !== "withdraw" && kind !== "expire") continue;
    const comment = kind === "expire" ? "The rights to republish this article have ended." : event.reason;
    out.push({
      ref: entryId(idOf(event), channel),
      when: new Date(event.at).toISOString(),
      ...(comment ? { comment } : {}),
    });
  }
  return out;
}

/** Who reads `/api/changes`, and how: its viewer and filter narrowing, the links' parameters, ninjs. */
export interface ChangesReader {
  viewer?: Viewer;
  /** Narrows the filter to what the reader may see (a partner's categories; a 403 when none). */
  narrow?: (f: Filter) => Filter;
  /** Parameters every link carries (a partner's URL token). */
  linkParams?: [string, string][];
  ninjs: NinjsContext;
  /** The site's default `expires` (ms from publication), which every reader is told of. */
  expiresAfterMs?: number;
}

/**
 * `/api/changes` as JSON, or as IPTC ninjs 2.1 (one object per change, without the body: the
 * change's version, its `pubstatus` and what filters see, with the article's API address): the
 * page's events and the `next_url` to poll.
 */
export async function changesPage(
  store: Articles,
  siteUrl: string,
  raw: URLSearchParams,
  nowMs: number,
  reader: ChangesReader,
): Promise<{ body: string; nextUrl: string }> {
  const params = new URLSearchParams(raw);
  params.delete(URL_TOKEN_PARAM);
  const format = takeFormat(params);
  const parsed = parseChangesQuery(params, nowMs);
  const q: ChangesQuery = {
    ...parsed,
    filter: reader.narrow ? reader.narrow(parsed.filter) : parsed.filter,
    ...(reader.viewer ? { viewer: reader.viewer } : {}),
  };
  const page = await readStream(store, q, nowMs);
  const links = reader.linkParams ?? [];
  const next = withoutTracking(params);
  if (format !== "json") next.set("format", format);
  next.set("cursor", encodeChangesCursor(page.next));
  for (const [k, v] of links) next.set(k, v);
  const nextUrl = absolute(siteUrl, paths.apiChanges(), next);
  const apiUrl = (id: string, ninjs = false) =>
    absolute(
      siteUrl,
      paths.apiArticle(id),
      new URLSearchParams([...(ninjs ? [["format", "ninjs"]] : []), ...links]),
    );
  const items = page.entries.map(({ event: e, kind }) => {
    const side = shownSide(e, kind);
    const embargoed = side?.scheduled ? side.publishedAt : undefined;
    const expires = side && expiresFrom(side, reader.expiresAfterMs);
    if (format === "ninjs")
      return renderNinjsChange({ event: e, kind }, reader.ninjs, {
        api: apiUrl(e.id, true),
        ...(embargoed ? { embargoed } : {}),
        ...(expires ? { expires } : {}),
      });
    return {
      id: e.id,
      kind,
      version: e.version,
      at: new Date(e.at).toISOString(),
      url: apiUrl(e.id),
      ...(kind === "withdraw" && e.reason ? { reason: e.reason } : {}),
      ...(embargoed ? { embargoed } : {}),
      ...(kind === "expire" && expires ? { expires } : {}),
    };
  });
  return { body: JSON.stringify({ items, next_url: nextUrl }), nextUrl };
}
