/**
 * Background duties of the open document: the window title with its dirty marker, the guard before the
 * page closes on unsaved work, and autosave of unsaved work to the recovery file every few seconds.
 */
import { invoke } from '../../api/client.js';
import { toast } from '../../app/toast.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useFiles } from './files.store.js';
import { basename } from './paths.js';

const AUTOSAVE_MS = 3000;

export function documentName(filePath: string | undefined, pipelineName: string | undefined): string {
  return filePath ? basename(filePath) : pipelineName && pipelineName !== 'untitled' ? `${pipelineName} (unsaved)` : 'Untitled';
}

/** Starts the duties; returns the function that stops them. */
export function startDocumentSession(): () => void {
  const updateTitle = () => {
    const { filePath, dirty, graph } = useDesigner.getState();
    document.title = useFiles.getState().view === 'start'
      ? 'Pipewright'
      : `${dirty ? '● ' : ''}${documentName(filePath, graph.pipeline.metadata?.name)} — Pipewright`;
  };
  updateTitle();
  const unsubscribe = useDesigner.subscribe((s, prev) => {
    if (s.dirty !== prev.dirty || s.filePath !== prev.filePath || s.graph.pipeline !== prev.graph.pipeline) updateTitle();
  });
  const unsubscribeView = useFiles.subscribe((s, prev) => { if (s.view !== prev.view) updateTitle(); });

  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!useDesigner.getState().dirty) return;
    e.preventDefault();
    // Older engines need returnValue set to show their "leave site?" prompt.
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', beforeUnload);

  // Only what changed since the last autosave is written; a failure is reported once, not every tick.
  let lastGraph: unknown;
  let lastDraft: string | undefined;
  let warned = false;
  let inFlight = false;
  const timer = window.setInterval(() => {
    const s = useDesigner.getState();
    if (!s.dirty || inFlight || (s.graph === lastGraph && s.yamlDraft === lastDraft)) return;
    const { graph, yamlDraft } = s;
    inFlight = true;
    // JSON is valid YAML and costs milliseconds where YAML formatting costs a blocking half second on
    // a few thousand nodes; the recovery copy is only ever read back by the app.
    invoke('files.autosave', { text: yamlDraft ?? JSON.stringify(s.spec()), ...(s.filePath ? { path: s.filePath } : {}) })
      .then(() => { lastGraph = graph; lastDraft = yamlDraft; warned = false; })
      .catch((e: unknown) => {
        if (!warned) toast.warning('Autosave failed; save your work', e instanceof Error ? e.message : String(e));
        warned = true;
      })
      .finally(() => { inFlight = false; });
  }, AUTOSAVE_MS);

  return () => {
    unsubscribe();
    unsubscribeView();
    window.removeEventListener('beforeunload', beforeUnload);
    window.clearInterval(timer);
  };
}
