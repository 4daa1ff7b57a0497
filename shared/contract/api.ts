/**
 * The one API between the UI and the back end. Every method is declared here once, with zod schemas for
 * its input and output; the Electron IPC shell and the browser-mode HTTP shell both carry exactly this,
 * and `dispatch` validates every input before a handler sees it.
 */
import { z } from 'zod';
import { Component } from '../spec/schema.js';
import { driftApi } from './drift.js';

const Issue = z.object({
  severity: z.enum(['error', 'warning']), code: z.string(), message: z.string(),
  file: z.string().optional(), line: z.number().optional(), column: z.number().optional(),
  nodeId: z.string().optional(), path: z.array(z.union([z.string(), z.number()])),
});
const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
const NodeStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'skipped', 'cached', 'cancelled']);
const FilePath = z.string().min(1).max(4096);

const RunSummary = z.object({
  id: z.string(), pipelineName: z.string(), status: RunStatus, executor: z.string(),
  createdAt: z.number(), startedAt: z.number().nullable(), finishedAt: z.number().nullable(),
  error: z.string().nullable(), nodeCounts: z.record(z.string(), z.number()),
  /** How many warnings nodes raised about the run (e.g. dataset drift), by level. */
  flags: z.object({ warning: z.number(), critical: z.number() }),
});
const RunFlag = z.object({ nodeId: z.string(), level: z.enum(['warning', 'critical']), message: z.string(), time: z.number() });
const NodeRun = z.object({
  nodeId: z.string(), attempt: z.number(), status: NodeStatus, exitCode: z.number().nullable(),
  error: z.string().nullable(), reason: z.string().nullable(), startedAt: z.number().nullable(), finishedAt: z.number().nullable(),
});
const LogChunk = z.object({ nodeId: z.string(), stream: z.enum(['stdout', 'stderr']), seq: z.number(), text: z.string(), time: z.number() });
const MetricSeries = z.object({
  nodeId: z.string().nullable(), name: z.string(),
  points: z.array(z.object({ step: z.number().nullable(), value: z.number(), time: z.number() })),
});

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

export const api = {
  /** Version, data folder, workspace and which executors this back end offers. */
  'app.info': method(z.object({}), z.object({
    version: z.string(), dataDir: z.string(), workspace: z.string(), shell: z.enum(['electron', 'browser']),
    executors: z.array(z.enum(['process', 'docker', 'kubernetes'])), pathSeparator: z.string(),
    /** A pipeline file to open at start (`npm start` opens the example). */
    openOnStart: z.string().optional(),
  }), 'Facts about this back end the UI shows and adapts to.'),

  /** The component library the palette and the inspector are built from. */
  'library.list': method(z.object({}), z.object({ components: z.array(Component), issues: z.array(Issue) }),
    'Every component of the library, all versions.'),

  /** The example pipelines shown in the first-start gallery. */
  'examples.list': method(z.object({}), z.object({
    examples: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), path: FilePath, nodes: z.number() })),
  }), 'Example pipelines shipped with the app.'),

  /** Reads a spec file (YAML text) from disk. */
  'files.open': method(z.object({ path: FilePath }), z.object({ path: z.string(), text: z.string(), modifiedAt: z.number() }),
    'Opens a pipeline file; relative paths resolve against the workspace.'),

  /** Writes a spec file atomically; refuses to overwrite a file changed on disk since `expectModifiedAt`. */
  'files.save': method(
    z.object({ path: FilePath, text: z.string().max(20 * 1024 * 1024), expectModifiedAt: z.number().optional() }),
    z.object({ path: z.string(), modifiedAt: z.number() }),
    'Saves a pipeline file (write to a temp file, then rename).'),

  /** Lists the workspace's pipeline files and the recently opened ones. */
  'files.list': method(z.object({}), z.object({
    workspace: z.string(), files: z.array(z.object({ path: z.string(), modifiedAt: z.number() })), recent: z.array(z.string()),
  }), 'Pipeline files in the workspace, and recent files.'),

  /** Keeps unsaved work in a recovery file, so a crash or closed tab loses nothing. */
  'files.autosave': method(z.object({ path: z.string().optional(), text: z.string().max(20 * 1024 * 1024) }), z.object({ savedAt: z.number() }),
    'Stores the unsaved document for recovery.'),

  /** The recovery copy of unsaved work, if any. */
  'files.recovery': method(z.object({}), z.object({ recovery: z.object({ path: z.string().optional(), text: z.string(), savedAt: z.number() }).nullable() }),
    'Returns the last autosaved document, or null.'),

  /** Discards the recovery copy (after the user saved, or chose not to recover). */
  'files.discardRecovery': method(z.object({}), z.object({}), 'Deletes the recovery file.'),

  /**
   * Desktop app only: the native "open file" dialog. The picked file is allowed for reading (as a file
   * picked from the File menu is), so it can be passed to other methods; `null` when cancelled. In
   * browser mode it fails ('failed'): a browser cannot hand over a host path.
   */
  'dialog.openFile': method(z.object({
    title: z.string().max(200).optional(),
    filters: z.array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,10}$/)).max(20) })).max(10).optional(),
  }), z.object({ path: z.string().nullable() }), 'Lets the user pick a file in a native dialog (desktop app).'),

  /** Starts a run of the given spec text; progress arrives as run events. */
  'runs.start': method(z.object({
    specText: z.string().max(20 * 1024 * 1024), specFile: FilePath.optional(), executor: z.enum(['process', 'docker']),
    params: z.record(z.string(), z.unknown()).optional(), noCache: z.boolean().optional(), fromNode: z.string().optional(),
    gpu: z.boolean().optional(),
  }), z.object({ runId: z.string() }), 'Validates, compiles and starts a run.'),

  /** Cancels a run. */
  'runs.cancel': method(z.object({ runId: z.string() }), z.object({ cancelled: z.boolean() }), 'Cancels a running run.'),

  /** Past runs, newest first, optionally of one pipeline file. */
  'runs.list': method(z.object({ specFile: FilePath.optional(), limit: z.number().int().positive().max(1000).optional() }),
    z.object({ runs: z.array(RunSummary) }), 'Lists runs.'),

  /** One run: its nodes (every attempt), params and the spec it ran (the DAG snapshot). */
  'runs.get': method(z.object({ runId: z.string() }), z.object({
    run: RunSummary, nodes: z.array(NodeRun), params: z.record(z.string(), z.unknown()), specYaml: z.string(),
    flags: z.array(RunFlag),
    /** Nodes that wrote a drift report, with the stored check to open (drift.get). */
    driftReports: z.array(z.object({ nodeId: z.string(), checkId: z.string() })),
  }), 'Details of one run.'),

  /** Log chunks of a node after a sequence number (follow by polling or by logAppended events). */
  'runs.logs': method(z.object({ runId: z.string(), nodeId: z.string(), afterSeq: z.number().int().optional(), search: z.string().max(200).optional() }),
    z.object({ chunks: z.array(LogChunk) }), "Reads or searches a node's logs."),

  /** Every metric series of a run. */
  'runs.metrics': method(z.object({ runId: z.string() }), z.object({ series: z.array(MetricSeries) }), 'Metrics of a run.'),

  /** The Drift view: drift.run, drift.history, drift.get, drift.exportHtml, drift.exportJson, drift.sources (see drift.ts). */
  ...driftApi,
} as const;

export type Api = typeof api;
export type Method = keyof Api;
export type Req<M extends Method> = z.input<Api[M]['input']>;
export type Res<M extends Method> = z.output<Api[M]['output']>;

/** What every handler map must satisfy: a missing or mistyped handler fails to compile. */
export type Handlers = { [M in Method]: (input: z.output<Api[M]['input']>) => Promise<Res<M>> };

export type ErrorCode = 'unknown-method' | 'bad-input' | 'not-found' | 'conflict' | 'invalid-spec' | 'failed';

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** An error a handler throws on purpose; its code and message reach the UI as they are. */
export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string) { super(message); }
}

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name);
}
