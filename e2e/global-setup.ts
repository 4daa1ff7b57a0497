/**
 * Once before the e2e run: build the tests' own copy of the UI (E2E_UI_DIR, served with --ui-dir) when it
 * is missing or older than its sources; scripts/build-ui.mjs decides, and does nothing when it is current.
 * Not dist/renderer: another `vite build` in the same tree would empty it under the running servers.
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
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-ui.mjs'), '--e2e'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the UI for the e2e tests failed (see above)');
}
