/**
 * Composition root of the app: the handlers of every API method, over the back-end services. Both shells
 * (Electron IPC, browser-mode HTTP) serve exactly these; `satisfies Handlers` makes a missing one a
 * compile error.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parse } from 'yaml';
import { ApiError, type Handlers, type Req } from '../shared/contract/api.js';
import { compilePlan, CompileError } from '../shared/compiler/plan.js';
import { hasErrors } from '../shared/spec/issues.js';
import { validateSpec } from '../shared/spec/validate.js';
import type { Backend } from './backend.js';
import { driftHandlers } from './drift-app/handlers.js';
import { pipelineReportHandlers } from './drift-app/pipeline-reports.js';
import { FilesService } from './files/files.service.js';
import { resourcesDir } from './library/library.js';

export interface AppOptions {
  backend: Backend;
  workspace: string;
  shell: 'electron' | 'browser';
  version: string;
  /** A pipeline file the UI opens at start. */
  openOnStart?: string;
  /** The desktop shell's native open dialog (absent in browser mode); resolves to the picked path. */
  openFileDialog?: (opts: Req<'dialog.openFile'>) => Promise<string | undefined>;
}

export interface App {
  handlers: Handlers;
  files: FilesService;
}

function examples(): { name: string; title: string; description: string; path: string; nodes: number }[] {
  const dir = join(resourcesDir(), 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
    const path = join(dir, f);
    return { name: f.replace(/\.yaml$/, ''), path, title: f, description: '', nodes: 0 };
  });
}

const NO_FLAGS = { warning: 0, critical: 0 };

export function createApp({ backend, workspace, shell, version, openOnStart, openFileDialog }: AppOptions): App {
  // Reads: the workspace, the shipped examples and the demo data (the Drift view compares its CSVs).
  const files = new FilesService(workspace, backend.dataDir, [join(resourcesDir(), 'examples'), join(resourcesDir(), 'demo')]);
  const { store, engine, library } = backend;

  const handlers = {
    'app.info': async () => ({
      version, dataDir: backend.dataDir, workspace, shell, pathSeparator: sep, ...(openOnStart ? { openOnStart } : {}),
      executors: Object.keys(backend.executors) as ('process' | 'docker' | 'kubernetes')[],
    }),
    'library.list': async () => ({ components: library.all(), issues: backend.libraryIssues }),
    'examples.list': async () => ({
      examples: await Promise.all(examples().map(async (e) => {
        const doc = parse(await readFile(e.path, 'utf8')) as { metadata?: { name?: string; description?: string }; nodes?: unknown[] };
        return { ...e, title: doc.metadata?.name ?? e.name, description: doc.metadata?.description ?? '', nodes: doc.nodes?.length ?? 0 };
      })),
    }),
    'files.open': ({ path }) => files.open(path),
    'files.save': ({ path, text, expectModifiedAt }) => files.save(path, text, expectModifiedAt),
    'files.list': async () => ({ ...files.list(), recent: await files.recent() }),
    'files.autosave': ({ text, path }) => files.autosave(text, path),
    'files.recovery': async () => ({ recovery: await files.recovery() }),
    'files.discardRecovery': async () => { await files.discardRecovery(); return {}; },
    'dialog.openFile': async (req) => {
      if (!openFileDialog) throw new ApiError('failed', 'native file dialogs exist only in the desktop app; type the path instead');
      const path = await openFileDialog(req);
      // The user chose this file themselves: let the other methods read it, as after File > Open.
      if (path) files.allow(path);
      return { path: path ?? null };
    },
    'runs.start': async (req) => {
      const specFile = req.specFile ? files.resolvePath(req.specFile, false) : undefined;
      const { spec, issues } = validateSpec(req.specText, { ...(specFile ? { file: specFile } : {}), library });
      if (!spec || hasErrors(issues)) {
        const first = issues.find((i) => i.severity === 'error');
        throw new ApiError('invalid-spec', `the pipeline has ${issues.filter((i) => i.severity === 'error').length} problem(s); first: ${first?.message ?? 'invalid'}`);
      }
      let plan;
      try {
        plan = compilePlan(spec, library, req.params ?? {});
      } catch (e) {
        if (e instanceof CompileError) throw new ApiError('invalid-spec', e.message);
        throw e;
      }
      if (req.gpu === false) for (const n of plan.nodes) if (n.resources.gpu) n.resources = { ...n.resources, gpu: 0 };
      const { runId } = engine.start({
        plan, specText: req.specText, executor: req.executor, ...(specFile ? { specFile } : {}),
        ...(req.params ? { params: req.params } : {}), ...(req.noCache ? { noCache: true } : {}), ...(req.fromNode ? { fromNode: req.fromNode } : {}),
      });
      return { runId };
    },
    'runs.cancel': async ({ runId }) => ({ cancelled: engine.cancel(runId) }),
    'runs.list': async ({ specFile, limit }) => {
      const pipelineId = specFile ? store.pipelines.list().find((p) => p.filePath === files.resolvePath(specFile, false))?.id : undefined;
      if (specFile && !pipelineId) return { runs: [] };
      const runs = store.runs.list({ ...(pipelineId ? { pipelineId } : {}), limit: limit ?? 50 });
      const flags = store.flags.countsFor(runs.map((r) => r.id));
      return { runs: runs.map((r) => ({ ...r, flags: flags.get(r.id) ?? NO_FLAGS })) };
    },
    'runs.get': async ({ runId }) => {
      const found = store.runs.find(runId);
      if (!found) throw new ApiError('not-found', `no run ${runId}`);
      const nodes = store.nodeRuns.listByRun(runId);
      const nodeCounts: Record<string, number> = {};
      for (const n of store.nodeRuns.listByRun(runId, { latestOnly: true })) nodeCounts[n.status] = (nodeCounts[n.status] ?? 0) + 1;
      const flags = store.flags.forRun(runId);
      const run = {
        ...found, pipelineName: store.pipelines.find(found.pipelineId)?.name ?? '', nodeCounts,
        flags: {
          warning: flags.filter((f) => f.level === 'warning').length, critical: flags.filter((f) => f.level === 'critical').length,
        },
      };
      const params = Object.fromEntries(store.params.get(runId).map((p) => [p.name, p.value]));
      return {
        run, nodes, params, specYaml: store.pipelines.getSpec(found.specHash) ?? '',
        flags: flags.map((f) => ({ nodeId: f.nodeId, level: f.level, message: f.message, time: f.createdAt })),
        driftReports: store.drift.forRun(runId),
      };
    },
    'runs.logs': async ({ runId, nodeId, afterSeq, search }) => ({
      chunks: search
        ? store.logs.searchLogs(runId, search, { nodeId })
        : store.logs.readLogs(runId, nodeId, { ...(afterSeq !== undefined ? { afterSeq } : {}) }),
    }),
    'runs.metrics': async ({ runId }) => ({ series: store.metrics.listByRun(runId) }),
    ...driftHandlers({ store, artifacts: backend.artifacts, files, demoDir: join(resourcesDir(), 'demo') }),
    ...pipelineReportHandlers({ store, artifacts: backend.artifacts }),
  } satisfies Handlers;

  return { handlers, files };
}
