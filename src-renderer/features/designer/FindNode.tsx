/** Ctrl/Cmd+F: a small search box over the canvas that selects and centres a node by id or name. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useDesigner } from '../../stores/designer.store.js';
import { useCanvasUi } from './canvas.store.js';
import { KindIcon } from './icons.js';

const MAX_RESULTS = 8;

export function FindNode() {
  const open = useCanvasUi((s) => s.findOpen);
  return open ? <FindBox /> : null;
}

function FindBox() {
  const nodes = useDesigner((s) => s.graph.nodes);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const close = () => useCanvasUi.getState().setFindOpen(false);

  const results = useMemo(() => {
    const q = query.trim().toLowerCase();
    const scored = [];
    for (const n of nodes) {
      const id = n.id.toLowerCase();
      const name = (n.data.spec.name ?? '').toLowerCase();
      // Exact and prefix matches first, then anything containing the text.
      const score = !q ? 3 : id === q ? 0 : id.startsWith(q) || name.startsWith(q) ? 1 : id.includes(q) || name.includes(q) ? 2 : -1;
      if (score >= 0) scored.push({ n, score });
      if (!q && scored.length >= MAX_RESULTS) break;
    }
    return scored.sort((a, b) => a.score - b.score).slice(0, MAX_RESULTS).map((x) => x.n);
  }, [nodes, query]);

  const pick = (id: string) => {
    const s = useDesigner.getState();
    s.select(id);
    s.revealNode(id);
    close();
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.preventDefault(); close(); } else if (e.key === 'ArrowDown') {
      e.preventDefault(); setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault(); setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const n = results[active] ?? results[0];
      if (n) pick(n.id);
    }
  };

  return (
    <div className="pw-find" data-testid="find-box" role="dialog" aria-label="Find node">
      <input autoFocus className="pw-input pw-find__input" placeholder="Find node by id or name…" value={query} data-testid="find-input"
        onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKey} onBlur={() => window.setTimeout(close, 150)} />
      <ul className="pw-find__results">
        {results.map((n, i) => (
          <li key={n.id}>
            <button type="button" className={i === active ? 'pw-find__item is-active' : 'pw-find__item'} data-testid={`find-result-${n.id}`}
              onMouseDown={(e) => e.preventDefault()} onClick={() => pick(n.id)} onMouseEnter={() => setActive(i)}>
              <span className={`pw-find__icon pw-kind-${n.data.spec.kind}`}><KindIcon kind={n.data.spec.kind} size={13} /></span>
              <span className="pw-find__name">{n.data.spec.name ?? n.id}</span>
              <span className="pw-find__id">{n.id}</span>
            </button>
          </li>
        ))}
        {results.length === 0 && <li className="pw-find__none">No node matches “{query}”</li>}
      </ul>
    </div>
  );
}
