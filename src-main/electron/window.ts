/** The main window with Electron's security checklist applied: isolation, sandbox, no navigation away. */
import { app, BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './protocol.js';

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440, height: 900, minWidth: 960, minHeight: 600, show: false, title: 'Pipewright',
    backgroundColor: '#1e1f24',
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  win.once('ready-to-show', () => win.show());
  // The renderer's beforeunload guard (unsaved work) silently blocks closing in Electron: ask the user.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning', buttons: ['Cancel', 'Discard changes'], defaultId: 0, cancelId: 0,
      message: 'The pipeline has unsaved changes.', detail: 'Close anyway? An autosaved copy is kept for recovery.',
    });
    if (choice === 1) event.preventDefault();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Blocks navigation and new windows in every web contents; links open in the user's browser. */
export function lockDownNavigation(): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => { if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault(); });
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export const preloadPath = (distMain: string) => join(distMain, 'preload.cjs');
