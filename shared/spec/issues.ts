/** A problem found in a spec or component file, phrased for a data scientist and located precisely. */

export type Severity = 'error' | 'warning';

export type IssueCode =
  | 'yaml-syntax' | 'too-large' | 'too-deep' | 'schema'
  | 'duplicate-id' | 'unknown-node' | 'unknown-output' | 'unknown-input' | 'unknown-param'
  | 'unknown-component' | 'unknown-version' | 'type-mismatch' | 'missing-input' | 'missing-param'
  | 'bad-value' | 'cycle' | 'k8s-name' | 'unused-output' | 'implementation' | 'template';

export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** One sentence a data scientist understands, naming the node and field. */
  message: string;
  file?: string;
  /** 1-based, where the YAML gives one. */
  line?: number;
  column?: number;
  nodeId?: string;
  /** Path inside the document, e.g. ['nodes', 2, 'inputs', 'train']. */
  path: (string | number)[];
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** `file:line:col: severity [node] message (at path)` — the CLI's human format. */
export function formatIssue(i: Issue): string {
  const where = [i.file, i.line, i.column].filter((x) => x !== undefined).join(':');
  const node = i.nodeId ? ` [node ${i.nodeId}]` : '';
  const at = i.path.length ? ` (at ${formatPath(i.path)})` : '';
  return `${where ? `${where}: ` : ''}${i.severity}${node}: ${i.message}${at}`;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('');
}
