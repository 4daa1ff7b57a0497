/** Run flags as nodes write them to $PIPEWRIGHT_FLAGS: one `{"level", "message"}` JSON object per line. */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { RunFlag } from '../../shared/contract/events.js';

export type { RunFlag };

const MAX_FLAGS = 20;
const MAX_MESSAGE = 2000;
/** Flags are a few lines; a node that writes more gets the first 64 kB read, not its whole file. */
const MAX_BYTES = 64 * 1024;

/** The flags in `file` (none when it does not exist); bad lines go to `onBadLine` and are skipped. */
export async function readFlags(file: string, onBadLine: (line: string, why: string) => void): Promise<RunFlag[]> {
  // Most nodes raise no flags: a cheap check spares a thread-pool round trip after every node.
  if (!existsSync(file)) return [];
  let text: string;
  let truncated: boolean;
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(MAX_BYTES + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      truncated = bytesRead > MAX_BYTES;
      text = buf.toString('utf8', 0, Math.min(bytesRead, MAX_BYTES));
    } finally { await handle.close(); }
  } catch { return []; }
  const lines = text.split('\n');
  if (truncated) onBadLine(lines.pop() ?? '', `the flags file is over ${MAX_BYTES / 1024} kB; the rest was not read`);
  const flags: RunFlag[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    let v: unknown;
    try { v = JSON.parse(line); } catch { onBadLine(line, 'not JSON'); continue; }
    const { level, message } = (v ?? {}) as Record<string, unknown>;
    if (level !== 'warning' && level !== 'critical') { onBadLine(line, '"level" must be "warning" or "critical"'); continue; }
    if (typeof message !== 'string' || !message.trim()) { onBadLine(line, 'missing "message"'); continue; }
    if (flags.length === MAX_FLAGS) { onBadLine(line, `more than ${MAX_FLAGS} flags`); break; }
    flags.push({ level, message: message.slice(0, MAX_MESSAGE) });
  }
  return flags;
}
