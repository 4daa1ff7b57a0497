import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanNode } from '../../shared/compiler/plan.js';
import { containerSpec, ContainerSpecError, resourceLimits, type ContainerSettings } from './docker.container.js';
import type { ExecRequest } from './executor.js';
import { planNode } from './testing/docker-fixtures.js';

const settings: ContainerSettings = { image: 'img:1', networkMode: 'none', labelPrefix: 'pipewright', init: true };
const dirs: string[] = [];
const dir = () => { const d = mkdtempSync(join(tmpdir(), 'pw-spec-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function request(node: PlanNode, over: Partial<ExecRequest> = {}): ExecRequest {
  const workDir = dir();
  return {
    runId: 'r1', node, attempt: 1, inputPaths: {}, hostDirs: {}, runtimeParams: {}, outputDir: dir(), workDir, env: {},
    metricsFile: join(workDir, 'metrics.jsonl'), flagsFile: join(workDir, 'flags.jsonl'), signal: new AbortController().signal, onLog: () => undefined, ...over,
  };
}

describe('docker container spec', () => {
  it('renders placeholders to the in-container paths and splits program from arguments', () => {
    const table = join(dir(), 't.csv');
    writeFileSync(table, '');
    const node = planNode('n', ['python3', '-m', 'x', '--in', '{{inputs.table}}', '--out', '{{outputs.model}}', '--k', '{{inputs.k}}'], {
      inputs: [
        { name: 'table', type: 'dataset', source: { kind: 'artifact', node: 'up', output: 'o' } },
        { name: 'k', type: 'integer', source: { kind: 'parameter', node: 'up', output: 'k' } },
      ],
      outputs: [{ name: 'model', type: 'model' }],
    });
    const spec = containerSpec(request(node, { inputPaths: { table }, runtimeParams: { k: '3' } }), settings);
    expect(spec.Entrypoint).toEqual(['python3']);
    expect(spec.Cmd).toEqual(['-m', 'x', '--in', '/pipewright/inputs/table', '--out', '/pipewright/outputs/model', '--k', '3']);
    expect(spec.HostConfig!.Mounts!.find((m) => m.Target === '/pipewright/inputs/table')).toMatchObject({ Source: table, ReadOnly: true });
  });

  it('runs in the work dir, or the node\'s working dir resolved against it', () => {
    expect(containerSpec(request(planNode('a', ['true'])), settings).WorkingDir).toBe('/pipewright/work');
    expect(containerSpec(request(planNode('b', ['true'], { workingDir: 'sub/dir' })), settings).WorkingDir).toBe('/pipewright/work/sub/dir');
    expect(containerSpec(request(planNode('c', ['true'], { workingDir: '/app' })), settings).WorkingDir).toBe('/app');
  });

  it('gives a non-root user a writable HOME unless the node sets one, and leaves root alone', () => {
    const env = (user: string | undefined, nodeEnv: Record<string, string> = {}) =>
      containerSpec(request(planNode('u', ['true']), { env: nodeEnv }), { ...settings, ...(user ? { user } : {}) }).Env!.filter((e) => e.startsWith('HOME='));
    expect(env('1000:1000')).toEqual(['HOME=/tmp']);
    expect(env('1000:1000', { HOME: '/home/me' })).toEqual(['HOME=/home/me']);
    expect(env('0:0')).toEqual([]);
    expect(env(undefined)).toEqual([]);
  });

  it('turns resources into Docker limits and refuses what Docker would', () => {
    expect(resourceLimits(planNode('r', ['true'], { resources: { cpu: 2, memory: '1Gi', shm: '2Gi', gpu: 2 } }))).toEqual({
      NanoCpus: 2e9, Memory: 2 ** 30, MemorySwap: 2 ** 30, ShmSize: 2 * 2 ** 30,
      DeviceRequests: [{ Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] }],
    });
    expect(() => resourceLimits(planNode('tiny', ['true'], { resources: { memory: '1Mi' } })))
      .toThrow(new ContainerSpecError("node 'tiny': resources.memory '1Mi' is below the 6Mi Docker needs"));
  });
});
