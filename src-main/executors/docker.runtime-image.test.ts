import { execFile } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../shared/compiler/plan.js';
import { DockerExecutor } from './docker.executor.js';
import { ensureImage, localDocker, planNode, requireDaemon, runNode, RUNTIME, Scratch } from './testing/docker-fixtures.js';

// The first build (debootstrap + the scientific stack) takes minutes; CI builds the image beforehand.
const BUILD_TIMEOUT_MS = 15 * 60_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const demo = (file: string): string => join(root, 'resources', 'demo', file);
const artifact = (name: string): PlanInput => ({ name, type: 'file', source: { kind: 'artifact', node: 'up', output: name } });

/** The host CLI (bin/pipewright.mjs through tsx): stdout and exit code, also when it is not 0. */
async function hostCli(args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'pipewright.mjs'), ...args], { cwd: root });
    return { stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; code?: unknown };
    if (typeof err.code !== 'number') throw e;
    return { stdout: err.stdout ?? '', code: err.code };
  }
}

/** The fields of `drift --json` that are the comparison itself (not file paths, which differ in a container). */
function driftVerdict(json: string) {
  const { datasetDrift, driftShare, driftedColumns, driftShareThreshold, columns } = JSON.parse(json);
  return { datasetDrift, driftShare, driftedColumns, driftShareThreshold, columns };
}

describe('pipewright/runtime:1 image @docker', () => {
  const docker = localDocker();
  const executor = new DockerExecutor(docker);
  const scratch = new Scratch();

  // Every test fails (none is skipped) with the reason when there is no engine: CI must notice.
  let ready: Promise<void>;
  beforeAll(async () => {
    ready = requireDaemon(docker).then(() => ensureImage(docker, RUNTIME));
    await ready.catch(() => undefined);
  }, BUILD_TIMEOUT_MS);
  beforeEach(async () => { await ready; });
  afterEach(() => scratch.cleanup());

  it('has python3 with pandas, scikit-learn and scipy', async () => {
    const { result, stdout, stderr } = await runNode(executor, scratch,
      planNode('stack', ['python3', '-c', 'import pandas, sklearn, scipy, numpy; print("ok")'], { image: RUNTIME }));
    expect(stderr).toBe('');
    expect(result).toMatchObject({ exitCode: 0 });
    expect(stdout).toBe('ok\n');
  }, 60_000);

  it('has our component code on PYTHONPATH and runs it as another user, writing outputs', async () => {
    const exec = new DockerExecutor(docker, { user: '4321:4321' });
    const outputDir = scratch.dir();
    const script = 'import sys, pipewright_components, pandas; pandas.DataFrame({"a": [1, 2]}).to_csv(sys.argv[1], index=False); '
      + 'print(pipewright_components.__file__)';
    const node = planNode('components', ['python3', '-c', script, '{{outputs.table}}'],
      { image: RUNTIME, outputs: [{ name: 'table', type: 'dataset' }] });
    chmodSync(outputDir, 0o777);
    const { result, stdout, stderr } = await runNode(exec, scratch, node, { outputDir });
    expect(stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('/opt/pipewright/python/pipewright_components/__init__.py\n');
    expect(readFileSync(join(outputDir, 'table'), 'utf8')).toBe('a\n1\n2\n');
  }, 60_000);

  // The `pipewright` command in the image (scripts/bundle-cli.mjs): the same drift engine as on the host.
  describe('pipewright CLI', () => {
    // Rebuilt first when the CLI source changed (the script re-bundles and compares digests; ≈1 s when not),
    // so the image is compared with the code under test, not with whatever an earlier build baked in.
    let fresh: Promise<void>;
    beforeAll(async () => {
      fresh = ready.then(async () => {
        await promisify(execFile)('bash', [join(root, 'scripts', 'build-images.sh'), '--only', 'runtime'], { cwd: root });
      });
      await fresh.catch(() => undefined);
    }, BUILD_TIMEOUT_MS);
    beforeEach(async () => { await fresh; });

    it('is on PATH and prints the same version as the host CLI', async () => {
      const [{ result, stdout, stderr }, host] = await Promise.all([
        runNode(executor, scratch, planNode('version', ['pipewright', '--version'], { image: RUNTIME })),
        hostCli(['--version']),
      ]);
      expect(stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(stdout).toMatch(/^pipewright \d+\.\d+\.\d+\n$/);
      expect(stdout).toBe(host.stdout);
    }, 60_000);

    it('compares the demo data exactly as the host CLI does', async () => {
      const node = planNode('drift', ['pipewright', 'drift', '{{inputs.reference}}', '{{inputs.current}}', '--json'],
        { image: RUNTIME, inputs: [artifact('reference'), artifact('current')] });
      const [inImage, host] = await Promise.all([
        runNode(executor, scratch, node, { inputPaths: { reference: demo('churn.csv'), current: demo('churn_current.csv') } }),
        hostCli(['drift', demo('churn.csv'), demo('churn_current.csv'), '--json']),
      ]);
      expect(inImage.stderr).toBe('');
      expect(inImage.result.exitCode).toBe(host.code);
      const expected = driftVerdict(host.stdout);
      // Guards against comparing two empty answers: the demo's current data drifts in a few columns.
      expect(expected.columns.length).toBeGreaterThan(3);
      expect(expected.driftedColumns).toBeGreaterThan(0);
      expect(driftVerdict(inImage.stdout)).toEqual(expected);
    }, 120_000);

    it('runs the drift worker thread from the bundle (worker.js beside pipewright.mjs, DuckDB loaded)', async () => {
      // Small inputs run on the calling thread, so the drift test above may never start a worker: load one directly.
      const script = `const { Worker } = require('node:worker_threads');
const w = new Worker('/opt/pipewright/cli/worker.js');
w.on('error', (e) => { console.error(String(e)); process.exit(1); });
w.on('message', (m) => {
  if (m.type === 'ready') w.postMessage({ id: 1, task: { kind: 'load', request: { path: process.argv[1], format: 'csv', columns: ['tenure'] } } });
  else if (m.type === 'done') { console.log(m.value.rows, m.value.columns.length); void w.terminate(); }
  else if (m.type === 'error') { console.error(JSON.stringify(m.error)); process.exit(1); }
});`;
      const node = planNode('worker', ['/opt/pipewright/node/bin/node', '-e', script, '{{inputs.reference}}'],
        { image: RUNTIME, inputs: [artifact('reference')] });
      const { result, stdout, stderr } = await runNode(executor, scratch, node, { inputPaths: { reference: demo('churn.csv') } });
      expect(stderr).toBe('');
      expect(result.exitCode).toBe(0);
      const rows = readFileSync(demo('churn.csv'), 'utf8').trimEnd().split('\n').length - 1;
      expect(stdout).toBe(`${rows} 1\n`);
    }, 60_000);

    it('offers only the commands that need no run store; `run` gets the unknown-command message', async () => {
      const { result, stdout, stderr } = await runNode(executor, scratch, planNode('run', ['pipewright', 'run', 'x.yaml'], { image: RUNTIME }));
      expect(stdout).toBe('');
      expect(result.exitCode).toBe(2);
      expect(stderr).toMatch(/^pipewright: unknown command 'run'\./);
      const listed = [...stderr.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
      expect(listed).toEqual(['validate', 'compile', 'export', 'import', 'schema', 'drift']);
    }, 60_000);
  });
});
