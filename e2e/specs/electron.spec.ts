/**
 * The desktop app (project `electron`): launched with `_electron.launch` where an Electron binary is
 * installed, skipped with the reason where none is (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
import { _electron, expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/backend.js';

/** The Electron binary `npm ci` downloaded (node_modules/electron/path.txt names it), or why there is none. */
function findElectron(): { binary: string } | { reason: string } {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) {
    return { reason: 'no Electron binary: node_modules/electron/path.txt is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without install scripts)' };
  }
  const binary = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `no Electron binary: ${binary} (named by node_modules/electron/path.txt) does not exist` };
  return { binary };
}

function run(script: string): void {
  const r = spawnSync(process.execPath, [join(repoRoot, script)], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status ?? r.signal})`);
}

const electron = findElectron();

test.describe('desktop app', () => {
  // The reason is the skip annotation: e2e/reporters/skip-reasons.ts prints it after the run.
  test.skip('reason' in electron, 'reason' in electron ? electron.reason : '');

  test('launches, shows the gallery, and exposes only invoke and onEvent to the page', async () => {
    test.setTimeout(300_000);
    if (!('binary' in electron)) return;
    // The main process and preload (and, once, better-sqlite3 for Electron's ABI); the UI was built by global setup.
    run('scripts/build-electron.mjs');
    run('scripts/build-ui.mjs');

    const root = mkdtempSync(join(tmpdir(), 'pw-e2e-electron-'));
    const home = join(root, 'data');
    const workspace = join(root, 'workspace');
    mkdirSync(home);
    mkdirSync(workspace);
    const args = [join(repoRoot, 'dist', 'main', 'main.js'), '--no-sandbox'];
    // Without a display (CI), Chromium's headless Ozone platform draws off screen.
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.push('--ozone-platform=headless');
    const app = await _electron.launch({
      executablePath: electron.binary, args, cwd: repoRoot,
      env: { ...process.env, PIPEWRIGHT_HOME: home, PIPEWRIGHT_WORKSPACE: workspace, ELECTRON_ENABLE_LOGGING: '1' },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.locator('#root')).toHaveAttribute('data-app-state', 'ready', { timeout: 60_000 });
      await expect(win.getByTestId('gallery')).toBeVisible();
      await expect(win.getByTestId('example-churn')).toBeVisible();

      // The preload's bridge is the page's only way out: two functions, no Node.
      const bridge = await win.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        const p = w.pipewright as Record<string, unknown> | undefined;
        return { keys: Object.keys(p ?? {}).sort(), types: Object.values(p ?? {}).map((v) => typeof v), require: typeof w.require, process: typeof w.process };
      });
      expect(bridge).toEqual({ keys: ['invoke', 'onEvent'], types: ['function', 'function'], require: 'undefined', process: 'undefined' });
      const info = await win.evaluate(() => (window as unknown as { pipewright: { invoke(m: string, i: unknown): Promise<unknown> } }).pipewright.invoke('app.info', {}));
      expect(info).toMatchObject({ ok: true, value: { shell: 'electron', workspace } });
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
