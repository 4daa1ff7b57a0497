/**
 * The Drift view's API handlers: resolve the two datasets (files inside the allowed roots, or run
 * artifacts by run/node/output), run the drift engine off the event loop, store the check, and
 * export stored reports. Engine input errors (unknown column, unreadable file) become 'bad-input'.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ApiError, type Handlers } from '../../shared/contract/api.js';
import type { DriftReportData, DriftSource } from '../../shared/contract/drift.js';
import { DATA_FILE, dataFilesIn, DriftInputError, renderHtml, reportToJson, runDrift, type DriftOptions, type DriftReport } from '../drift/index.js';
import type { ArtifactStore } from '../engine/artifact-store.js';
import type { FilesService } from '../files/files.service.js';
import type { Store } from '../store/index.js';
import { sourcesOf } from './pipeline-reports.js';
import { summarize, toSummary } from './summary.js';

type DriftHandlers = Pick<Handlers,
  'drift.run' | 'drift.progress' | 'drift.cancel' | 'drift.history' | 'drift.get' | 'drift.exportHtml' | 'drift.exportJson' | 'drift.sources'
  | 'drift.delete'>;

interface Running { fraction: number; message: string; controller: AbortController }

export interface DriftHandlerDeps {
  store: Store;
  artifacts: ArtifactStore;
  files: FilesService;
  /** The shipped demo data (resources/demo), listed in the pickers. */
  demoDir: string;
  /** Worker threads for the engine (tests pass 0 to stay on one thread). */
  workers?: number;
}

/** A short name for a dataset in the history list. */
function labelOf(source: DriftSource, store: Store): string {
  if ('path' in source) return basename(source.path);
  const run = store.runs.find(source.runId);
  const pipeline = run ? store.pipelines.find(run.pipelineId)?.name : undefined;
  return `${pipeline ? `${pipeline} ` : ''}run ${source.runId.slice(0, 10)} · ${source.nodeId}.${source.output}`;
}

/**
 * A typed path: allowed by the files service (workspace, shipped data, or picked in a native dialog),
 * and a file that exists. Errors name the side, so the UI can show them under the right picker.
 */
function resolvePathSource(path: string, deps: DriftHandlerDeps, side: string): string {
  let abs: string;
  try {
    abs = deps.files.resolvePath(path, false);
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.code, `${side}: ${e.message}`);
    throw e;
  }
  let st;
  try { st = statSync(abs); } catch { throw new ApiError('bad-input', `${side}: ${abs}: file not found`); }
  if (st.isDirectory()) throw new ApiError('bad-input', `${side}: ${abs} is a folder, not a CSV or Parquet file`);
  return abs;
}

async function resolveSource(source: DriftSource, deps: DriftHandlerDeps, side: string): Promise<string> {
  if ('path' in source) return resolvePathSource(source.path, deps, side);
  const { runId, nodeId, output } = source;
  if (!deps.store.runs.find(runId)) throw new ApiError('not-found', `${side}: no run ${runId}`);
  const out = deps.store.outputs.forNode(runId, nodeId).find((o) => o.name === output);
  if (!out) throw new ApiError('not-found', `${side}: node '${nodeId}' of run ${runId} has no output '${output}'`);
  if (out.kind !== 'artifact') throw new ApiError('bad-input', `${side}: output '${nodeId}.${output}' is a parameter value, not a dataset`);
  const path = deps.artifacts.pathOf(out.digest);
  const art = deps.store.artifacts.find(out.digest);
  if (art?.kind === 'dir') {
    const files = await dataFilesIn(path);
    if (files.length !== 1) throw new ApiError('bad-input', `${side}: output '${nodeId}.${output}' is a folder without exactly one CSV or Parquet file`);
    return files[0]!;
  }
  return path;
}

/** Data files (CSV, TSV, Parquet) under `root`, a few folders deep, skipping hidden folders and node_modules. */
function dataFiles(root: string, maxDepth = 3): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) { if (depth < maxDepth) walk(full, depth + 1); } else if (DATA_FILE.test(e.name)) {
        try { out.push({ path: full, size: statSync(full).size }); } catch { /* vanished */ }
      }
      if (out.length >= 500) return;
    }
  };
  walk(root, 0);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function driftHandlers(deps: DriftHandlerDeps): DriftHandlers {
  const { store, files } = deps;

  /** Checks in progress by request id, for drift.progress and drift.cancel. */
  const running = new Map<string, Running>();

  const load = (id: string) => {
    const row = store.drift.find(id);
    if (!row) throw new ApiError('not-found', `no drift check ${id}`);
    return { row, report: JSON.parse(row.reportJson) as DriftReportData };
  };

  return {
    'drift.run': async (req) => {
      if (req.requestId && running.has(req.requestId)) throw new ApiError('conflict', `drift check ${req.requestId} is already running`);
      // Registered before the first await, so drift.progress and drift.cancel know the check at once.
      const state: Running = { fraction: 0, message: 'Starting', controller: new AbortController() };
      if (req.requestId) running.set(req.requestId, state);
      const options: Omit<DriftOptions, 'reference' | 'current'> = {
        useCallingThread: false, signal: state.controller.signal,
        onProgress: (fraction, message) => { state.fraction = fraction; state.message = message; },
        ...(deps.workers !== undefined ? { workers: deps.workers, useCallingThread: deps.workers === 0 } : {}),
        ...(req.methods ? { methods: req.methods } : {}),
        ...(req.thresholds ? { thresholds: req.thresholds } : {}),
        ...(req.extraMethods ? { extraMethods: req.extraMethods } : {}),
        ...(req.driftShare !== undefined ? { driftShare: req.driftShare } : {}),
        ...(req.categorical ? { categorical: req.categorical } : {}),
        ...(req.numerical ? { numerical: req.numerical } : {}),
        ...(req.text ? { text: req.text } : {}),
      };
      let raw: DriftReport;
      let pipelineFile: string | undefined;
      try {
        const reference = await resolveSource(req.reference, deps, 'reference');
        const current = await resolveSource(req.current, deps, 'current');
        pipelineFile = req.pipelineFile ? files.resolvePath(req.pipelineFile, false) : undefined;
        raw = await runDrift({ ...options, reference, current });
      } catch (e) {
        if (state.controller.signal.aborted) throw new ApiError('conflict', 'the drift check was cancelled');
        if (e instanceof DriftInputError) throw new ApiError('bad-input', e.message);
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ENOENT') throw new ApiError('bad-input', `cannot read ${err.path ?? 'the file'}: no such file`);
        throw e;
      } finally {
        if (req.requestId) running.delete(req.requestId);
      }
      // Through JSON once: no Infinity or NaN reaches the UI or the database.
      const reportJson = reportToJson(raw, 0);
      const report = JSON.parse(reportJson) as DriftReportData;
      const row = store.drift.add({
        pipelineFile: pipelineFile ?? null, referenceLabel: labelOf(req.reference, store), currentLabel: labelOf(req.current, store),
        summary: summarize(report), reportJson,
      });
      return { id: row.id, report, summary: toSummary(row) };
    },

    'drift.progress': async ({ requestId }) => {
      const r = running.get(requestId);
      return r ? { running: true, fraction: r.fraction, message: r.message } : { running: false, fraction: 1, message: '' };
    },

    'drift.cancel': async ({ requestId }) => {
      const r = running.get(requestId);
      if (!r) return { cancelled: false };
      r.controller.abort();
      return { cancelled: true };
    },

    'drift.history': async ({ pipelineFile, limit }) => ({
      checks: store.drift.list({
        ...(pipelineFile ? { pipelineFile: files.resolvePath(pipelineFile, false) } : {}), limit: limit ?? 100,
      }).map(toSummary),
    }),

    'drift.get': async ({ id }) => {
      const { row, report } = load(id);
      const sources = row.runId && row.nodeId ? sourcesOf(store, row.runId, row.nodeId) : undefined;
      return { summary: toSummary(row), report, ...(sources ? { sources } : {}) };
    },

    'drift.exportHtml': async ({ id, path }) => {
      const { report } = load(id);
      const html = renderHtml(report as DriftReport);
      if (!path) return { html };
      const target = files.resolvePath(path, true);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, html);
      return { html, path: target };
    },

    'drift.exportJson': async ({ id }) => ({ json: reportToJson(load(id).report as DriftReport) }),

    'drift.delete': async ({ id }) => ({ deleted: store.drift.delete(id) }),

    'drift.sources': async () => {
      const workspace = dataFiles(files.workspace).map((f) => ({ ...f, label: relative(files.workspace, f.path), group: 'workspace' as const }));
      const demo = dataFiles(deps.demoDir, 0).map((f) => ({ ...f, label: basename(f.path), group: 'demo' as const }));
      const artifacts = store.drift.datasetOutputs(200).map((a) => ({
        runId: a.runId, pipelineName: a.pipelineName, nodeId: a.nodeId, output: a.output, createdAt: a.createdAt, size: a.size,
      }));
      return { files: [...demo, ...workspace], artifacts };
    },
  };
}
