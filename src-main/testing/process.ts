/** Test helper: whether a process is still running. */
import { readFileSync } from 'node:fs';

/** Running, not a zombie: an orphan killed after its parent waits for a PID 1 that may never reap it. */
export function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}
