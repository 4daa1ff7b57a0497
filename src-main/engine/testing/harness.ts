/** Test harness for the engine: a real store and artifact store in a temp dir, and inline nodes run by Node itself. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compilePlan } from '../../../shared/compiler/plan.js';
import type { RunEvent } from '../../../shared/contract/events.js';
import { libraryOf, type Pipeline, type PipelineNode } from '../../../shared/spec/schema.js';
import { ProcessExecutor } from '../../executors/process.executor.js';
import { Store } from '../../store/index.js';
import { ArtifactStore } from '../artifact-store.js';
import { Engine, type RunRequest } from '../engine.js';

/** An inline node whose program is this Node binary running `script` (argv after it: the rendered args). */
export function jsNode(id: string, script: string, args: string[] = [], extra: Partial<PipelineNode> = {}): PipelineNode {
  return { id, kind: 'custom', container: { command: [process.execPath, '-e', script, ...args] }, ...extra };
}

/** Writes the text of argv[2] (or 'x') to argv[1]. */
export const WRITE = 'require("fs").writeFileSync(process.argv[1], process.argv[2] ?? "x")';

export function pipeline(nodes: PipelineNode[], params: Pipeline['params'] = {}): Pipeline {
  return { apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'test' }, params, nodes };
}

export function harness(opts: { parallelism?: number; env?: NodeJS.ProcessEnv } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-engine-'));
  const store = Store.open(join(dir, 'db', 'pipewright.db'));
  const artifacts = new ArtifactStore(join(dir, 'artifacts'));
  const engine = new Engine({
    store, artifacts, executors: { process: new ProcessExecutor({ killGraceSeconds: 1 }) },
    parallelism: opts.parallelism ?? 2, cancelPollMs: 100, ...(opts.env ? { env: opts.env } : {}),
  });
  const events: RunEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const run = (spec: Pipeline, req: Partial<RunRequest> = {}) => {
    const plan = compilePlan(spec, libraryOf([]), (req.params as Record<string, unknown>) ?? {});
    return engine.start({ plan, specText: stringify(spec), executor: 'process', specFile: join(dir, 'spec.yaml'), ...req });
  };
  const nodeStatus = (runId: string) => Object.fromEntries(
    store.nodeRuns.listByRun(runId, { latestOnly: true }).map((n) => [n.nodeId, n.status]));
  return { dir, store, artifacts, engine, events, run, nodeStatus, cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}
