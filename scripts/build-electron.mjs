#!/usr/bin/env node
// Builds what the desktop window needs: the main process and preload bundled with esbuild (preload as
// CommonJS, which sandboxed preloads require), and better-sqlite3 compiled for Electron's ABI into
// dist/native/electron-<version>/ so node_modules keeps the Node build the CLI and tests load.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleCli } from './bundle-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export async function buildElectron() {
  const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', sourcemap: true, logLevel: 'warning' };
  await build({ ...common, entryPoints: [join(root, 'src-main/main.ts')], outfile: join(root, 'dist/main/main.js'), format: 'esm' });
  await build({ ...common, entryPoints: [join(root, 'src-main/preload.ts')], outfile: join(root, 'dist/main/preload.cjs'), format: 'cjs' });
  // Nodes whose program is `pipewright` (drift-check) run this bundle with Electron's Node (library.ts pipewrightCommand).
  await bundleCli(join(root, 'dist', 'cli'));
  const version = require('electron/package.json').version;
  const target = join(root, 'dist', 'native', `electron-${version}`, 'better_sqlite3.node');
  if (existsSync(target)) return;
  console.log(`build: compiling better-sqlite3 for Electron ${version} (once)…`);
  // node-gyp ships inside npm; build in a copy so node_modules' Node build stays untouched.
  const npmDir = dirname(require.resolve('npm/package.json', { paths: [join(dirname(process.execPath), '..', 'lib', 'node_modules')] }));
  const gyp = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const work = mkdtempSync(join(tmpdir(), 'pw-sqlite-electron-'));
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('compiling better-sqlite3 for Electron failed (it downloads Electron\'s headers once)');
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(work, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildElectron();
