/**
 * Test helpers for the CLI: `main(argv, io)` in-process with a capturing io, the real `bin/pipewright.mjs`
 * in a child process (never through a shell), temp folders and small inline pipelines run by Node itself.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Pipeline, PipelineNode } from '../../../shared/spec/schema.js';
import { repoRoot } from '../../library/library.js';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

export const ROOT = repoRoot();
export const BIN = join(ROOT, 'bin', 'pipewright.mjs');
export const EXAMPLES = ['churn', 'gpu-training', 'sweep'].map((name) => ({ name, file: join(ROOT, 'resources', 'examples', `${name}.yaml`) }));

export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr in the order they were written. */
  all: string;
}

/** A CliIo that collects what a command writes, like `processIo` (each write ends with a newline). */
export function captureIo(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  const io: CliIo = {
    out: (t) => { out.push(line(t)); all.push(line(t)); },
    err: (t) => { err.push(line(t)); all.push(line(t)); },
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? {},
    tty: false,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), all: () => all.join('') };
}

/** Runs `pipewright ...argv` in this process. */
export async function cli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const c = captureIo(opts);
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err(), all: c.all() };
}

/** Runs the real `bin/pipewright.mjs` with this Node, without a shell, and resolves with its exit code and output. */
export function bin(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      if (typeof code !== 'number') { reject(error ?? new Error('no exit code')); return; }
      resolve({ code, out: stdout, err: stderr, all: stdout + stderr });
    });
  });
}

/** Starts the real binary without waiting for it; `exited` resolves with its exit code. */
export function spawnBin(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** A fresh temp folder and a function that removes it. */
export function tempDir(prefix = 'pw-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An inline node whose program is this Node binary running `script`; argv after the script are the rendered args. */
export function jsNode(id: string, script: string, args: string[] = [], extra: Partial<PipelineNode> = {}): PipelineNode {
  return { id, kind: 'custom', container: { command: [process.execPath, '-e', script, ...args] }, ...extra };
}

export function pipeline(name: string, nodes: PipelineNode[], params: Pipeline['params'] = {}): Pipeline {
  return { apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name }, ...(Object.keys(params).length ? { params } : {}), nodes };
}

/** Writes a spec as YAML and returns its path. */
export function writeSpec(dir: string, file: string, spec: Pipeline): string {
  const path = join(dir, file);
  writeFileSync(path, stringify(spec));
  return path;
}

/** Parses JSON a command printed, with the text in the error when it is not JSON. */
export function json<T = unknown>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message}):\n${text.slice(0, 2000)}`);
  }
}
