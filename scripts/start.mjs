#!/usr/bin/env node
// `npm start`: the desktop window where Electron's binary exists and a display is there; otherwise the
// example pipeline runs headless (its results printed) and the designer opens in browser mode.
// `npm start -- --headless` only runs the example and exits with the run's exit code.
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, ensureSqlite } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'pipewright.mjs');
const example = join(root, 'resources', 'examples', 'churn.yaml');
const args = process.argv.slice(2);
const headlessOnly = args.includes('--headless');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

ensureSqlite();
const binary = headlessOnly ? undefined : electronBinary({ fetch: true });

if (binary && hasDisplay) {
  const { buildElectron } = await import('./build-electron.mjs');
  spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  await buildElectron();
  const child = spawn(binary, [join(root, 'dist', 'main', 'main.js')], { stdio: 'inherit', env: { ...process.env, PIPEWRIGHT_OPEN: example } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const reason = headlessOnly ? 'headless run requested'
    : !binary ? "Electron's binary is not installed and could not be downloaded here"
      : 'there is no display';
  console.log(`Pipewright: ${reason}; running the example pipeline headless.\n`);
  const run = spawnSync(process.execPath, [cli, 'run', example], { stdio: 'inherit' });
  if (headlessOnly) process.exit(run.status ?? 1);
  console.log(`\nPipewright: ${reason}; opening the designer in browser mode instead (the example is open in it).\n`);
  const ui = spawn(process.execPath, [cli, 'ui', '--open', example, ...args], { stdio: 'inherit' });
  ui.on('exit', (code) => process.exit(code ?? 0));
}
