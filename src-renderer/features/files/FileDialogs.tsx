/** Shows whichever file dialog the files store asks for. */
import { useFiles } from './files.store.js';
import { OpenDialog } from './OpenDialog.js';
import { ConfirmDiscardDialog, ConflictDialog, RecoveryDialog } from './PromptDialogs.js';
import { SaveAsDialog } from './SaveAsDialog.js';

export function FileDialogs() {
  const dialog = useFiles((s) => s.dialog);
  switch (dialog?.type) {
    case 'open': return <OpenDialog />;
    case 'saveAs': return <SaveAsDialog />;
    case 'confirm': return <ConfirmDiscardDialog action={dialog.action} />;
    case 'conflict': return <ConflictDialog path={dialog.path} />;
    case 'recovery': return <RecoveryDialog recovery={dialog.recovery} />;
    default: return null;
  }
}
