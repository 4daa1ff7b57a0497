#!/usr/bin/env node
// Idempotent set-up that install scripts would normally do (they are off, see .npmrc):
// builds better-sqlite3 for this Node, and with --electron tries to fetch Electron's binary.
// Each step is skipped when its result is already there, so `npm start`/`npm test` may call it every time.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Loads the native module in a child process: a build for another ABI (Electron's) must not count. */
function sqliteLoads() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

export function ensureSqlite() {
  if (sqliteLoads()) return;
  console.log('setup: building better-sqlite3 for this Node (once, about a minute)…');
  const r = spawnSync(npm, ['rebuild', 'better-sqlite3', '--ignore-scripts=false'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !sqliteLoads()) {
    console.error('setup: better-sqlite3 did not build. It needs python3, make and a C++ compiler (Debian: apt-get install -y python3 make g++).');
    process.exit(1);
  }
}

/** Path of Electron's binary, or undefined when it is not installed (and could not be fetched). */
export function electronBinary({ fetch = false } = {}) {
  let pkgDir;
  try { pkgDir = dirname(require.resolve('electron/package.json')); } catch { return undefined; }
  const pathFile = join(pkgDir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  if (!installed() && fetch) {
    console.log('setup: fetching Electron\'s binary…');
    spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: 'ignore', timeout: 120_000 });
  }
  return installed() ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureSqlite();
  if (process.argv.includes('--electron')) {
    console.log(electronBinary({ fetch: true }) ? 'setup: Electron is installed.' : 'setup: Electron\'s binary could not be fetched; the app runs in browser mode.');
  }
}
