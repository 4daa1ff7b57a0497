/**
 * Test support: asks Debian's python3 (numpy, scipy, pandas) for reference values, in one process
 * per batch because importing scipy dominates the cost. Never goes through a shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./scipy-oracle.py', import.meta.url));

export type OracleRequest = { op: string } & Record<string, unknown>;

/** JSON from the oracle spells NaN and ±inf as strings; this turns them back into numbers. */
function revive(v: unknown): unknown {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  return v;
}

/** Runs a batch of requests through scipy-oracle.py and returns one result per request. */
export function askScipy(requests: OracleRequest[]): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), 'pw-oracle-'));
  try {
    const input = join(dir, 'requests.json');
    const output = join(dir, 'results.json');
    writeFileSync(input, JSON.stringify(requests));
    execFileSync(PYTHON, [SCRIPT, input, output], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    return revive(JSON.parse(readFileSync(output, 'utf8'))) as unknown[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deterministic PRNG (mulberry32) so generated test data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a seeded uniform source (Box–Muller). */
export function seededNormal(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
}
