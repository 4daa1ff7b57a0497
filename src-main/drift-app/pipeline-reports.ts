/**
 * Drift reports written by pipeline nodes (outputs declared `format: drift-report`, as drift-check's
 * `report`): kept in the drift history beside the Drift view's own checks, under the run's pipeline
 * file, so the PSI trend covers scheduled runs too; and found again from a run's node for its link.
 */
import { readFileSync, statSync } from 'node:fs';
import { ApiError, type Handlers } from '../../shared/contract/api.js';
import { DriftReportSchema, type DriftReportData, type DriftSource } from '../../shared/contract/drift.js';
import type { PlanNode } from '../../shared/compiler/plan.js';
import type { ArtifactStore } from '../engine/artifact-store.js';
import type { NodeOutputsEvent } from '../engine/engine.js';
import type { DriftCheckRow, Store } from '../store/index.js';
import { summarize, toSummary } from './summary.js';

export interface PipelineReportDeps {
  store: Store;
  artifacts: ArtifactStore;
}

/** Reports are a few hundred kB (histograms per column); anything far larger is not one. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** The report in an artifact, checked against the contract; throws naming the node and output. */
function readReport(deps: PipelineReportDeps, digest: string, where: string): DriftReportData {
  const path = deps.artifacts.pathOf(digest);
  if (statSync(path).size > MAX_REPORT_BYTES) throw new Error(`${where} is over ${MAX_REPORT_BYTES / 1024 ** 2} MB, too large for a drift report`);
  let json: unknown;
  try { json = JSON.parse(readFileSync(path, 'utf8')); } catch { throw new Error(`${where} is not JSON, so not a drift report`); }
  const parsed = DriftReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where} is not a drift report (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}

/** "load.dataset" for an input fed by node load's output dataset; the file name otherwise. */
function labelOf(node: PlanNode | undefined, input: string, fallback: string): string {
  const src = node?.inputs.find((i) => i.name === input)?.source;
  return src?.kind === 'artifact' && src.node ? `${src.node}.${src.output}` : fallback.split(/[\\/]/).pop() ?? fallback;
}

function store(deps: PipelineReportDeps, e: { runId: string; nodeId: string; node?: PlanNode; specFile: string | null; digest: string; output: string }): DriftCheckRow {
  const report = readReport(deps, e.digest, `node '${e.nodeId}' output '${e.output}'`);
  const run = `run ${e.runId.slice(0, 10)}`; // as the runs list shows it
  return deps.store.drift.add({
    pipelineFile: e.specFile,
    referenceLabel: `${run} · ${labelOf(e.node, 'reference', report.reference.path)}`,
    currentLabel: labelOf(e.node, 'current', report.current.path),
    summary: summarize(report),
    reportJson: JSON.stringify(report),
    source: { runId: e.runId, nodeId: e.nodeId, reportDigest: e.digest },
  });
}

/** Engine hook: stores each new drift report a node recorded (a cached node's report is already there). */
export function indexDriftReports(deps: PipelineReportDeps, e: NodeOutputsEvent): void {
  for (const o of e.node.outputs) {
    const value = e.outputs[o.name];
    if (o.format !== 'drift-report' || value?.kind !== 'artifact' || deps.store.drift.findByDigest(value.digest)) continue;
    store(deps, { runId: e.runId, nodeId: e.node.id, node: e.node, specFile: e.specFile ?? null, digest: value.digest, output: o.name });
  }
}

/**
 * The run artifacts a pipeline's drift node compared (its `reference` and `current` inputs), found
 * through lineage; undefined when either side came from elsewhere or is no longer known.
 */
export function sourcesOf(st: Store, runId: string, nodeId: string): { reference: DriftSource; current: DriftSource } | undefined {
  const nodeRun = st.nodeRuns.listByRun(runId).filter((n) => n.nodeId === nodeId).at(-1);
  if (!nodeRun) return undefined;
  const inputs = st.lineage.forRun(runId).filter((e) => e.consumerNodeRunId === nodeRun.id);
  const side = (input: string): DriftSource | undefined => {
    const edge = inputs.find((e) => e.inputName === input);
    if (!edge?.producerNodeRunId || !edge.producerRunId || !edge.producerNodeId) return undefined;
    const output = st.outputs.producersOf(edge.digest).find((p) => p.nodeRunId === edge.producerNodeRunId)?.name;
    return output ? { runId: edge.producerRunId, nodeId: edge.producerNodeId, output } : undefined;
  };
  const reference = side('reference');
  const current = side('current');
  return reference && current ? { reference, current } : undefined;
}

export function pipelineReportHandlers(deps: PipelineReportDeps): Pick<Handlers, 'drift.forNode'> {
  return {
    'drift.forNode': async ({ runId, nodeId }) => {
      const run = deps.store.runs.find(runId);
      if (!run) throw new ApiError('not-found', `no run ${runId}`);
      let id = deps.store.drift.forRun(runId).find((r) => r.nodeId === nodeId)?.checkId;
      if (!id) {
        // Removed from the history since: the artifact is still there, so index it again.
        const specFile = deps.store.pipelines.find(run.pipelineId)?.filePath ?? null;
        for (const o of deps.store.outputs.forNode(runId, nodeId)) {
          if (o.kind !== 'artifact' || deps.store.artifacts.find(o.digest)?.type !== 'metrics') continue;
          try {
            id = store(deps, { runId, nodeId, specFile, digest: o.digest, output: o.name }).id;
            break;
          } catch { /* another metrics output, not a drift report */ }
        }
      }
      const row = id ? deps.store.drift.find(id) : undefined;
      if (!row) throw new ApiError('not-found', `node '${nodeId}' of run ${runId} wrote no drift report`);
      return { id: row.id, summary: toSummary(row), report: JSON.parse(row.reportJson) as DriftReportData };
    },
  };
}
