// ChangeLog: one Durable Object for the whole site that puts every create, update and withdrawal in
// one order (SQLite storage: a sequence number per event, strongly consistent). Not KV: a KV list is
// eventually consistent (about 60 s between locations), so two pollers could see different orders,
// and it costs a list per poll. Writers record events through their crash-safe plans, which replay
// until done: recording is idempotent per (id, version, kind).
//
// Replay: every event of the last CHANGES_REPLAY_DAYS, and, older than that, the newest event of
// each article still live, so that following the log from the start reproduces the live archive.
import { DurableObject } from "cloudflare:workers";
import { type ChangeEvent, logKind } from "../articles/change-event.ts";
import * as clock from "../clock.ts";
import { CHANGES_COMPACT_EVERY_MS, CHANGES_REPLAY_MS } from "../limits.ts";
import type { LoggedEvent } from "./types.ts";

const COMPACTED = "compacted-at";

export class ChangeLog extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS events (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         id TEXT NOT NULL, kind TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL,
         body TEXT NOT NULL, UNIQUE (id, version, kind));
       CREATE INDEX IF NOT EXISTS events_by_id ON events (id, seq);
       CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);`,
    );
  }

  /**
   * Appends `e` unless it is already in the log (a replayed plan, a retried expiry); answers its
   * sequence number. The `kind` column is the log's key (src/articles/change-event.ts `logKind`).
   */
  record(e: ChangeEvent): number {
    const sql = this.ctx.storage.sql;
    const kind = logKind(e);
    sql.exec(
      "INSERT OR IGNORE INTO events (id, kind, version, at, body) VALUES (?, ?, ?, ?, ?)",
      e.id,
      kind,
      e.version,
      e.at,
      JSON.stringify(e),
    );
    this.compact();
    return sql
      .exec<{ seq: number }>(
        "SELECT seq FROM events WHERE id = ? AND version = ? AND kind = ?",
        e.id,
        e.version,
        kind,
      )
      .one().seq;
  }

  /** Up to `limit` events after sequence number `after` (0: from the start), in order. */
  read(after: number, limit: number): LoggedEvent[] {
    return this.rows(
      this.ctx.storage.sql.exec<{ seq: number; body: string }>(
        "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        after,
        limit,
      ),
    );
  }

  /**
   * Withdrawals and expiries since `since` (ms) that are still the newest event of their article
   * (not restored or renewed since), newest first, at most `limit` (a feed's tombstones).
   */
  withdrawals(since: number, limit: number): LoggedEvent[] {
    return this.rows(
      this.ctx.storage.sql.exec<{ seq: number; body: string }>(
        `SELECT seq, body FROM events e WHERE kind IN ('withdraw', 'expire') AND at >= ?
           AND seq = (SELECT max(seq) FROM events WHERE id = e.id) ORDER BY seq DESC LIMIT ?`,
        since,
        limit,
      ),
    );
  }

  /** The newest `limit` events, newest first (the Atom rendering). */
  latest(limit: number): LoggedEvent[] {
    return this.rows(
      this.ctx.storage.sql.exec<{ seq: number; body: string }>(
        "SELECT seq, body FROM events ORDER BY seq DESC LIMIT ?",
        limit,
      ),
    );
  }

  private rows(cursor: SqlStorageCursor<{ seq: number; body: string }>): LoggedEvent[] {
    return cursor.toArray().map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as ChangeEvent }));
  }

  /**
   * Past the replay window, keeps only what a consumer starting from the start needs: the newest
   * event of each live article, and its expiry when that came after (partners must hear the
   * article is gone for them; the public, which ignores expiries, still finds the article).
   * Superseded events go first, then old withdrawals (their 410 pages and tombstones are no longer
   * public). At most once per CHANGES_COMPACT_EVERY_MS.
   */
  private compact(): void {
    const sql = this.ctx.storage.sql;
    const now = clock.now();
    const last = sql.exec<{ v: number }>("SELECT v FROM meta WHERE k = ?", COMPACTED).toArray()[0]?.v ?? 0;
    if (now - last < CHANGES_COMPACT_EVERY_MS) return;
    const cut = now - CHANGES_REPLAY_MS;
    sql.exec(
      `DELETE FROM events WHERE at < ?
         AND seq < (SELECT max(seq) FROM events AS n WHERE n.id = events.id AND n.kind != 'expire')`,
      cut,
    );
    sql.exec("DELETE FROM events WHERE at < ? AND kind = 'withdraw'", cut);
    sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", COMPACTED, now);
  }
}
