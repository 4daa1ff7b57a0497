/**
 * The desktop shell's native menu: its clicks arrive as `menuCommand` events on the same channel as run
 * events (the accelerators are only shown there; key presses still come through shortcuts.ts).
 */
import type { AppEvent, MenuCommand } from '../../shared/contract/events.js';
import { onEvent } from '../api/client.js';
import { autoLayout, redo, undo } from '../features/designer/actions.js';
import { useCanvasUi } from '../features/designer/canvas.store.js';
import { useFiles } from '../features/files/files.store.js';

function run(c: MenuCommand): void {
  const files = useFiles.getState();
  const editing = files.view === 'editor';
  switch (c.command) {
    case 'file.new': files.newPipeline(); break;
    case 'file.open': files.showOpen(); break;
    case 'file.openPath': files.open(c.path); break;
    case 'file.save': if (editing) void files.save(); break;
    case 'file.saveAs': if (editing) files.showSaveAs(); break;
    case 'file.saveAsPath': if (editing) void files.saveAs(c.path); break;
    case 'edit.undo': if (editing) undo(); break;
    case 'edit.redo': if (editing) redo(); break;
    case 'view.fit': if (editing) useCanvasUi.getState().requestFit(); break;
    case 'view.layout': if (editing) void autoLayout(); break;
    case 'view.find': if (editing) useCanvasUi.getState().setFindOpen(true); break;
    // The run dialog belongs to the runs feature and keeps its open state inside RunButton.
    case 'run.start': document.querySelector<HTMLButtonElement>('[data-testid="btn-run"]:not(:disabled)')?.click(); break;
  }
}

/** Only the Electron shell sends these; in browser mode nothing arrives. Returns the unsubscribe function. */
export function installMenuCommands(): () => void {
  if (!window.pipewright) return () => undefined;
  return onEvent((e) => {
    const event = e as AppEvent;
    if (event.type === 'menuCommand') run(event);
  });
}
