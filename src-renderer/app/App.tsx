/** The app shell: top bar, palette, canvas (or the start gallery), side and bottom panels, dialogs, toasts. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from '../features/designer/Canvas.js';
import { DriftView } from '../features/drift/DriftView.js';
import { Palette } from '../features/designer/Palette.js';
import { FileDialogs } from '../features/files/FileDialogs.js';
import { Gallery } from '../features/files/Gallery.js';
import { useFiles } from '../features/files/files.store.js';
import { startDocumentSession } from '../features/files/session.js';
import { RunBar } from '../features/runs/RunBar.js';
import { useDesigner } from '../stores/designer.store.js';
import { useApp } from './app.store.js';
import { installMenuCommands } from './menu-commands.js';
import { BottomPanel, RightPanel } from './Panels.js';
import { installShortcuts } from './shortcuts.js';
import { SlotBoundary } from './SlotBoundary.js';
import { Toasts } from './Toasts.js';
import { TopBar } from './TopBar.js';
import { useUi } from './ui.store.js';

let booted = false;

export function App() {
  const status = useApp((s) => s.status);
  const view = useFiles((s) => s.view);
  const mainView = useUi((s) => s.mainView);
  useEffect(() => {
    // Once per page, even when React mounts effects twice in development.
    if (!booted) { booted = true; void useApp.getState().boot(); }
    const stopSession = startDocumentSession();
    const stopShortcuts = installShortcuts();
    const stopMenu = installMenuCommands();
    // File commands (New, Open, a dialog) given from the Drift view bring the designer back.
    const toDesigner = () => { if (useUi.getState().mainView !== 'designer') useUi.getState().setMainView('designer'); };
    const stopFiles = useFiles.subscribe((s, p) => { if ((s.dialog && s.dialog !== p.dialog) || s.view !== p.view) toDesigner(); });
    const stopDoc = useDesigner.subscribe((s, p) => { if (s.filePath !== p.filePath) toDesigner(); });
    return () => { stopSession(); stopShortcuts(); stopMenu(); stopFiles(); stopDoc(); };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="pw-app" data-view={view}>
        <TopBar />
        <SlotBoundary name="RunBar"><RunBar /></SlotBoundary>
        {status === 'error' ? <StartupError /> : status === 'loading' ? <div className="pw-loading" data-testid="loading">Loading…</div>
          : mainView === 'drift' ? <SlotBoundary name="Drift"><DriftView /></SlotBoundary>
          : view === 'start' ? <Gallery /> : (
            <div className="pw-workbench">
              <Palette />
              <main className="pw-centre">
                <Canvas />
                <BottomPanel />
              </main>
              <RightPanel />
            </div>
          )}
        <FileDialogs />
        <Toasts />
      </div>
    </ReactFlowProvider>
  );
}

function StartupError() {
  const error = useApp((s) => s.error);
  return (
    <div className="pw-startup-error" data-testid="startup-error">
      <h1>Pipewright could not start</h1>
      <p>{error}</p>
      <button type="button" className="pw-btn is-primary" onClick={() => void useApp.getState().boot()}>Try again</button>
    </div>
  );
}
