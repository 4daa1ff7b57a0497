/**
 * Runs nodes as local processes: argv arrays (never a shell), a process group per node so cancel and
 * timeout kill the whole tree, output streamed as it comes. On Linux a small helper process starts them
 * (spawn-helper.ts), since forking the app itself costs milliseconds per node; Node starts them when
 * the helper is not ready or not available.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { renderCommand, staticParameterValue } from '../../shared/compiler/render.js';
import { contractEnv, type ExecRequest, type ExecResult, type Executor } from './executor.js';
import { SpawnHelper } from './spawn-helper.js';

export interface ProcessExecutorOptions {
  /** Folders put first on PYTHONPATH (the component library's Python code). */
  pythonPath?: string[];
  /** Interpreter used where a node's program is `python3`/`python`; found by probing when unset. */
  python?: string;
  /** Seconds between SIGTERM and SIGKILL on cancel or timeout. */
  killGraceSeconds?: number;
  /** What runs where a node's program is `pipewright` (see library.ts pipewrightCommand); else PATH decides. */
  pipewright?: { argv: string[]; env: Record<string, string> };
  /** Start node processes through a small helper process (see spawn-helper.ts); default: on Linux. */
  spawnHelper?: boolean;
  /** Interpreter that runs the helper; default `python3` on PATH. */
  helperPython?: string;
}

/** How often a process helper that stopped is replaced before the executor starts processes itself. */
const MAX_HELPER_RESTARTS = 3;

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
  private helper?: SpawnHelper;
  private helperDeaths = 0;
  private helperGaveUp = false;
  /** Said once, in the next node's log: the helper stopped, was restarted or given up. */
  private notice?: string;

  constructor(private readonly options: ProcessExecutorOptions = {}) {}

  async preflight(): Promise<string[]> {
    // Started now, used once ready (tens of ms); nodes that start before then are started by Node.
    this.startHelper();
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
    for (const k of PASSED_ENV) {
      const v = process.env[k]; // each read of process.env is a native call
      if (v !== undefined) env[k] = v;
    }
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
    return new Promise((resolve) => this.launch(req, program, args, env, cwd, resolve));
  }

  /**
   * The helper that starts this executor's processes, when it is ready; otherwise Node starts them. A
   * helper that stops is restarted (up to MAX_HELPER_RESTARTS times), and the next node's log says so.
   */
  private readyHelper(req: ExecRequest): SpawnHelper | undefined {
    if (this.notice) { req.onLog('stderr', this.notice); this.notice = undefined; }
    this.startHelper();
    return this.helper?.state === 'ready' ? this.helper : undefined;
  }

  private startHelper(): void {
    const want = this.options.spawnHelper ?? process.platform === 'linux';
    if (!want || this.helperGaveUp || (this.helper && this.helper.state !== 'dead')) return;
    this.helper = new SpawnHelper(this.options.helperPython ?? 'python3', (reason, wasReady) => {
      // One that never got ready (no python3, too old) will not get better: start processes directly.
      if (!wasReady || ++this.helperDeaths > MAX_HELPER_RESTARTS) {
        this.helperGaveUp = true;
        this.notice = `pipewright: the process helper ${wasReady ? 'stopped' : 'could not start'} (${reason}); node processes are started directly from now on (slower)\n`;
      } else {
        this.notice = `pipewright: the process helper stopped (${reason}); started a new one\n`;
      }
    });
  }

  /** Resolves once the process helper is ready (true) or known unusable (false); for tests and benchmarks. */
  async helperReady(): Promise<boolean> {
    this.startHelper();
    return this.helper && this.helper.state !== 'dead' ? this.helper.ready : false;
  }

  /** The running helper's pid, if any (tests check it is a node process's parent). */
  get helperPid(): number | undefined {
    return this.helper?.state === 'ready' ? this.helper.pid : undefined;
  }

  private launch(req: ExecRequest, program: string, args: string[], env: Record<string, string>, cwd: string,
    resolve: (r: ExecResult) => void): void {
    const w = this.supervise(req, program, resolve);
    const helper = this.readyHelper(req);
    if (!helper) return this.spawnDirect(program, args, env, cwd, w);
    helper.spawn([program, ...args], env, resolvePath(cwd), {
      started: w.started, data: w.data, exited: w.exited,
      closed: (code, signal) => { w.end('stdout'); w.end('stderr'); w.closed(code, signal); },
      // Node's own spawn gives the exact error message and handles odd cases (a script without #!).
      failed: () => this.spawnDirect(program, args, env, cwd, w),
      lost: w.lost,
    });
  }

  private spawnDirect(program: string, args: string[], env: Record<string, string>, cwd: string, w: Supervisor): void {
    const child = spawn(program, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) w.started(child.pid);
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (b: Buffer) => w.data(stream, b));
      child[stream].on('end', () => w.end(stream));
    }
    child.on('exit', w.exited);
    child.on('error', w.error);
    child.on('close', w.closed);
  }

  /** Timeout, cancel and result of one node process, however it was started. */
  private supervise(req: ExecRequest, program: string, resolve: (r: ExecResult) => void): Supervisor {
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let pid: number | undefined;
    let exited = false;
    let killWanted = false;
    const grace = (this.options.killGraceSeconds ?? 3) * 1000;
    const killTree = () => {
      if (exited || settled) return;
      if (pid === undefined) { killWanted = true; return; }
      const group = -pid;
      try { process.kill(group, 'SIGTERM'); } catch { /* already gone */ }
      setTimeout(() => { try { process.kill(group, 'SIGKILL'); } catch { /* already gone */ } }, grace).unref();
    };
    const timer = req.timeoutSeconds ? setTimeout(() => { timedOut = true; killTree(); }, req.timeoutSeconds * 1000) : undefined;
    const onAbort = () => { cancelled = true; killTree(); };
    req.signal.addEventListener('abort', onAbort, { once: true });
    if (req.signal.aborted) onAbort();
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      // The node's own children may outlive it; they belong to its process group.
      if (pid !== undefined) { try { process.kill(-pid, 'SIGKILL'); } catch { /* group empty */ } }
      resolve(r);
    };
    return {
      started: (p) => { pid = p; if (killWanted) killTree(); },
      data: (stream, b) => { const text = decoders[stream].write(b); if (text) req.onLog(stream, text); },
      end: (stream) => { const rest = decoders[stream].end(); if (rest) req.onLog(stream, rest); },
      exited: () => { exited = true; },
      error: (e) => finish({
        exitCode: null, timedOut, cancelled,
        error: e.code === 'ENOENT'
          ? `node '${req.node.id}': program '${program}' was not found on this machine`
          : `node '${req.node.id}': could not start '${program}': ${e.message}`,
      }),
      closed: (code, signal) => {
        const base = { exitCode: code, timedOut, cancelled };
        if (timedOut) finish({ ...base, error: `node '${req.node.id}' timed out after ${req.timeoutSeconds} s and was stopped` });
        else if (cancelled) finish({ ...base, error: `node '${req.node.id}' was cancelled` });
        else if (code !== 0) finish({ ...base, error: signal ? `node '${req.node.id}' was killed by ${signal}` : `node '${req.node.id}' exited with code ${code}` });
        else finish(base);
      },
      lost: (reason, lostPid) => {
        // Nothing watches the process any more: stop its whole group rather than leave it unaccounted for.
        const what = lostPid === undefined ? 'before it reported starting the node' : 'while the node ran; its processes were stopped';
        if (lostPid !== undefined) pid = lostPid;
        req.onLog('stderr', `pipewright: the process helper stopped (${reason}) ${what}\n`);
        finish({ exitCode: null, timedOut, cancelled, error: `node '${req.node.id}': the process helper stopped (${reason}) ${what}` });
      },
    };
  }
}

/** Callbacks a started node process reports to; see supervise(). */
interface Supervisor {
  started(pid: number): void;
  data(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  end(stream: 'stdout' | 'stderr'): void;
  exited(): void;
  error(e: NodeJS.ErrnoException): void;
  closed(code: number | null, signal: NodeJS.Signals | null): void;
  lost(reason: string, pid: number | undefined): void;
}
