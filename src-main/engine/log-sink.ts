/**
 * Collects a node's output, masks secret values, pulls out the library versions the node reports, and
 * flushes chunks to the store in batches (each flush is one transaction and one `logAppended` event).
 */
import type { LogStream } from '../executors/executor.js';

/** A node prints `PIPEWRIGHT_VERSIONS {"pandas": "2.1.4", ...}` on stdout to report its libraries. */
export const VERSIONS_PREFIX = 'PIPEWRIGHT_VERSIONS ';

export interface LogSinkOptions {
  /** Values that must never be stored or shown (resolved secrets). */
  secrets: string[];
  flush(chunks: { stream: LogStream; text: string }[]): void;
  onVersions(versions: Record<string, string>): void;
  flushIntervalMs?: number;
  maxBufferedChars?: number;
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

export class LogSink {
  private buffered: { stream: LogStream; text: string }[] = [];
  private chars = 0;
  private timer?: NodeJS.Timeout;
  private stdoutLine = '';

  constructor(private readonly options: LogSinkOptions) {}

  write(stream: LogStream, text: string): void {
    if (stream === 'stdout') this.scanVersions(text);
    this.buffered.push({ stream, text: maskSecrets(text, this.options.secrets) });
    this.chars += text.length;
    if (this.chars >= (this.options.maxBufferedChars ?? 64 * 1024)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs ?? 200);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffered.length) return;
    // Neighbouring writes to the same stream become one chunk.
    const merged: { stream: LogStream; text: string }[] = [];
    for (const c of this.buffered) {
      const last = merged[merged.length - 1];
      if (last && last.stream === c.stream) last.text += c.text;
      else merged.push({ ...c });
    }
    this.buffered = [];
    this.chars = 0;
    this.options.flush(merged);
  }

  private scanVersions(text: string): void {
    const lines = (this.stdoutLine + text).split('\n');
    this.stdoutLine = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) {
      if (!line.startsWith(VERSIONS_PREFIX)) continue;
      try {
        const v = JSON.parse(line.slice(VERSIONS_PREFIX.length)) as Record<string, unknown>;
        this.options.onVersions(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])));
      } catch { /* a malformed report is just a log line */ }
    }
  }
}
