/**
 * Native menus. Accelerators are shown but not registered (`registerAccelerator: false`), so the
 * renderer's own shortcut handler keeps working in the editor; clicks arrive as `menuCommand` events.
 */
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { AppEvent, MenuCommand } from '../../shared/contract/events.js';

export interface MenuDeps {
  window: () => BrowserWindow | undefined;
  send: (e: AppEvent) => void;
  /** Allows a path picked in a native dialog through the files service. */
  allowPath: (path: string) => void;
  workspace: string;
}

export function installMenu(deps: MenuDeps): void {
  const cmd = (c: MenuCommand) => () => deps.send({ type: 'menuCommand', ...c } as AppEvent);
  const item = (label: string, accelerator: string | undefined, c: MenuCommand): MenuItemConstructorOptions =>
    ({ label, ...(accelerator ? { accelerator, registerAccelerator: false } : {}), click: cmd(c) });
  const open = async () => {
    const win = deps.window();
    if (!win) return;
    const r = await dialog.showOpenDialog(win, { defaultPath: deps.workspace, filters: [{ name: 'Pipelines', extensions: ['yaml', 'yml'] }], properties: ['openFile'] });
    if (!r.canceled && r.filePaths[0]) { deps.allowPath(r.filePaths[0]); cmd({ command: 'file.openPath', path: r.filePaths[0] })(); }
  };
  const saveAs = async () => {
    const win = deps.window();
    if (!win) return;
    const r = await dialog.showSaveDialog(win, { defaultPath: deps.workspace, filters: [{ name: 'Pipelines', extensions: ['yaml'] }] });
    if (!r.canceled && r.filePath) { deps.allowPath(r.filePath); cmd({ command: 'file.saveAsPath', path: r.filePath })(); }
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [
      item('New Pipeline', 'CmdOrCtrl+N', { command: 'file.new' }),
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', registerAccelerator: false, click: () => void open() },
      { type: 'separator' },
      item('Save', 'CmdOrCtrl+S', { command: 'file.save' }),
      { label: 'Save As…', accelerator: 'Shift+CmdOrCtrl+S', registerAccelerator: false, click: () => void saveAs() },
      { type: 'separator' },
      { role: process.platform === 'darwin' ? 'close' : 'quit' },
    ] },
    { label: 'Edit', submenu: [
      item('Undo', 'CmdOrCtrl+Z', { command: 'edit.undo' }), item('Redo', 'Shift+CmdOrCtrl+Z', { command: 'edit.redo' }),
      { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
    ] },
    { label: 'View', submenu: [
      item('Fit to Window', undefined, { command: 'view.fit' }), item('Auto-layout', undefined, { command: 'view.layout' }),
      item('Find Node…', 'CmdOrCtrl+F', { command: 'view.find' }), { type: 'separator' },
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' },
      ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
    ] },
    { label: 'Run', submenu: [item('Run Pipeline…', 'CmdOrCtrl+Enter', { command: 'run.start' })] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
