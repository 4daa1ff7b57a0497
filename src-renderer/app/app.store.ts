/**
 * Start-up: what the back end is (app.info) and the component library, then the files (recovery
 * prompt, gallery lists). `#root[data-app-state]` goes from "loading" to "ready" (or "error"), which
 * is what end-to-end tests wait for.
 */
import { create } from 'zustand';
import type { Res } from '../../shared/contract/api.js';
import { invoke } from '../api/client.js';
import { useFiles } from '../features/files/files.store.js';
import { useDesigner } from '../stores/designer.store.js';
import { toast } from './toast.store.js';

interface AppState {
  status: 'loading' | 'ready' | 'error';
  info?: Res<'app.info'>;
  error?: string;
  boot(): Promise<void>;
}

const setRootState = (state: string) => { document.getElementById('root')?.setAttribute('data-app-state', state); };

export const useApp = create<AppState>()((set) => ({
  status: 'loading',
  boot: async () => {
    set({ status: 'loading', error: undefined });
    setRootState('loading');
    try {
      const [info, library] = await Promise.all([invoke('app.info', {}), invoke('library.list', {})]);
      set({ info });
      useDesigner.getState().setComponents(library.components);
      if (library.issues.length) {
        toast.warning(`${library.issues.length} problem(s) in the component library; some components may be missing`, library.issues[0]?.message);
      }
      await useFiles.getState().init(info.workspace, info.pathSeparator, info.openOnStart);
      set({ status: 'ready' });
      setRootState('ready');
    } catch (e) {
      set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      setRootState('error');
    }
  },
}));
