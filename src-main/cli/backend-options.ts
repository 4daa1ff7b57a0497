/** Options every command that touches runs shares, and the back end they open. */
import Docker from 'dockerode';
import { openBackend, type Backend } from '../backend.js';
import { DockerExecutor } from '../executors/docker.executor.js';
import type { CliIo } from './command.js';

export const dataDirOption = { 'data-dir': { type: 'string' as const } };

/** Opens the back end on --data-dir or $PIPEWRIGHT_HOME (or the platform default), with the Docker executor. */
export async function cliBackend(io: CliIo, dataDir: string | undefined): Promise<Backend> {
  const backend = await openBackend({
    ...(dataDir ?? io.env.PIPEWRIGHT_HOME ? { dataDir: dataDir ?? io.env.PIPEWRIGHT_HOME } : {}),
    executors: { docker: new DockerExecutor(new Docker()) },
  });
  if (backend.recovered.runs.length) {
    io.err(`note: ${backend.recovered.runs.length} run(s) left running by a process that stopped were marked interrupted: ${backend.recovered.runs.map((r) => r.id).join(', ')}`);
  }
  return backend;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function formatTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '-';
}
