/** Open: the workspace's pipeline files, recent files and the examples, plus a path field. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../../app/Dialog.js';
import { useFiles } from './files.store.js';
import { basename } from './paths.js';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function OpenDialog() {
  const { files, recent, examples, workspace, busy } = useFiles(useShallow((s) => ({
    files: s.files, recent: s.recent, examples: s.examples, workspace: s.workspace, busy: s.busy,
  })));
  const { open, closeDialog, displayPath, describePath } = useFiles.getState();
  const [path, setPath] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) open(path.trim());
  };
  return (
    <Dialog title="Open pipeline" testId="dialog-open" onClose={closeDialog} wide
      footer={<>
        <button type="button" className="pw-btn" onClick={closeDialog}>Cancel</button>
        <button type="submit" form="open-form" className="pw-btn is-primary" disabled={!path.trim() || busy} data-testid="open-submit">Open</button>
      </>}>
      <form id="open-form" onSubmit={submit} className="pw-field">
        <label htmlFor="open-path">Path <span className="pw-muted">(relative to the workspace {workspace})</span></label>
        <input id="open-path" className="pw-input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="pipelines/churn.yaml"
          data-testid="open-path" spellCheck={false} />
      </form>
      <div className="pw-open-lists">
        <FileList title="Workspace" empty="No pipeline files in the workspace yet.">
          {files.map((f) => (
            <FileRow key={f.path} testId={`open-file-${displayPath(f.path)}`} name={displayPath(f.path)} meta={when(f.modifiedAt)}
              selected={path === displayPath(f.path)} onPick={() => open(f.path)} onSelect={() => setPath(displayPath(f.path))} />
          ))}
        </FileList>
        <FileList title="Recent" empty="Nothing opened yet.">
          {recent.map((p, i) => (
            <FileRow key={p} testId={`open-recent-${i}`} name={basename(p)} meta={describePath(p)} selected={path === p} onPick={() => open(p)} onSelect={() => setPath(p)} />
          ))}
        </FileList>
        <FileList title="Examples" empty="No examples.">
          {examples.map((x) => (
            <FileRow key={x.path} testId={`open-example-${x.name}`} name={x.title} meta={`${x.nodes} steps · read-only`}
              selected={path === x.path} onPick={() => open(x.path)} onSelect={() => setPath(x.path)} />
          ))}
        </FileList>
      </div>
    </Dialog>
  );
}

function FileList({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <section className="pw-file-list">
      <h3>{title}</h3>
      {children.length ? <ul>{children}</ul> : <p className="pw-muted">{empty}</p>}
    </section>
  );
}

interface FileRowProps { name: string; meta: string; testId: string; selected: boolean; onPick(): void; onSelect(): void }

function FileRow({ name, meta, testId, selected, onPick, onSelect }: FileRowProps) {
  return (
    <li>
      <button type="button" className={selected ? 'pw-file-row is-selected' : 'pw-file-row'} data-testid={testId} onClick={onSelect} onDoubleClick={onPick} title="Click to select, double-click to open">
        <span className="pw-file-row__name">{name}</span>
        <span className="pw-file-row__meta">{meta}</span>
      </button>
    </li>
  );
}
