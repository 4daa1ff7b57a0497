/** The first-start view: example pipelines to open, a blank pipeline, and recent files. */
import { useShallow } from 'zustand/react/shallow';
import { useFiles } from './files.store.js';
import { basename } from './paths.js';

export function Gallery() {
  const { examples, recent } = useFiles(useShallow((s) => ({ examples: s.examples, recent: s.recent })));
  const { open, newPipeline, showOpen, describePath } = useFiles.getState();
  return (
    <div className="pw-gallery" data-testid="gallery">
      <div className="pw-gallery__inner">
        <header className="pw-gallery__header">
          <h1>Start a pipeline</h1>
          <p className="pw-muted">Open an example to see how the pieces fit, or start from a blank canvas.</p>
        </header>
        <div className="pw-gallery__grid">
          <button type="button" className="pw-card pw-card--blank" onClick={newPipeline} data-testid="gallery-blank">
            <span className="pw-card__plus" aria-hidden="true">+</span>
            <span className="pw-card__title">Blank pipeline</span>
            <span className="pw-card__desc">An empty canvas. Drag components in from the palette.</span>
          </button>
          {examples.map((x) => (
            <article key={x.path} className="pw-card" data-testid={`example-${x.name}`}>
              <div className="pw-card__top">
                <span className="pw-card__title">{x.title}</span>
                <span className="pw-chip" data-testid={`example-${x.name}-nodes`}>{x.nodes} steps</span>
              </div>
              <p className="pw-card__desc">{x.description || 'An example pipeline.'}</p>
              <div className="pw-card__actions">
                <button type="button" className="pw-btn is-primary" onClick={() => open(x.path)} data-testid={`example-${x.name}-open`}>Open</button>
              </div>
            </article>
          ))}
        </div>
        <section className="pw-gallery__recent">
          <div className="pw-gallery__recent-head">
            <h2>Recent</h2>
            <button type="button" className="pw-btn is-ghost" onClick={showOpen} data-testid="gallery-open">Open file…</button>
          </div>
          {recent.length ? (
            <ul>
              {recent.map((p, i) => (
                <li key={p}>
                  <button type="button" className="pw-file-row" onClick={() => open(p)} data-testid={`gallery-recent-${i}`}>
                    <span className="pw-file-row__name">{basename(p)}</span>
                    <span className="pw-file-row__meta">{describePath(p)}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : <p className="pw-muted">Files you open or save appear here.</p>}
        </section>
      </div>
    </div>
  );
}
