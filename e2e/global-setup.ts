/**
 * Once before the e2e run: pick the tests' own build of the UI, building one when the newest is missing
 * or older than its sources (scripts/build-ui.mjs --e2e decides), and hand its folder to the workers in
 * PW_E2E_UI_DIR (served with --ui-dir). Not dist/renderer, which another `vite build` in the tree would
 * empty under the running servers; and a fixed folder per run, which a run starting meanwhile leaves alone.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures/backend.js';

const KEEP_RUNS = 5;
const HOUR = 3_600_000;

/** Output folders of earlier runs (test-results/run-*): the newest few stay, and any touched in the last hour (a run going on now). */
function pruneOldRuns(): void {
  const dir = join(repoRoot, 'test-results');
  let runs: string[];
  try { runs = readdirSync(dir).filter((n) => n.startsWith('run-')).sort().reverse(); } catch { return; }
  for (const name of runs.slice(KEEP_RUNS)) {
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > HOUR) rmSync(path, { recursive: true, force: true });
  }
}

export default function globalSetup(): void {
  pruneOldRuns();
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-ui.mjs'), '--e2e'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dir = /^ui: (.+)$/m.exec(r.stdout)?.[1];
  process.stdout.write(r.stdout.replace(/^ui: .*\n?/m, ''));
  if (r.status !== 0 || !dir) throw new Error('building the UI for the e2e tests failed (see above)');
  // Environment variables set here reach the workers.
  process.env.PW_E2E_UI_DIR = dir;
}
