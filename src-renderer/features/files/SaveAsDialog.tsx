/** Save as: a path relative to the workspace, defaulting to `<pipeline-name>.yaml`; warns before replacing a file. */
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../app/Dialog.js';
import { useFiles } from './files.store.js';

const withExtension = (p: string) => (/\.ya?ml$/i.test(p) ? p : `${p}.yaml`);

export function SaveAsDialog() {
  const files = useFiles((s) => s.files);
  const busy = useFiles((s) => s.busy);
  const workspace = useFiles((s) => s.workspace);
  const { saveAs, closeDialog, displayPath, suggestedSavePath } = useFiles.getState();
  const [path, setPath] = useState(suggestedSavePath);
  const target = withExtension(path.trim());
  const exists = files.some((f) => displayPath(f.path) === target || f.path === target);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void saveAs(target);
  };
  return (
    <Dialog title="Save pipeline as" testId="dialog-save-as" onClose={closeDialog}
      footer={<>
        <button type="button" className="pw-btn" onClick={closeDialog} data-testid="save-as-cancel">Cancel</button>
        <button type="submit" form="save-as-form" className={exists ? 'pw-btn is-danger' : 'pw-btn is-primary'} disabled={!path.trim() || busy}
          data-testid="save-as-submit">{exists ? 'Replace' : 'Save'}</button>
      </>}>
      <form id="save-as-form" onSubmit={submit} className="pw-field">
        <label htmlFor="save-as-path">File <span className="pw-muted">(in the workspace {workspace})</span></label>
        <input id="save-as-path" className="pw-input" value={path} onChange={(e) => setPath(e.target.value)} data-testid="save-as-path"
          spellCheck={false} onFocus={(e) => e.target.setSelectionRange(0, e.target.value.replace(/\.ya?ml$/i, '').length)} />
        {exists && <p className="pw-warning-text" data-testid="save-as-exists">{target} already exists; saving replaces it.</p>}
      </form>
    </Dialog>
  );
}
