import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DockerExecutor } from './docker.executor.js';
import { ensureImage, localDocker, planNode, requireDaemon, runNode, RUNTIME, Scratch } from './testing/docker-fixtures.js';

// The first build (debootstrap + the scientific stack) takes minutes; CI builds the image beforehand.
const BUILD_TIMEOUT_MS = 15 * 60_000;

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
});
