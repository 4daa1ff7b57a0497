/**
 * Node logs, stored in chunks (whatever the executor read from a pipe at once) and indexed with
 * FTS5 for search. Sequence numbers are per (run, node), shared by stdout and stderr, so a follower
 * can ask for "everything after seq N" and receive both streams interleaved in order.
 */
import type Database from 'better-sqlite3';
import type { LogChunkInput, LogChunkRow, LogHit, LogStream } from './types.js';

interface RawChunk {
  run_id: string;
  node_id: string;
  stream: LogStream;
  seq: number;
  text: string;
  at: number;
}

export interface ReadLogsOptions {
  /** Only chunks with a greater seq (the last seq the caller already has). */
  afterSeq?: number;
  /** Default 1000. */
  limit?: number;
  stream?: LogStream;
}

export interface SearchLogsOptions {
  nodeId?: string;
  /** Default 100. */
  limit?: number;
  /**
   * `words` (default): every word must occur, punctuation in the query cannot cause a syntax error.
   * `fts`: the query is FTS5 syntax (phrases, OR, NOT, prefix*) and may throw on bad syntax.
   */
  syntax?: 'words' | 'fts';
}

export class LogRepo {
  private readonly insert;
  private readonly maxSeq;
  // Prepared once: followers poll readLogs several times a second per open log view.
  private readonly read;
  private readonly search;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, string, LogStream, number, string, number]>(
      'INSERT INTO log_chunks (run_id, node_id, stream, seq, text, at) VALUES (?, ?, ?, ?, ?, ?)');
    this.maxSeq = db.prepare<[string, string], { s: number | null }>('SELECT MAX(seq) AS s FROM log_chunks WHERE run_id = ? AND node_id = ?');
    this.read = db.prepare<[{ runId: string; nodeId: string; after: number; stream: string | null; limit: number }], RawChunk>(
      `SELECT run_id, node_id, stream, seq, text, at FROM log_chunks
       WHERE run_id = @runId AND node_id = @nodeId AND seq > @after AND (@stream IS NULL OR stream = @stream)
       ORDER BY seq LIMIT @limit`);
    this.search = db.prepare<[{ match: string; runId: string; nodeId: string | null; limit: number }], RawChunk & { snippet: string }>(
      `SELECT c.run_id, c.node_id, c.stream, c.seq, c.text, c.at, snippet(log_fts, 0, '[', ']', '…', 16) AS snippet
       FROM log_fts JOIN log_chunks c ON c.id = log_fts.rowid
       WHERE log_fts MATCH @match AND c.run_id = @runId AND (@nodeId IS NULL OR c.node_id = @nodeId)
       ORDER BY c.id LIMIT @limit`);
  }

  /**
   * Append chunks atomically, numbering them after the last stored chunk of their (run, node).
   * Empty chunks are dropped. Returns the seq given to each input chunk (0 for dropped ones).
   */
  appendLogs(chunks: readonly LogChunkInput[], now: number = Date.now()): number[] {
    // IMMEDIATE: the MAX(seq) read and the inserts must not interleave with another writer's.
    return this.db.transaction(() => {
      const next = new Map<string, number>();
      return chunks.map((c) => {
        if (c.text === '') return 0;
        const key = `${c.runId}\0${c.nodeId}`;
        const seq = (next.get(key) ?? this.maxSeq.get(c.runId, c.nodeId)?.s ?? 0) + 1;
        next.set(key, seq);
        this.insert.run(c.runId, c.nodeId, c.stream, seq, c.text, c.time ?? now);
        return seq;
      });
    }).immediate();
  }

  /** Chunks of one node in order, for display or for following a live node (pass the last seq seen). */
  readLogs(runId: string, nodeId: string, opts: ReadLogsOptions = {}): LogChunkRow[] {
    return this.read.all({ runId, nodeId, after: opts.afterSeq ?? 0, stream: opts.stream ?? null, limit: opts.limit ?? 1000 }).map(toRow);
  }

  /** Full-text search in a run's logs; hits in log order, each with a `[highlighted]` snippet. */
  searchLogs(runId: string, query: string, opts: SearchLogsOptions = {}): LogHit[] {
    const match = opts.syntax === 'fts' ? query : wordsQuery(query);
    if (match === '') return [];
    return this.search.all({ match, runId, nodeId: opts.nodeId ?? null, limit: opts.limit ?? 100 }).map((r) => ({ ...toRow(r), snippet: r.snippet }));
  }
}

/** Each whitespace-separated word as a quoted FTS5 string (so `-`, `:` or `"` are literal), all required. */
export function wordsQuery(query: string): string {
  return query.split(/\s+/).filter(Boolean).map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
}

function toRow(r: RawChunk): LogChunkRow {
  return { runId: r.run_id, nodeId: r.node_id, stream: r.stream, seq: r.seq, text: r.text, time: r.at };
}
