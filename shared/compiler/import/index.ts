/**
 * Importing pipelines written for other engines: a Kubeflow Pipelines v2 IR or an Argo Workflow becomes a
 * Pipewright spec. Only what Pipewright can express comes across; everything else is named in
 * `notImported`, so a user knows exactly what to redo by hand.
 */
import { parseAllDocuments, type YAMLError } from 'yaml';
import type { Issue } from '../../spec/issues.js';
import { Pipeline } from '../../spec/schema.js';
import { importArgo } from './argo.js';
import { obj, str } from './common.js';
import { importKfp } from './kfp.js';

/** What an import gives back. */
export interface ImportResult {
  /** The imported spec; absent when the text could not be read as a pipeline at all. */
  spec?: Pipeline;
  /** One sentence per construct that was skipped or changed, naming the task or template. */
  notImported: string[];
  /** Problems reading the file (YAML syntax with line and column, unknown format). */
  issues: Issue[];
}

/** The formats importPipeline recognises. */
export type ImportFormat = 'kfp' | 'argo';

const MAX_BYTES = 20 * 1024 * 1024;
const ARGO_KINDS = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/** Which format a parsed document is in, if any: KFP IR by its top-level keys, Argo by apiVersion and kind. */
export function detectFormat(doc: unknown): ImportFormat | undefined {
  const d = obj(doc);
  if (d.pipelineInfo && d.root && (d.deploymentSpec || d.components)) return 'kfp';
  if (str(d.apiVersion)?.startsWith('argoproj.io/') && ARGO_KINDS.has(str(d.kind) ?? '')) return 'argo';
  return undefined;
}

/**
 * Reads a KFP v2 IR (YAML or JSON, with its optional platform document; a PipelineJob's `pipelineSpec`
 * works too) or an Argo Workflow/WorkflowTemplate/CronWorkflow into a Pipewright spec. Never throws:
 * unreadable input comes back as issues.
 */
export function importPipeline(text: string, file?: string): ImportResult {
  const notImported: string[] = [];
  const issues: Issue[] = [];
  const issue = (message: string, extra: Partial<Issue> = {}) =>
    issues.push({ severity: 'error', code: 'schema', message, path: [], ...(file !== undefined ? { file } : {}), ...extra });
  try {
    if (typeof text !== 'string') { issue('The input is not text.'); return { notImported, issues }; }
    if (text.length > MAX_BYTES) { issue(`The file is larger than ${MAX_BYTES / 1024 / 1024} MiB.`, { code: 'too-large' }); return { notImported, issues }; }
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [];
    for (const d of list) for (const e of d.errors) issues.push(yamlIssue(e, file));
    if (issues.length) return { notImported, issues };
    const values = list.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
    let first = obj(values[0]);
    // A PipelineJob (as Vertex AI and the KFP API take it) wraps the IR in `pipelineSpec`.
    if (!detectFormat(first) && detectFormat(first.pipelineSpec) === 'kfp') first = obj(first.pipelineSpec);
    const format = detectFormat(first);
    let spec: Pipeline;
    if (format === 'kfp') spec = importKfp([first, ...values.slice(1)], notImported);
    else if (format === 'argo') {
      spec = importArgo(first, notImported);
      if (values.length > 1) notImported.push(`${values.length - 1} YAML document(s) after the first were not imported.`);
    } else {
      issue('This is neither a Kubeflow Pipelines v2 IR (pipelineInfo, root, deploymentSpec) nor an Argo Workflow (apiVersion argoproj.io/v1alpha1, kind Workflow or WorkflowTemplate).');
      return { notImported, issues };
    }
    // The importers build specs by construction; checking anyway keeps a bug from producing a bad file.
    const parsed = Pipeline.safeParse(spec);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issue(`The imported spec is invalid: ${i.message}.`, { path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) });
      return { notImported, issues };
    }
    if (!spec.nodes.length) {
      issues.push({ severity: 'warning', code: 'schema', message: 'No node could be imported; see what was not imported.', path: ['nodes'], ...(file !== undefined ? { file } : {}) });
    }
    return { spec, notImported, issues };
  } catch (e) {
    // Deeply nested or otherwise pathological input must not take the caller down.
    issue(`The file could not be imported: ${e instanceof Error ? e.message : String(e)}`);
    return { notImported, issues };
  }
}

function yamlIssue(e: YAMLError, file?: string): Issue {
  const pos = e.linePos?.[0];
  return {
    severity: 'error',
    code: 'yaml-syntax',
    message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    ...(file !== undefined ? { file } : {}),
    ...(pos ? { line: pos.line, column: pos.col } : {}),
    path: [],
  };
}
