/** Run flags as nodes write them to $PIPEWRIGHT_FLAGS: one `{"level", "message"}` JSON object per line. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { RunFlag } from '../../shared/contract/events.js';

export type { RunFlag };

const MAX_FLAGS = 20;
const MAX_MESSAGE = 2000;

/** The flags in `file` (none when it does not exist); bad lines go to `onBadLine` and are skipped. */
export async function readFlags(file: string, onBadLine: (line: string, why: string) => void): Promise<RunFlag[]> {
  // Most nodes raise no flags: a cheap check spares a thread-pool round trip after every node.
  if (!existsSync(file)) return [];
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch { return []; }
  const flags: RunFlag[] = [];
  for (const line of text.split('\n')) {
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
