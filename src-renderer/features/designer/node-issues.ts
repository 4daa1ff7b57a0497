/** Errors and warnings per node, indexed once per validation so each card reads its own in O(1). */
import type { Issue } from '../../../shared/spec/issues.js';

export interface NodeIssueCount { errors: number; warnings: number; first?: string }

const cache = new WeakMap<readonly Issue[], Map<string, NodeIssueCount>>();

export function issuesByNode(issues: readonly Issue[]): Map<string, NodeIssueCount> {
  let index = cache.get(issues);
  if (index) return index;
  index = new Map();
  for (const i of issues) {
    if (!i.nodeId) continue;
    const c = index.get(i.nodeId) ?? { errors: 0, warnings: 0 };
    if (i.severity === 'error') c.errors += 1; else c.warnings += 1;
    // The first error wins the tooltip; a warning only when there is no error.
    if (!c.first || (i.severity === 'error' && c.errors === 1)) c.first = i.message;
    index.set(i.nodeId, c);
  }
  cache.set(issues, index);
  return index;
}
