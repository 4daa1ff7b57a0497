/**
 * Resources, timeouts and retries that pass the schema's syntax but cannot be what was meant: a zero
 * timeout, "500m" of memory (half a byte), thousands of cores, a retry backoff that starts above its
 * cap, and a hint for GPU nodes without shared memory.
 */
import { parseDuration, parseQuantity } from '../units.js';
import { nodeIssue, type RuleContext } from './context.js';
import { plural } from './words.js';

const MI = 2 ** 20;

/** Rule: timeouts, retry backoff, memory/cpu sizes and GPU hints. */
export function resources(ctx: RuleContext): void {
  for (const e of ctx.nodes) {
    const { node } = e;
    const id = node.id;
    if (node.timeout !== undefined && parseDuration(node.timeout) === 0) {
      nodeIssue(ctx, e, 'error', 'bad-value', ['timeout'], `Node '${id}' has a timeout of 0, which would stop it as soon as it starts.`);
    }
    const backoff = typeof node.retries === 'object' ? node.retries.backoff : undefined;
    if (backoff?.initial !== undefined && backoff.max !== undefined) {
      const initial = parseDuration(backoff.initial);
      const max = parseDuration(backoff.max);
      if (initial !== undefined && max !== undefined && initial > max) {
        nodeIssue(ctx, e, 'warning', 'bad-value', ['retries', 'backoff', 'initial'],
          `Node '${id}' waits ${backoff.initial} before its first retry but at most ${backoff.max} between retries; the first wait will be cut to ${backoff.max}.`);
      }
    }
    const res = node.resources;
    if (!res) continue;
    for (const field of ['memory', 'shm'] as const) {
      const q = res[field];
      const bytes = q === undefined ? undefined : parseQuantity(q);
      if (q === undefined || bytes === undefined || bytes >= MI) continue;
      const guess = q.endsWith('m') ? `${q.slice(0, -1)}Mi` : `${q.replace(/[a-zA-Z]+$/, '')}Mi`;
      nodeIssue(ctx, e, 'warning', 'bad-value', ['resources', field],
        `Node '${id}' asks for ${field} '${q}', which is ${bytes < 1 ? 'less than a byte' : `${Math.round(bytes)} bytes`} — did you mean '${guess}'?`);
    }
    const cpu = res.cpu === undefined ? undefined : parseQuantity(res.cpu);
    if (cpu !== undefined && cpu > 128) {
      nodeIssue(ctx, e, 'warning', 'bad-value', ['resources', 'cpu'],
        `Node '${id}' asks for ${cpu} CPU cores — did you mean '${res.cpu}m' (${cpu / 1000} cores)?`);
    }
    const gpu = res.gpu ?? 0;
    if (gpu > 16) {
      nodeIssue(ctx, e, 'warning', 'bad-value', ['resources', 'gpu'],
        `Node '${id}' asks for ${plural(gpu, 'GPU')}, more than one machine usually has; it may never be scheduled.`);
    }
    if (gpu > 0 && res.shm === undefined) {
      nodeIssue(ctx, e, 'warning', 'bad-value', ['resources', 'gpu'],
        `Node '${id}' asks for ${plural(gpu, 'GPU')} but sets no shm; GPU training usually needs more shared memory than the 64Mi `
        + "default (PyTorch data loaders fail with 'bus error'), e.g. shm: 2Gi.");
    }
  }
}
