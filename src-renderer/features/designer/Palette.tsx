/**
 * The component palette: the library grouped by category, searchable. Drag an item onto the canvas to
 * add it there, or click it to add it in the middle of the view.
 */
import { useReactFlow } from '@xyflow/react';
import { memo, useMemo, useState, type DragEvent } from 'react';
import { NODE_KINDS, type Component } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { addComponent } from './actions.js';
import { KIND_LABELS, KindIcon } from './icons.js';
import { freeSpot } from './free-spot.js';
import { NODE_WIDTH } from './node-view.js';
import { COMPONENT_DRAG_TYPE } from './palette-drag.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The newest version of each component. */
export function latestComponents(components: readonly Component[]): Component[] {
  const best = new Map<string, Component>();
  for (const c of components) {
    const cur = best.get(c.metadata.id);
    if (!cur || compareVersions(c.metadata.version, cur.metadata.version) > 0) best.set(c.metadata.id, c);
  }
  return [...best.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

export function Palette() {
  const components = useDesigner((s) => s.components);
  const [query, setQuery] = useState('');
  const rf = useReactFlow();
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = latestComponents(components).filter((c) => !q
      || [c.metadata.id, c.metadata.name, c.metadata.description ?? '', c.metadata.category].some((t) => t.toLowerCase().includes(q)));
    return NODE_KINDS.map((kind) => ({ kind, items: list.filter((c) => c.metadata.category === kind) })).filter((g) => g.items.length);
  }, [components, query]);

  const addAtCentre = (c: Component) => {
    const rect = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = rect ? rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    const { graph, library } = useDesigner.getState();
    addComponent(c, freeSpot(graph, library, { x: centre.x - NODE_WIDTH / 2, y: centre.y - 60 }, 220));
  };

  return (
    <aside className="pw-palette" data-testid="palette" aria-label="Components">
      <div className="pw-palette__search">
        <input className="pw-input" type="search" placeholder="Search components" value={query} data-testid="palette-search"
          onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="pw-palette__list">
        {groups.map((g) => (
          <section key={g.kind} className="pw-palette__group" data-testid={`palette-group-${g.kind}`}>
            <h3 className="pw-palette__heading">
              <span className={`pw-kind-dot pw-kind-${g.kind}`} />{KIND_LABELS[g.kind]}<span className="pw-palette__count">{g.items.length}</span>
            </h3>
            {g.items.map((c) => <PaletteItem key={c.metadata.id} component={c} onAdd={addAtCentre} />)}
          </section>
        ))}
        {groups.length === 0 && (
          <div className="pw-palette__empty">{components.length ? `No component matches “${query}”` : 'The component library is empty.'}</div>
        )}
      </div>
    </aside>
  );
}

const PaletteItem = memo(function PaletteItem({ component: c, onAdd }: { component: Component; onAdd(c: Component): void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(COMPONENT_DRAG_TYPE, `${c.metadata.id}@${c.metadata.version}`);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <button type="button" className="pw-palette__item" draggable onDragStart={onDragStart} onClick={() => onAdd(c)}
      data-testid={`palette-${c.metadata.id}`} title={c.metadata.description ?? c.metadata.name}>
      <span className={`pw-palette__icon pw-kind-${c.metadata.category}`}><KindIcon kind={c.metadata.category} size={15} /></span>
      <span className="pw-palette__text">
        <span className="pw-palette__name">{c.metadata.name}</span>
        <span className="pw-palette__id">{c.metadata.id}@{c.metadata.version}</span>
      </span>
    </button>
  );
});
