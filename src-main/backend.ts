/**
 * Builds the back-end services (store, artifact store, engine, executors, component library) for one data
 * folder. The CLI and both app shells use this; nothing here knows about Electron or HTTP.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ComponentLibrary } from '../shared/spec/schema.js';
import type { Issue } from '../shared/spec/issues.js';
import { indexDriftReports } from './drift-app/pipeline-reports.js';
import { ArtifactStore } from './engine/artifact-store.js';
import { Engine } from './engine/engine.js';
import type { Executor } from './executors/executor.js';
import { ProcessExecutor } from './executors/process.executor.js';
import { loadLibrary, pipewrightCommand, resourcesDir } from './library/library.js';
import { Store, type RecoveryReport } from './store/index.js';

/** The user's data folder: $PIPEWRIGHT_HOME, else the platform's usual place. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PIPEWRIGHT_HOME) return env.PIPEWRIGHT_HOME;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Pipewright');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Pipewright');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'pipewright');
}

export interface Backend {
  dataDir: string;
  store: Store;
  artifacts: ArtifactStore;
  engine: Engine;
  library: ComponentLibrary;
  libraryIssues: Issue[];
  executors: Partial<Record<Executor['name'], Executor>>;
  /** What start-up recovery found of runs a killed process left behind. */
  recovered: RecoveryReport;
  /** Processes and containers start-up recovery stopped. */
  cleanup: string[];
  close(): void;
}

export interface BackendOptions {
  dataDir?: string;
  parallelism?: number;
  /** better-sqlite3 addon built for the running runtime (Electron's ABI); default: node_modules'. */
  sqliteBinding?: string;
  /** Extra executors (docker, kubernetes) built by the caller, which owns their clients. */
  executors?: Partial<Record<Executor['name'], Executor>>;
}

export async function openBackend(opts: BackendOptions = {}): Promise<Backend> {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const store = Store.open(join(dataDir, 'pipewright.db'), opts.sqliteBinding ? { nativeBinding: opts.sqliteBinding } : {});
  const artifacts = new ArtifactStore(join(dataDir, 'artifacts'));
  const executors: Backend['executors'] = {
    process: new ProcessExecutor({ pythonPath: [join(resourcesDir(), 'python')], pipewright: pipewrightCommand() }),
    ...opts.executors,
  };
  // Runs left running by a process that died are marked interrupted; their scratch files and containers go.
  const recovered = store.recoverInterrupted();
  const orphaned = recovered.runs.map((r) => r.id);
  const cleanup: string[] = [];
  for (const ex of Object.values(executors)) {
    if (!orphaned.length || !ex?.recover) continue;
    // A daemon that is down must not stop the app from starting; say what could not be cleaned.
    try { cleanup.push(...(await ex.recover(orphaned))); } catch (e) {
      cleanup.push(`could not clean up after ${ex.name} for runs ${orphaned.join(', ')}: ${(e as Error).message}`);
    }
  }
  // Scratch of every run no live process is executing: recovered runs, and finished runs whose
  // background clean-up did not complete before their process exited.
  const live = new Set(store.runs.list({ status: 'running', limit: 10_000 }).map((r) => r.id));
  await artifacts.clearScratch(artifacts.scratchRuns().filter((id) => !live.has(id)));
  const { library, issues } = await loadLibrary();
  const engine = new Engine({
    store, artifacts, executors, onOutputs: (e) => indexDriftReports({ store, artifacts }, e),
    ...(opts.parallelism ? { parallelism: opts.parallelism } : {}),
  });
  return { dataDir, store, artifacts, engine, library, libraryIssues: issues, executors, recovered, cleanup, close: () => store.close() };
}
