/** The top bar: document name with its dirty dot, file and edit commands, canvas commands, Run, theme. */
import { useReactFlow } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { autoLayout, redo, undo } from '../features/designer/actions.js';
import { useCanvasUi } from '../features/designer/canvas.store.js';
import { useFiles } from '../features/files/files.store.js';
import { documentName } from '../features/files/session.js';
import { RunButton } from '../features/runs/RunButton.js';
import { useDesigner } from '../stores/designer.store.js';
import { Icon, Logo, type IconName } from './icons.js';
import { keyLabel } from './platform.js';
import { SlotBoundary } from './SlotBoundary.js';
import { useUi } from './ui.store.js';

interface ToolProps { icon: IconName; label: string; shortcut?: string; testId: string; onClick(): void; disabled?: boolean; text?: boolean }

function Tool({ icon, label, shortcut, testId, onClick, disabled, text }: ToolProps) {
  return (
    <button type="button" className={text ? 'pw-tool has-text' : 'pw-tool'} onClick={onClick} disabled={disabled}
      title={shortcut ? `${label} (${shortcut})` : label} aria-label={label} data-testid={testId}>
      <Icon name={icon} />{text && <span>{label}</span>}
    </button>
  );
}

const Group = ({ children }: { children: ReactNode }) => <div className="pw-toolgroup">{children}</div>;

export function TopBar() {
  const { name, dirty, canUndo, canRedo, hasNodes, path } = useDesigner(useShallow((s) => ({
    name: documentName(s.filePath, s.graph.pipeline.metadata?.name), dirty: s.dirty, path: s.filePath,
    canUndo: s.past.length > 0, canRedo: s.future.length > 0, hasNodes: s.graph.nodes.length > 0,
  })));
  const editing = useFiles((s) => s.view === 'editor');
  const displayPath = useFiles((s) => (path ? s.displayPath(path) : undefined));
  const readOnly = useFiles((s) => Boolean(path) && !s.isWritable(path!));
  const layoutBusy = useCanvasUi((s) => s.layoutBusy);
  const theme = useUi((s) => s.theme);
  const mainView = useUi((s) => s.mainView);
  const files = useFiles.getState();
  const rf = useReactFlow();

  return (
    <header className="pw-topbar" data-testid="topbar">
      <div className="pw-brand"><Logo /><span>Pipewright</span></div>
      {editing && (
        <div className="pw-docname" data-testid="doc-title" title={displayPath ?? 'Not saved yet'}>
          <span className="pw-docname__text">{name}</span>
          {dirty && <span className="pw-dirty-dot" data-testid="dirty-dot" title="Unsaved changes" />}
          {readOnly && <span className="pw-chip" data-testid="doc-readonly" title="Outside the workspace: Save asks where in the workspace to save">read-only</span>}
        </div>
      )}
      <Group>
        <Tool icon="new" label="New" shortcut={keyLabel('N')} testId="btn-new" onClick={files.newPipeline} />
        <Tool icon="open" label="Open" shortcut={keyLabel('O')} testId="btn-open" onClick={files.showOpen} />
        <Tool icon="save" label="Save" shortcut={keyLabel('S')} testId="btn-save" onClick={() => void files.save()} disabled={!editing} />
        <Tool icon="saveAs" label="Save as" shortcut={keyLabel('S', { shift: true })} testId="btn-save-as" onClick={() => files.showSaveAs()} disabled={!editing} />
      </Group>
      <Group>
        <Tool icon="undo" label="Undo" shortcut={keyLabel('Z')} testId="btn-undo" onClick={undo} disabled={!editing || !canUndo} />
        <Tool icon="redo" label="Redo" shortcut={keyLabel('Z', { shift: true })} testId="btn-redo" onClick={redo} disabled={!editing || !canRedo} />
      </Group>
      <Group>
        <Tool icon="layout" label="Auto-layout" testId="btn-layout" onClick={() => void autoLayout()} disabled={!editing || !hasNodes || layoutBusy} />
        <Tool icon="fit" label="Fit view" testId="btn-fit" onClick={() => void rf.fitView({ padding: 0.15, maxZoom: 1.2, duration: 250 })} disabled={!editing || !hasNodes} />
        <Tool icon="find" label="Find node" shortcut={keyLabel('F')} testId="btn-find" onClick={() => useCanvasUi.getState().setFindOpen(true)} disabled={!editing || !hasNodes} />
      </Group>
      <div className="pw-topbar__spacer" />
      <div className="pw-viewswitch" role="tablist" aria-label="View">
        {(['designer', 'drift'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={mainView === v} className={mainView === v ? 'is-active' : undefined}
            data-testid={`view-${v}`} onClick={() => useUi.getState().setMainView(v)}>{v === 'designer' ? 'Designer' : 'Drift'}</button>
        ))}
      </div>
      {editing && mainView === 'designer' && <SlotBoundary name="Run"><RunButton /></SlotBoundary>}
      <Tool icon={theme === 'dark' ? 'sun' : 'moon'} label={theme === 'dark' ? 'Light theme' : 'Dark theme'} testId="btn-theme"
        onClick={() => useUi.getState().toggleTheme()} />
    </header>
  );
}
