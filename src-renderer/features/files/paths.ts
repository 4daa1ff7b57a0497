/** Path helpers for display and for the read-only check; the back end is the authority on real paths. */

export function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/** `p` relative to the workspace when inside it, else `p` unchanged. */
export function relativeTo(workspace: string | undefined, sep: string, p: string): string {
  if (!workspace) return p;
  const root = workspace.endsWith(sep) ? workspace : workspace + sep;
  return p.startsWith(root) ? p.slice(root.length) : p;
}

/** Saving is only allowed inside the workspace; anything else (the shipped examples) is read-only. */
export function isInsideWorkspace(workspace: string | undefined, sep: string, p: string): boolean {
  if (!workspace) return false;
  const root = workspace.endsWith(sep) ? workspace : workspace + sep;
  return p.startsWith(root);
}

/** A file name for a pipeline name, e.g. "churn" -> "churn.yaml". */
export function defaultFileName(pipelineName: string | undefined): string {
  const stem = (pipelineName ?? '').trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline';
  return `${stem}.yaml`;
}
