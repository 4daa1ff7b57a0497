/**
 * Once before the e2e run: build the tests' own copy of the UI (E2E_UI_DIR, served with --ui-dir) when it
 * is missing or older than its sources; scripts/build-ui.mjs decides, and does nothing when it is current.
 * Not dist/renderer: another `vite build` in the same tree would empty it under the running servers.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fixtures/backend.js';

export default function globalSetup(): void {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-ui.mjs'), '--e2e'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the UI for the e2e tests failed (see above)');
}
