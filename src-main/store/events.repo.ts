/** The per-run event stream (status changes, progress, warnings) the UI replays and follows. */
import type Database from 'better-sqlite3';
import { toJson } from './rows.js';
import type { EventInput, EventRow } from './types.js';

interface RawEvent {
  run_id: string;
  seq: number;
  type: string;
  payload_json: string;
  at: number;
}

export class EventRepo {
  private readonly insert;
  private readonly maxSeq;
  private readonly after;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, number, string, string, number]>('INSERT INTO events (run_id, seq, type, payload_json, at) VALUES (?, ?, ?, ?, ?)');
    this.maxSeq = db.prepare<[string], { s: number | null }>('SELECT MAX(seq) AS s FROM events WHERE run_id = ?');
    this.after = db.prepare<[string, number, number], RawEvent>(
      'SELECT run_id, seq, type, payload_json, at FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  }

  /** Append events to a run atomically, numbered after its last event. Returns the stored rows. */
  append(runId: string, events: readonly EventInput[], now: number = Date.now()): EventRow[] {
    // IMMEDIATE: reading MAX(seq) and inserting must not interleave with another writer.
    return this.db.transaction(() => {
      let seq = this.maxSeq.get(runId)?.s ?? 0;
      return events.map((e) => {
        seq += 1;
        const payload = toJson(e.payload ?? null, `payload of event ${e.type}`);
        const time = e.time ?? now;
        this.insert.run(runId, seq, e.type, payload, time);
        return storedRow(runId, seq, e.type, payload, time);
      });
    }).immediate();
  }

  /** Events of a run in order; pass the last seq seen to follow a live run. */
  list(runId: string, opts: { afterSeq?: number; limit?: number } = {}): EventRow[] {
    return this.after.all(runId, opts.afterSeq ?? 0, opts.limit ?? 1000)
      .map((r) => ({ runId: r.run_id, seq: r.seq, type: r.type, payload: JSON.parse(r.payload_json) as unknown, time: r.at }));
  }
}

/**
 * The row as `list` would return it, with the payload parsed from the stored JSON on first read: the
 * engine appends an event for every status change and never reads the rows back, so it skips the parse.
 */
function storedRow(runId: string, seq: number, type: string, payloadJson: string, time: number): EventRow {
  return {
    runId, seq, type,
    get payload(): unknown {
      const payload = JSON.parse(payloadJson) as unknown;
      this.payload = payload;
      return payload;
    },
    // Once read or assigned, a plain data property like any other row's.
    set payload(value: unknown) {
      Object.defineProperty(this, 'payload', { value, writable: true, enumerable: true, configurable: true });
    },
    time,
  };
}
