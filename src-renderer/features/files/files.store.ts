/**
 * Documents on disk: new, open, save, save as, recent files, the examples gallery and recovery of unsaved
 * work. The designer store holds the open document; this store decides what replaces it and when, and
 * asks before throwing away unsaved changes.
 */
import { stringify } from 'yaml';
import { create } from 'zustand';
import type { Res } from '../../../shared/contract/api.js';
import { ApiClientError, invoke } from '../../api/client.js';
import { call } from '../../app/api.js';
import { reportError, toast } from '../../app/toast.store.js';
import { emptySpec, useDesigner } from '../../stores/designer.store.js';
import { flushPendingEdits } from './flush.js';
import { basename, defaultFileName, isInsideWorkspace, relativeTo } from './paths.js';

export type Example = Res<'examples.list'>['examples'][number];
export type Recovery = NonNullable<Res<'files.recovery'>['recovery']>;

export type FilesDialog =
  | { type: 'open' }
  | { type: 'saveAs'; then?: () => void }
  /** Unsaved changes would be lost by `action` ("open another file"); `then` does it. */
  | { type: 'confirm'; action: string; then: () => void }
  | { type: 'conflict'; path: string }
  | { type: 'recovery'; recovery: Recovery };

interface FilesState {
  workspace?: string;
  sep: string;
  /** 'start' shows the examples gallery instead of an empty canvas. */
  view: 'start' | 'editor';
  examples: Example[];
  files: { path: string; modifiedAt: number }[];
  recent: string[];
  dialog?: FilesDialog;
  busy: boolean;

  /** Lists files and offers recovery; otherwise opens `openOnStart` (what `npm start` asks for) if given. */
  init(workspace: string, sep: string, openOnStart?: string): Promise<void>;
  refreshLists(): Promise<void>;
  closeDialog(): void;
  showOpen(): void;
  showSaveAs(then?: () => void): void;
  newPipeline(): void;
  open(path: string): void;
  save(): Promise<boolean>;
  saveAs(path: string): Promise<boolean>;
  reload(): Promise<void>;
  recover(): Promise<void>;
  discardRecovery(): Promise<void>;
  /** Whether saving in place is allowed (the file is in the workspace). */
  canSaveInPlace(): boolean;
  /** Paths outside the workspace the back end accepted a save to (the desktop's native Save As). */
  writable: ReadonlySet<string>;
  isWritable(path: string): boolean;
  displayPath(p: string): string;
  /** Where a file is, for lists: its workspace-relative path, or "example" for a shipped example. */
  describePath(p: string): string;
  suggestedSavePath(): string;
}

export const useFiles = create<FilesState>()((set, get) => {
  /** Runs `then` now, or after the user agreed to lose (or saved) the unsaved changes. */
  const guard = (action: string, then: () => void) => {
    flushPendingEdits();
    if (useDesigner.getState().dirty) set({ dialog: { type: 'confirm', action, then } });
    else then();
  };

  const doOpen = async (path: string) => {
    set({ busy: true });
    try {
      const file = await invoke('files.open', { path });
      useDesigner.getState().load(file.text, file.path, file.modifiedAt);
      set({ view: 'editor', dialog: undefined });
      void invoke('files.discardRecovery', {}).catch(() => undefined);
      void get().refreshLists();
    } catch (e) {
      reportError(`Could not open ${basename(path)}`, e);
    } finally {
      set({ busy: false });
    }
  };

  const write = async (path: string, expectModifiedAt?: number): Promise<boolean> => {
    const d = useDesigner.getState();
    // Unparseable YAML typed in the editor is saved as typed: the file is the user's, not ours.
    const text = d.yamlDraft ?? d.yaml();
    set({ busy: true });
    try {
      const saved = await invoke('files.save', { path, text, ...(expectModifiedAt !== undefined ? { expectModifiedAt } : {}) });
      useDesigner.getState().markSaved(saved.path, saved.modifiedAt);
      if (!get().writable.has(saved.path)) set({ writable: new Set([...get().writable, saved.path]) });
      void invoke('files.discardRecovery', {}).catch(() => undefined);
      toast.success(`Saved ${get().displayPath(saved.path)}`);
      void get().refreshLists();
      return true;
    } catch (e) {
      if (e instanceof ApiClientError && e.code === 'conflict') set({ dialog: { type: 'conflict', path } });
      else reportError(`Could not save ${basename(path)}`, e);
      return false;
    } finally {
      set({ busy: false });
    }
  };

  return {
    sep: '/',
    view: 'start',
    examples: [],
    files: [],
    recent: [],
    busy: false,
    writable: new Set(),

    init: async (workspace, sep, openOnStart) => {
      set({ workspace, sep });
      const [rec] = await Promise.all([call('files.recovery', {}, 'Could not check for unsaved work'), get().refreshLists()]);
      if (rec?.recovery) set({ dialog: { type: 'recovery', recovery: rec.recovery } });
      else if (openOnStart) await doOpen(openOnStart);
    },

    refreshLists: async () => {
      const [list, ex] = await Promise.all([
        call('files.list', {}, 'Could not list the workspace'),
        call('examples.list', {}, 'Could not load the examples'),
      ]);
      set({ ...(list ? { files: list.files, recent: list.recent } : {}), ...(ex ? { examples: ex.examples } : {}) });
    },

    closeDialog: () => set({ dialog: undefined }),
    showOpen: () => { set({ dialog: { type: 'open' } }); void get().refreshLists(); },
    showSaveAs: (then) => { flushPendingEdits(); set({ dialog: { type: 'saveAs', ...(then ? { then } : {}) } }); void get().refreshLists(); },

    newPipeline: () => guard('start a new pipeline', () => {
      useDesigner.getState().load(stringify(emptySpec(), { lineWidth: 0 }));
      set({ view: 'editor', dialog: undefined });
      void invoke('files.discardRecovery', {}).catch(() => undefined);
    }),

    open: (path) => guard(`open ${basename(path)}`, () => void doOpen(path)),

    save: async () => {
      flushPendingEdits();
      const { filePath, modifiedAt } = useDesigner.getState();
      if (!filePath || !get().canSaveInPlace()) { get().showSaveAs(); return false; }
      return write(filePath, modifiedAt);
    },

    saveAs: async (path) => {
      const pending = get().dialog;
      const ok = await write(path);
      if (ok) {
        set({ dialog: undefined });
        if (pending?.type === 'saveAs') pending.then?.();
      }
      return ok;
    },

    reload: async () => {
      const { filePath } = useDesigner.getState();
      if (filePath) await doOpen(filePath);
    },

    recover: async () => {
      const dialog = get().dialog;
      if (dialog?.type !== 'recovery') return;
      const { path, text } = dialog.recovery;
      // The file's current stamp keeps "changed on disk" detection working for the recovered copy.
      const onDisk = path ? await invoke('files.open', { path }).catch(() => undefined) : undefined;
      useDesigner.getState().load(text, path, onDisk?.modifiedAt, { dirty: true });
      set({ view: 'editor', dialog: undefined });
    },

    discardRecovery: async () => {
      set({ dialog: undefined });
      await call('files.discardRecovery', {}, 'Could not discard the recovery copy');
    },

    canSaveInPlace: () => {
      const { filePath } = useDesigner.getState();
      return Boolean(filePath && get().isWritable(filePath));
    },

    isWritable: (path) => isInsideWorkspace(get().workspace, get().sep, path) || get().writable.has(path),

    displayPath: (p) => relativeTo(get().workspace, get().sep, p),

    describePath: (p) => (get().examples.some((x) => x.path === p) ? 'example · read-only' : get().displayPath(p)),

    suggestedSavePath: () => {
      const { filePath, graph } = useDesigner.getState();
      if (filePath && get().canSaveInPlace()) return get().displayPath(filePath);
      return defaultFileName(graph.pipeline.metadata?.name);
    },
  };
});

/** Lets the guard's dialog continue after the user chose what to do with the unsaved changes. */
export async function resolveConfirm(choice: 'save' | 'discard' | 'cancel'): Promise<void> {
  const files = useFiles.getState();
  const dialog = files.dialog;
  if (dialog?.type !== 'confirm') return;
  if (choice === 'cancel') { files.closeDialog(); return; }
  if (choice === 'discard') { files.closeDialog(); dialog.then(); return; }
  if (files.canSaveInPlace()) {
    files.closeDialog();
    if (await files.save()) dialog.then();
  } else {
    files.showSaveAs(dialog.then);
  }
}
