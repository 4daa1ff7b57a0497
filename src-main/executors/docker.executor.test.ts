import { createServer, type Server } from 'node:net';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../shared/compiler/plan.js';
import { DockerExecutor } from './docker.executor.js';
import type { ExecRequest } from './executor.js';
import {
  BUSYBOX, containersOf, ensureImage, localDocker, newRunId, planNode, requireDaemon, runNode, Scratch,
} from './testing/docker-fixtures.js';

const artifact = (name: string): PlanInput => ({ name, type: 'file', source: { kind: 'artifact', node: 'up', output: name } });

describe('DockerExecutor on the real engine @docker', () => {
  const docker = localDocker();
  const executor = new DockerExecutor(docker);
  const scratch = new Scratch();

  // Every test fails (none is skipped) with the reason when there is no engine: CI must notice.
  let ready: Promise<void>;
  beforeAll(async () => {
    ready = requireDaemon(docker).then(() => ensureImage(docker, BUSYBOX));
    await ready.catch(() => undefined);
  }, 120_000);
  beforeEach(async () => { await ready; });
  afterEach(() => scratch.cleanup());

  /** Runs `node` until its first log line, hands its inspected container to `look`, then cancels it. */
  async function whileRunning(node: ReturnType<typeof planNode>, look: (c: Docker.ContainerInspectInfo, runId: string) => Promise<void>,
    exec = executor, over: Partial<ExecRequest> = {}) {
    const abort = new AbortController();
    const runId = newRunId();
    let seen!: () => void;
    const up = new Promise<void>((r) => { seen = r; });
    let finished = false;
    const run = runNode(exec, scratch, node, { ...over, runId, signal: abort.signal, onLog: () => seen() }).finally(() => { finished = true; });
    await Promise.race([up, run]);
    expect(finished).toBe(false);
    const [info] = await containersOf(docker, runId);
    try {
      await look(await docker.getContainer(info!.Id).inspect(), runId);
    } finally {
      abort.abort();
      await run;
    }
  }

  it('passes argv to the program unchanged, with no shell in between', async () => {
    const args = ['$(id)', '; rm -rf /', '`whoami`', 'a b', '*', '"quoted" \'too\'', '$HOME', '', '--flag=x;y|z&', '\\n'];
    const { result, stdout } = await runNode(executor, scratch, planNode('argv', ['printf', '[%s]\\n', ...args]));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(result.error).toBeUndefined();
    expect(stdout).toBe(args.map((a) => `[${a}]\n`).join(''));
  });

  it('records the image ID the node ran in', async () => {
    const { result } = await runNode(executor, scratch, planNode('image-id', ['true']));
    expect(result.imageId).toBe((await docker.getImage(BUSYBOX).inspect()).Id);
  });

  it('runs a node that names no image in the default image', async () => {
    const exec = new DockerExecutor(docker, { defaultImage: BUSYBOX });
    const node = planNode('no-image', ['echo', 'ok'], { image: undefined });
    expect(await exec.preflight([node])).toEqual([]);
    const { result, stdout } = await runNode(exec, scratch, node);
    expect([result.exitCode, stdout]).toEqual([0, 'ok\n']);
  });

  it('mounts inputs read-only at /pipewright/inputs/<name>', async () => {
    const dir = scratch.dir();
    writeFileSync(join(dir, 'table.csv'), 'a,b\n1,2\n');
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'weights'), 'w');
    const node = planNode('read-only', ['sh', '-c', 'cat "$1"; ls "$2"; echo x >> "$1"; touch "$2/new"; exit 0', 'sh',
      '{{inputs.table}}', '{{inputs.model}}'], { inputs: [artifact('table'), artifact('model')] });
    const { result, stdout, stderr } = await runNode(executor, scratch, node,
      { inputPaths: { table: join(dir, 'table.csv'), model: join(dir, 'model') } });
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('a,b\n1,2\nweights\n');
    expect(stderr.match(/Read-only file system/g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'table.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('mounts a writable host folder (format: dir) and renders its in-container path', async () => {
    const registry = scratch.dir();
    const node = planNode('registry', ['sh', '-c', 'echo v1 > "$1/entry"; echo "$1"', 'sh', '{{inputs.registry}}'],
      { inputs: [{ name: 'registry', type: 'string', format: 'dir', source: { kind: 'value', value: registry } }] });
    const { result, stdout } = await runNode(executor, scratch, node, { hostDirs: { registry } });
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('/pipewright/dirs/registry\n');
    expect(readFileSync(join(registry, 'entry'), 'utf8')).toBe('v1\n');
  });

  it('says which input is missing on the host instead of letting Docker create a folder', async () => {
    const node = planNode('no-input', ['cat', '{{inputs.table}}'], { inputs: [artifact('table')] });
    const { result } = await runNode(executor, scratch, node, { inputPaths: { table: '/nonexistent/table.csv' } });
    expect(result.error).toBe("node 'no-input': input 'table' is missing on the host (/nonexistent/table.csv)");
  });

  it('writes outputs to the host output folder, owned by the host user', async () => {
    const node = planNode('writer', ['sh', '-c', 'echo hello > "$1"; mkdir "$2"; echo part > "$2/part-0"', 'sh',
      '{{outputs.greeting}}', '{{outputs.parts}}'], { outputs: [{ name: 'greeting', type: 'file' }, { name: 'parts', type: 'dataset' }] });
    const { result, req } = await runNode(executor, scratch, node);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(req.outputDir, 'greeting'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(req.outputDir, 'parts', 'part-0'), 'utf8')).toBe('part\n');
    expect(statSync(join(req.outputDir, 'greeting')).uid).toBe(process.getuid!());
  });

  it('runs as an explicit uid:gid, so output files belong to that user', async () => {
    const exec = new DockerExecutor(docker, { user: '4321:4321' });
    const outputDir = scratch.dir();
    chmodSync(outputDir, 0o777);
    const node = planNode('as-user', ['sh', '-c', 'id -u; echo "$HOME"; echo x > "$1"', 'sh', '{{outputs.o}}'], { outputs: [{ name: 'o', type: 'file' }] });
    const { result, stdout } = await runNode(exec, scratch, node, { outputDir });
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('4321\n/tmp\n');
    expect(statSync(join(outputDir, 'o'))).toMatchObject({ uid: 4321, gid: 4321 });
  });

  it('passes the node env and the contract env, and nothing of the host env', async () => {
    process.env.PW_HOST_ONLY = 'must-not-leak';
    const node = planNode('env', ['sh', '-c', 'env | sort; echo \'{"m":1}\' >> "$PIPEWRIGHT_METRICS"']);
    const { result, stdout, req } = await runNode(executor, scratch, node, { env: { GREETING: 'hello world', EMPTY: '' }, attempt: 2 });
    delete process.env.PW_HOST_ONLY;
    expect(result.exitCode).toBe(0);
    const env = Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env).toMatchObject({
      GREETING: 'hello world', EMPTY: '', PIPEWRIGHT_RUN_ID: req.runId, PIPEWRIGHT_NODE_ID: 'env', PIPEWRIGHT_ATTEMPT: '2',
      PIPEWRIGHT_OUTPUT_DIR: '/pipewright/outputs', PIPEWRIGHT_METRICS: '/pipewright/work/metrics.jsonl', PYTHONUNBUFFERED: '1',
    });
    expect(env.PW_HOST_ONLY).toBeUndefined();
    expect(readFileSync(req.metricsFile, 'utf8')).toBe('{"m":1}\n');
  });

  it('mounts a metrics file kept outside the work folder and points PIPEWRIGHT_METRICS at it', async () => {
    const metricsFile = join(scratch.dir(), 'node.metrics.jsonl');
    const node = planNode('metrics', ['sh', '-c', 'echo "$PIPEWRIGHT_METRICS"; echo \'{"loss":0.5}\' >> "$PIPEWRIGHT_METRICS"']);
    const { result, stdout } = await runNode(executor, scratch, node, { metricsFile });
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('/pipewright/metrics/node.metrics.jsonl\n');
    expect(readFileSync(metricsFile, 'utf8')).toBe('{"loss":0.5}\n');
  });

  it('reports a non-zero exit code', async () => {
    const { result } = await runNode(executor, scratch, planNode('fails', ['sh', '-c', 'exit 3']));
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, cancelled: false, error: "node 'fails' exited with code 3" });
  });

  it('keeps stdout and stderr apart', async () => {
    const { stdout, stderr } = await runNode(executor, scratch,
      planNode('streams', ['sh', '-c', 'echo out1; echo err1 >&2; echo out2; printf "é" >&2']));
    expect(stdout).toBe('out1\nout2\n');
    expect(stderr).toBe('err1\né');
  });

  it('names a program the image does not have', async () => {
    const { result, req } = await runNode(executor, scratch, planNode('no-program', ['no-such-program', '--x']));
    expect(result.error).toBe(`node 'no-program': program 'no-such-program' was not found in image '${BUSYBOX}'`);
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('names a program the image does not have when running without docker-init', async () => {
    const exec = new DockerExecutor(docker, { init: false });
    const { result, req } = await runNode(exec, scratch, planNode('no-program-bare', ['no-such-program']));
    expect(result.error).toBe(`node 'no-program-bare': program 'no-such-program' was not found in image '${BUSYBOX}'`);
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('says when a node ran out of its memory limit', async () => {
    const node = planNode('hungry', ['sh', '-c', 'a=$(tr "\\0" x < /dev/zero); echo survived'], { resources: { memory: '16Mi' } });
    const { result, stdout } = await runNode(executor, scratch, node);
    expect(result.exitCode).toBeNull();
    // Which of the two depends on whether the engine caught the kernel's OOM event before the exit.
    expect([
      "node 'hungry' ran out of memory (limit 16Mi) and was killed",
      "node 'hungry' was killed (SIGKILL), most likely for running out of memory (limit 16Mi)",
    ]).toContain(result.error);
    expect(stdout).toBe('');
  });

  it('never puts a secret value in a message', async () => {
    const node = planNode('secret', ['hunter2-token-value'], { env: { TOKEN: { secret: 'api', key: 'token' } } });
    const { result } = await runNode(executor, scratch, node, { env: { TOKEN: 'hunter2-token-value' } });
    expect(result.error).toBe(`node 'secret': program '***' was not found in image '${BUSYBOX}'`);
  });

  it('keeps env values out of request URLs, which the engine and proxies log', async () => {
    const client = localDocker();
    const modem = client.modem as unknown as { buildQuerystring(o: object): string };
    const queries: string[] = [];
    const build = modem.buildQuerystring.bind(modem);
    modem.buildQuerystring = (o) => { const q = build(o); queries.push(q); return q; };
    const node = planNode('secret-env', ['sh', '-c', 'test "$TOKEN" = s3cr3t-in-env'], { env: { TOKEN: { secret: 'api', key: 'token' } } });
    const { result } = await runNode(new DockerExecutor(client), scratch, node, { env: { TOKEN: 's3cr3t-in-env' } });
    expect(result.exitCode).toBe(0);
    expect(queries.some((q) => q.startsWith('name='))).toBe(true);
    expect(queries.filter((q) => q.includes('s3cr3t'))).toEqual([]);
  });

  it('stops and removes the container when the node times out', async () => {
    const { result, req, ms } = await runNode(executor, scratch, planNode('slow', ['sleep', '30']), { timeoutSeconds: 1 });
    expect(result).toMatchObject({ exitCode: null, timedOut: true, cancelled: false, error: "node 'slow' timed out after 1 s and was stopped" });
    expect(ms).toBeLessThan(8000);
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('stops and removes the container when the run is cancelled', async () => {
    const abort = new AbortController();
    const t = performance.now();
    const { result, req, stdout } = await runNode(executor, scratch, planNode('cancel-me', ['sh', '-c', 'echo started; sleep 30']),
      { signal: abort.signal, onLog: () => abort.abort() });
    expect(result).toMatchObject({ exitCode: null, timedOut: false, cancelled: true, error: "node 'cancel-me' was cancelled" });
    expect(stdout).toBe(''); // onLog was replaced by the one that cancels
    expect(performance.now() - t).toBeLessThan(8000);
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('does not start anything when cancelled before it runs', async () => {
    const abort = new AbortController();
    abort.abort();
    const { result, req } = await runNode(executor, scratch, planNode('never', ['true']), { signal: abort.signal });
    expect(result).toMatchObject({ exitCode: null, cancelled: true });
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('says a missing image is missing, naming image, node and the build script', async () => {
    const node = planNode('needs-image', ['true'], { image: 'pipewright/not-built:0' });
    const { result } = await runNode(executor, scratch, node);
    expect(result.error).toBe("node 'needs-image': image 'pipewright/not-built:0' (its image) is not on this machine; "
      + "build Pipewright's images with `bash scripts/build-images.sh`");
    expect(await executor.preflight([node, planNode('also', ['true'], { image: 'pipewright/not-built:0' }), planNode('fine', ['true'])]))
      .toEqual(["Image 'pipewright/not-built:0' (used by nodes 'needs-image', 'also') is not on this machine; "
        + "build Pipewright's images with `bash scripts/build-images.sh`."]);
  });

  it('passes preflight when the engine answers and every image is there', async () => {
    expect(await executor.preflight([planNode('a', ['true']), planNode('b', ['true'])])).toEqual([]);
  });

  it('says within 2 s that an engine on a bogus socket is unreachable', async () => {
    const bogus = new DockerExecutor(new Docker({ socketPath: '/nonexistent/docker.sock' }));
    let t = performance.now();
    expect(await bogus.preflight([planNode('a', ['true'])])).toEqual(
      ['The Docker engine is not reachable at unix:///nonexistent/docker.sock (ENOENT); start Docker and try again.']);
    expect(performance.now() - t).toBeLessThan(2000);
    t = performance.now();
    const { result } = await runNode(bogus, scratch, planNode('lonely', ['true']));
    expect(result.error).toBe("node 'lonely': the Docker engine is not reachable at unix:///nonexistent/docker.sock (ENOENT); start Docker and try again");
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('gives up on an engine that accepts the connection but never answers after 2 s', async () => {
    const silent: Server = createServer(() => { /* accepts and says nothing */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const mute = new DockerExecutor(new Docker({ host: '127.0.0.1', port, protocol: 'http' }));
      const t = performance.now();
      expect(await mute.preflight([])).toEqual([`The Docker engine at http://127.0.0.1:${port} did not answer within 2 s; check that Docker is running.`]);
      expect(performance.now() - t).toBeLessThan(2900); // the 2 s deadline plus timer slack on a busy CI machine
    } finally {
      silent.close();
    }
  });

  it('explains a GPU request on a machine without the NVIDIA runtime, naming the node', async () => {
    const { result, req } = await runNode(executor, scratch, planNode('trainer', ['true'], { resources: { gpu: 1 } }));
    expect(result.exitCode).toBeNull();
    expect(result.error).toBe("node 'trainer' asks for 1 GPU, but this machine has no NVIDIA container runtime "
      + '(the NVIDIA Container Toolkit for Docker); run it on a machine that has one, or drop resources.gpu');
    expect(await containersOf(docker, req.runId)).toEqual([]);
  });

  it('labels the container with run, node and attempt, and runs it offline under docker-init', async () => {
    await whileRunning(planNode('labelled', ['sh', '-c', 'echo up; sleep 30']), async (c, runId) => {
      expect(c.Config.Labels).toMatchObject({ 'pipewright.run': runId, 'pipewright.node': 'labelled', 'pipewright.attempt': '3' });
      expect(c.HostConfig).toMatchObject({ NetworkMode: 'none', Init: true });
      expect(c.Config.User).toBe(`${process.getuid!()}:${process.getgid!()}`);
      expect(c.Config.Entrypoint).toEqual(['sh']);
      expect(c.Mounts.map((m) => [m.Destination, m.RW]).sort()).toEqual([['/pipewright/outputs', true], ['/pipewright/work', true]]);
    }, executor, { attempt: 3 });
  });

  it('applies cpu, memory and shm limits, and a network the node is given', async () => {
    const exec = new DockerExecutor(docker, { networkFor: (n) => (n.id === 'limited' ? 'host' : undefined) });
    const node = planNode('limited', ['sh', '-c', 'echo up; sleep 30'], { resources: { cpu: '500m', memory: '64Mi', shm: '128Mi' } });
    await whileRunning(node, async (c) => {
      expect(c.HostConfig).toMatchObject({ NanoCpus: 5e8, Memory: 64 * 2 ** 20, MemorySwap: 64 * 2 ** 20, ShmSize: 128 * 2 ** 20, NetworkMode: 'host' });
    }, exec);
  });

  it('recover() removes the leftover containers of the runs it is given, and only those', async () => {
    const dead = newRunId();
    const alive = newRunId();
    const leftover = async (runId: string, labels: Record<string, string> = {}) => {
      const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sleep', '300'], name: `pw-leftover-${runId}`,
        Labels: { 'pipewright.run': runId, 'pipewright.node': 'train', 'pipewright.attempt': '1', ...labels }, HostConfig: { NetworkMode: 'none', Init: true } });
      await c.start();
      return c;
    };
    await leftover(dead);
    const other = await leftover(alive);
    try {
      expect(await executor.recover([dead, 'some-run-with-nothing-left'])).toEqual(
        [`Removed container pw-leftover-${dead} (run ${dead}, node train, attempt 1), which was still running.`]);
      expect(await containersOf(docker, dead)).toEqual([]);
      expect(await containersOf(docker, alive)).toHaveLength(1);
      expect(await executor.recover([])).toEqual([]);
    } finally {
      await other.remove({ force: true });
    }
  });

  it('pruneOrphans() removes this instance\'s containers whose run is not live', async () => {
    const instance = `test-${process.pid}-${Date.now()}`;
    const exec = new DockerExecutor(docker, { instance });
    const [live, gone] = [newRunId(), newRunId()];
    for (const [runId, inst] of [[live, instance], [gone, instance], [gone, 'another-app']] as const) {
      await docker.createContainer({ Image: BUSYBOX, Cmd: ['true'], Labels: { 'pipewright.run': runId, 'pipewright.instance': inst } });
    }
    try {
      const done = await exec.pruneOrphans([live]);
      expect(done).toHaveLength(1);
      expect(done[0]).toMatch(new RegExp(`^Removed container .* \\(run ${gone}, `));
      expect((await containersOf(docker, live)).length).toBe(1);
      expect((await containersOf(docker, gone)).map((c) => c.Labels['pipewright.instance'])).toEqual(['another-app']);
    } finally {
      for (const runId of [live, gone]) for (const c of await containersOf(docker, runId)) await docker.getContainer(c.Id).remove({ force: true });
    }
  });

  afterAll(() => scratch.cleanup());
});
