#!/usr/bin/env node
// `npm test`: set-up, lint (layering rules), type check, then every test suite: Vitest, then the Playwright
// end-to-end tests (browser mode in Debian's Chromium; the Electron project skips itself without Electron).
// Stops at the first failure.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSqlite } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, cmd, args) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

ensureSqlite();
step('lint', bin('eslint'), ['.']);
step('type check', bin('tsc'), ['-p', 'tsconfig.json']);
step('unit and integration tests', bin('vitest'), ['run', ...process.argv.slice(2)]);
// The end-to-end tests serve their own build of the UI: rebuilt when missing or older than src-renderer/ or
// shared/ (a no-op otherwise); Playwright's global setup checks again when run on its own.
step('UI build (for the end-to-end tests)', process.execPath, [join(root, 'scripts', 'build-ui.mjs'), '--e2e']);
step('end-to-end tests (Playwright)', bin('playwright'), ['test']);
