/** The small questions about documents: unsaved changes, a file changed on disk, recovering unsaved work. */
import { Dialog } from '../../app/Dialog.js';
import { useDesigner } from '../../stores/designer.store.js';
import { resolveConfirm, useFiles, type Recovery } from './files.store.js';
import { basename } from './paths.js';
import { documentName } from './session.js';

export function ConfirmDiscardDialog({ action }: { action: string }) {
  const name = useDesigner((s) => documentName(s.filePath, s.graph.pipeline.metadata?.name));
  return (
    <Dialog title="Unsaved changes" testId="dialog-confirm" onClose={() => void resolveConfirm('cancel')}
      footer={<>
        <button type="button" className="pw-btn" onClick={() => void resolveConfirm('cancel')} data-testid="confirm-cancel">Cancel</button>
        <button type="button" className="pw-btn is-danger" onClick={() => void resolveConfirm('discard')} data-testid="confirm-discard">Discard changes</button>
        <button type="button" className="pw-btn is-primary" onClick={() => void resolveConfirm('save')} data-testid="confirm-save">Save…</button>
      </>}>
      <p><strong>{name}</strong> has changes that are not saved. Save them before you {action}?</p>
    </Dialog>
  );
}

export function ConflictDialog({ path }: { path: string }) {
  const { reload, showSaveAs, closeDialog } = useFiles.getState();
  return (
    <Dialog title="File changed on disk" testId="dialog-conflict" onClose={closeDialog}
      footer={<>
        <button type="button" className="pw-btn" onClick={closeDialog} data-testid="conflict-cancel">Cancel</button>
        <button type="button" className="pw-btn is-danger" onClick={() => void reload()} data-testid="conflict-reload">Reload from disk</button>
        <button type="button" className="pw-btn is-primary" onClick={() => showSaveAs()} data-testid="conflict-save-as">Save as…</button>
      </>}>
      <p>
        <strong>{basename(path)}</strong> was changed by another program since you opened it. Reload it (your changes here are lost)
        or save your version under another name.
      </p>
    </Dialog>
  );
}

export function RecoveryDialog({ recovery }: { recovery: Recovery }) {
  const { recover, discardRecovery } = useFiles.getState();
  const when = new Date(recovery.savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Dialog title="Recover unsaved work?" testId="dialog-recovery" onClose={() => void discardRecovery()}
      footer={<>
        <button type="button" className="pw-btn" onClick={() => void discardRecovery()} data-testid="recovery-discard">Discard</button>
        <button type="button" className="pw-btn is-primary" onClick={() => void recover()} data-testid="recovery-restore">Recover</button>
      </>}>
      <p>
        Pipewright closed with unsaved changes{recovery.path ? <> to <strong>{basename(recovery.path)}</strong></> : ' to a new pipeline'},
        autosaved {when}. Recover them?
      </p>
    </Dialog>
  );
}
