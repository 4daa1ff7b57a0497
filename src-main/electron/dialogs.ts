/** Native dialogs the renderer asks for through the API (the File menu opens its own, in menu.ts). */
import { dialog, type BrowserWindow } from 'electron';
import type { Req } from '../../shared/contract/api.js';

/** The open-file dialog, starting in the workspace; the picked path, or undefined when cancelled. */
export async function showOpenFileDialog(win: BrowserWindow, workspace: string, opts: Req<'dialog.openFile'>): Promise<string | undefined> {
  const r = await dialog.showOpenDialog(win, {
    defaultPath: workspace, properties: ['openFile'],
    ...(opts.title ? { title: opts.title } : {}),
    filters: [...(opts.filters ?? []), { name: 'All files', extensions: ['*'] }],
  });
  return r.canceled ? undefined : r.filePaths[0];
}
