/**
 * Electron lifecycle only: builds the back end and the app handlers, serves the renderer, carries the
 * typed API over IPC (checking every sender) and forwards run events to the window.
 */
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEvent } from '../shared/contract/events.js';
import { createApp } from './app.js';
import { openBackend } from './backend.js';
import { showOpenFileDialog } from './electron/dialogs.js';
import { installMenu } from './electron/menu.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './electron/protocol.js';
import { createMainWindow, lockDownNavigation, preloadPath } from './electron/window.js';
import { DockerExecutor } from './executors/docker.executor.js';
import { dispatch } from './transport/dispatch.js';

const distMain = dirname(fileURLToPath(import.meta.url));
const root = join(distMain, '..', '..');
registerAppScheme();
lockDownNavigation();

/** Only our own page may call the API; anything else (a navigated or injected frame) is refused. */
function trusted(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) ?? false;
}

async function start(): Promise<void> {
  // better-sqlite3 built for Electron's ABI by scripts/build-electron.mjs (the Node build stays for the CLI).
  const electronSqlite = join(root, 'dist', 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  const backend = await openBackend({
    dataDir: process.env.PIPEWRIGHT_HOME ?? app.getPath('userData'),
    ...(existsSync(electronSqlite) ? { sqliteBinding: electronSqlite } : {}),
    executors: { docker: new DockerExecutor(new Docker()) },
  });
  const workspace = process.env.PIPEWRIGHT_WORKSPACE ?? join(app.getPath('documents'), 'Pipewright');
  const { handlers, files } = createApp({
    backend, workspace, shell: 'electron', version: app.getVersion(),
    ...(process.env.PIPEWRIGHT_OPEN ? { openOnStart: process.env.PIPEWRIGHT_OPEN } : {}),
    openFileDialog: (opts) => (win ? showOpenFileDialog(win, workspace, opts) : Promise.resolve(undefined)),
  });

  ipcMain.handle('pipewright:invoke', (event, method: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'failed', message: 'untrusted sender' } };
    return dispatch(handlers, String(method), input);
  });
  serveRenderer(join(root, 'dist', 'renderer'));
  let win: BrowserWindow | undefined = createMainWindow(preloadPath(distMain));
  win.on('closed', () => { win = undefined; });
  const send = (e: AppEvent) => { if (win && !win.isDestroyed()) win.webContents.send('pipewright:event', e); };
  backend.engine.onEvent(send);
  installMenu({ window: () => win, send, allowPath: (p) => files.allow(p), workspace });
  app.on('activate', () => { if (!BrowserWindow.getAllWindows().length) win = createMainWindow(preloadPath(distMain)); });
  app.on('before-quit', () => backend.close());
}

app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
void app.whenReady().then(start).catch((e: unknown) => {
  console.error(`Pipewright could not start: ${(e as Error).message}`);
  app.exit(1);
});
