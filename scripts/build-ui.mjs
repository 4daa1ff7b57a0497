#!/usr/bin/env node
// Builds the UI with Vite when the output is missing or older than what it is built from (the renderer,
// shared/, the Vite config, the lock file); otherwise does nothing.
//   node scripts/build-ui.mjs              dist/renderer (what `pipewright ui` and Electron serve)
//   node scripts/build-ui.mjs --e2e        a build for the end-to-end tests (see below); prints `ui: <dir>`
//   node scripts/build-ui.mjs --out DIR    any other folder
//   --force                                build even when the output is current
// A build goes to a temp folder first and replaces the output in one rename.
//
// --e2e builds are never replaced in place: each goes to its own folder under E2E_ROOT and a test run
// serves the one its global setup picked, so a run starting meanwhile (another session in this tree)
// cannot swap the files a running page still loads lazily. Old ones are pruned once they are not recent.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const E2E_ROOT = join(root, 'node_modules', '.cache', 'pipewright-e2e');
const KEEP_E2E_BUILDS = 3;
const HOUR = 3_600_000;
const sources = ['src-renderer', 'shared', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(path)) max = Math.max(max, newest(join(path, e)));
  return max;
}

/** Why the UI in `out` needs building, or undefined when it is current. */
export function uiBuildReason(out) {
  const index = join(out, 'index.html');
  if (!existsSync(index)) return `${out} holds no build`;
  const built = statSync(index).mtimeMs;
  const changed = sources.find((s) => newest(s) > built);
  return changed ? `${changed.slice(root.length + 1)} changed since the last build` : undefined;
}

function viteBuild(out, reason) {
  console.log(`building the UI into ${out.startsWith(root) ? out.slice(root.length + 1) : out} (${reason})…`);
  const tmp = `${out}.tmp-${process.pid}`;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'],
    { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { rmSync(tmp, { recursive: true, force: true }); throw new Error(`the UI build failed (exit ${r.status ?? r.signal})`); }
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}

export function buildUi({ out = join(root, 'dist', 'renderer'), force = false } = {}) {
  const reason = force ? 'forced' : uiBuildReason(out);
  if (reason) viteBuild(out, reason);
  return Boolean(reason);
}

/** The e2e build to serve: the newest one when current, else a new one. Returns its folder. */
export function buildE2eUi({ force = false } = {}) {
  const builds = existsSync(E2E_ROOT) ? readdirSync(E2E_ROOT).filter((n) => /^build-\d/.test(n)).sort().reverse() : [];
  const latest = builds[0] ? join(E2E_ROOT, builds[0]) : undefined;
  const reason = force ? 'forced' : latest ? uiBuildReason(latest) : 'no build yet';
  if (!reason) return latest;
  const out = join(E2E_ROOT, `build-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}-${process.pid}`);
  viteBuild(out, reason);
  // 'renderer' is where builds went before they had a folder each.
  for (const name of [...builds.slice(KEEP_E2E_BUILDS - 1), ...(existsSync(join(E2E_ROOT, 'renderer')) ? ['renderer'] : [])]) {
    const dir = join(E2E_ROOT, name);
    if (Date.now() - statSync(dir).mtimeMs > HOUR) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const force = args.includes('--force');
  try {
    if (args.includes('--e2e')) console.log(`ui: ${buildE2eUi({ force })}`);
    else buildUi({ ...(at >= 0 ? { out: resolve(args[at + 1] ?? '') } : {}), force });
  } catch (e) { console.error(e.message); process.exit(1); }
}
