// The renderer's only bridge to the main process: `invoke` and `onEvent`, nothing else (no raw ipcRenderer).
// Compiled to CommonJS (sandboxed preloads cannot be ES modules).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('pipewright', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke('pipewright:invoke', method, input),
  onEvent: (listener: (e: unknown) => void) => {
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('pipewright:event', handler);
    return () => ipcRenderer.off('pipewright:event', handler);
  },
});
