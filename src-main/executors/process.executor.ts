/**
 * Runs nodes as local processes: argv arrays (never a shell), a process group per node so cancel and
 * timeout kill the whole tree, output streamed as it comes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { renderCommand, staticParameterValue } from '../../shared/compiler/render.js';
import { contractEnv, type ExecRequest, type ExecResult, type Executor } from './executor.js';

export interface ProcessExecutorOptions {
  /** Folders put first on PYTHONPATH (the component library's Python code). */
  pythonPath?: string[];
  /** Interpreter used where a node's program is `python3`/`python`; found by probing when unset. */
  python?: string;
  /** Seconds between SIGTERM and SIGKILL on cancel or timeout. */
  killGraceSeconds?: number;
  /** What runs where a node's program is `pipewright` (see library.ts pipewrightCommand); else PATH decides. */
  pipewright?: { argv: string[]; env: Record<string, string> };
}

/** Host variables a node may need to find its tools; nothing else of the app's environment leaks in. */
const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'SYSTEMROOT', 'USER'];

let probedPython: string | undefined;

/**
 * The first Python that has the scientific stack the components import: $PIPEWRIGHT_PYTHON, then
 * `python3` on PATH, then the system's. A user's PATH may start with a bare pyenv or venv python.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): string {
  if (probedPython) return probedPython;
  const candidates = [env.PIPEWRIGHT_PYTHON, 'python3', '/usr/bin/python3', '/usr/local/bin/python3'].filter(Boolean) as string[];
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import pandas, sklearn, scipy'], { stdio: 'ignore', timeout: 30_000 });
    if (r.status === 0) return (probedPython = c);
  }
  return (probedPython = env.PIPEWRIGHT_PYTHON ?? 'python3');
}

export class ProcessExecutor implements Executor {
  readonly name = 'process' as const;
  constructor(private readonly options: ProcessExecutorOptions = {}) {}

  async preflight(): Promise<string[]> {
    return [];
  }

  /**
   * Kills node processes a killed engine left running for these runs. Every node process carries
   * PIPEWRIGHT_RUN_ID in its environment, which Linux shows in /proc; elsewhere this finds nothing.
   */
  async recover(runIds: string[]): Promise<string[]> {
    const wanted = new Set(runIds);
    const done: string[] = [];
    let pids: string[];
    try { pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p)); } catch { return done; }
    for (const pid of pids) {
      let environ: string;
      try { environ = await readFile(`/proc/${pid}/environ`, 'utf8'); } catch { continue; }
      const run = /(?:^|\0)PIPEWRIGHT_RUN_ID=([^\0]*)/.exec(environ)?.[1];
      if (!run || !wanted.has(run)) continue;
      try { process.kill(Number(pid), 'SIGKILL'); done.push(`killed process ${pid} left over from run ${run}`); } catch { /* gone */ }
    }
    return done;
  }

  run(req: ExecRequest): Promise<ExecResult> {
    const argv = renderCommand(req.node, {
      artifactPath: (i) => req.inputPaths[i.name]!,
      parameterValue: (i) => (i.source.kind === 'parameter' ? req.runtimeParams[i.name] ?? '' : staticParameterValue(i)),
      outputPath: (o) => join(req.outputDir, o),
    });
    let program = argv[0]!;
    let args = argv.slice(1);
    const env: Record<string, string> = {};
    for (const k of PASSED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
    if (program === 'python3' || program === 'python') program = this.options.python ?? findPython();
    const cli = this.options.pipewright;
    if (program === 'pipewright' && cli) {
      program = cli.argv[0]!;
      args = [...cli.argv.slice(1), ...args];
      Object.assign(env, cli.env);
    }
    const pythonPath = [...(this.options.pythonPath ?? []), req.env.PYTHONPATH].filter(Boolean).join(delimiter);
    Object.assign(env, req.env, pythonPath ? { PYTHONPATH: pythonPath } : {},
      { PYTHONUNBUFFERED: '1' }, contractEnv(req, { outputDir: req.outputDir, metricsFile: req.metricsFile, flagsFile: req.flagsFile }));
    const wd = req.node.workingDir;
    const cwd = wd ? (isAbsolute(wd) ? wd : join(req.workDir, wd)) : req.workDir;
    return new Promise((resolve) => this.spawnNode(req, program, args, env, cwd, resolve));
  }

  private spawnNode(req: ExecRequest, program: string, args: string[], env: Record<string, string>, cwd: string,
    resolve: (r: ExecResult) => void): void {
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const child = spawn(program, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const grace = (this.options.killGraceSeconds ?? 3) * 1000;
    const killTree = () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, grace).unref();
    };
    const timer = req.timeoutSeconds ? setTimeout(() => { timedOut = true; killTree(); }, req.timeoutSeconds * 1000) : undefined;
    const onAbort = () => { cancelled = true; killTree(); };
    req.signal.addEventListener('abort', onAbort, { once: true });
    if (req.signal.aborted) onAbort();
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      child[stream].on('data', (b: Buffer) => req.onLog(stream, decoder.write(b)));
      child[stream].on('end', () => { const rest = decoder.end(); if (rest) req.onLog(stream, rest); });
    }
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      // The node's own children may outlive it; they belong to its process group.
      if (child.pid !== undefined) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group empty */ } }
      resolve(r);
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish({
      exitCode: null, timedOut, cancelled,
      error: e.code === 'ENOENT'
        ? `node '${req.node.id}': program '${program}' was not found on this machine`
        : `node '${req.node.id}': could not start '${program}': ${e.message}`,
    }));
    child.on('close', (code, signal) => {
      const base = { exitCode: code, timedOut, cancelled };
      if (timedOut) finish({ ...base, error: `node '${req.node.id}' timed out after ${req.timeoutSeconds} s and was stopped` });
      else if (cancelled) finish({ ...base, error: `node '${req.node.id}' was cancelled` });
      else if (code !== 0) finish({ ...base, error: signal ? `node '${req.node.id}' was killed by ${signal}` : `node '${req.node.id}' exited with code ${code}` });
      else finish(base);
    });
  }
}
