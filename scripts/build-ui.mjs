#!/usr/bin/env node
// Builds the UI with Vite when the output is missing or older than what it is built from (the renderer,
// shared/, the Vite config, the lock file); otherwise does nothing.
//   node scripts/build-ui.mjs              dist/renderer (what `pipewright ui` and Electron serve)
//   node scripts/build-ui.mjs --e2e        the end-to-end tests' own copy (E2E_UI_DIR), served with --ui-dir
//   node scripts/build-ui.mjs --out DIR    any other folder
//   --force                                build even when the output is current
// A build goes to a temp folder first and replaces the output in one rename, so a server reading the old
// output never sees a half-emptied folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const E2E_UI_DIR = join(root, 'node_modules', '.cache', 'pipewright-e2e', 'renderer');
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

export function buildUi({ out = join(root, 'dist', 'renderer'), force = false } = {}) {
  const reason = force ? 'forced' : uiBuildReason(out);
  if (!reason) return false;
  console.log(`building the UI into ${out.startsWith(root) ? out.slice(root.length + 1) : out} (${reason})…`);
  const tmp = `${out}.tmp-${process.pid}`;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'],
    { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { rmSync(tmp, { recursive: true, force: true }); throw new Error(`the UI build failed (exit ${r.status ?? r.signal})`); }
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? resolve(args[at + 1] ?? '') : args.includes('--e2e') ? E2E_UI_DIR : undefined;
  try { buildUi({ ...(out ? { out } : {}), force: args.includes('--force') }); } catch (e) { console.error(e.message); process.exit(1); }
}
