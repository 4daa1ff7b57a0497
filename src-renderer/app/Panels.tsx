/**
 * The side and bottom panels. Their contents come from other features (inspector, editors, runs); this
 * file only provides the tabs and the slots, each behind an error boundary.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CodeTab } from '../features/editor/CodeTab.js';
import { YamlTab } from '../features/editor/YamlTab.js';
import { Inspector } from '../features/inspector/Inspector.js';
import { ProblemCounts, ProblemsPanel } from '../features/problems/ProblemsPanel.js';
import { LogPanel } from '../features/runs/LogPanel.js';
import { RunsPanel } from '../features/runs/RunsPanel.js';
import { Icon } from './icons.js';
import { SlotBoundary } from './SlotBoundary.js';
import { Splitter } from './Splitter.js';
import { useUi, type BottomTab, type RightTab } from './ui.store.js';

interface TabDef<T extends string> { id: T; label: string; extra?: ReactNode }

function TabStrip<T extends string>({ tabs, active, onPick, children }: { tabs: TabDef<T>[]; active: T | undefined; onPick(t: T): void; children?: ReactNode }) {
  return (
    <div className="pw-tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={active === t.id} className={active === t.id ? 'pw-tab is-active' : 'pw-tab'}
          onClick={() => onPick(t.id)} data-testid={`tab-${t.id}`}>
          {t.label}{t.extra}
        </button>
      ))}
      <div className="pw-tabs__spacer" />
      {children}
    </div>
  );
}

const RIGHT_TABS: TabDef<RightTab>[] = [{ id: 'inspector', label: 'Inspector' }, { id: 'yaml', label: 'YAML' }, { id: 'code', label: 'Code' }];

export function RightPanel() {
  const tab = useUi((s) => s.rightTab);
  const width = useUi((s) => s.rightWidth);
  return (
    <aside className="pw-right" style={{ width }} data-testid="right-panel">
      <Splitter direction="horizontal" current={width} testId="splitter-right" onResize={(d, start) => useUi.getState().setRightWidth(start - d)} />
      <TabStrip tabs={RIGHT_TABS} active={tab} onPick={(t) => useUi.getState().setRightTab(t)} />
      <div className="pw-panel-body" role="tabpanel" data-testid={`panel-${tab}`}>
        {tab === 'inspector' && <SlotBoundary name="Inspector"><Inspector /></SlotBoundary>}
        {tab === 'yaml' && <SlotBoundary name="YAML"><YamlTab /></SlotBoundary>}
        {tab === 'code' && <SlotBoundary name="Code"><CodeTab /></SlotBoundary>}
      </div>
    </aside>
  );
}

export function BottomPanel() {
  const { bottomTab: tab, bottomOpen: open, bottomHeight: height } = useUi(useShallow((s) => ({ bottomTab: s.bottomTab, bottomOpen: s.bottomOpen, bottomHeight: s.bottomHeight })));
  const tabs: TabDef<BottomTab>[] = [
    { id: 'problems', label: 'Problems', extra: <ProblemCounts /> }, { id: 'logs', label: 'Logs' }, { id: 'runs', label: 'Runs' },
  ];
  return (
    <section className={open ? 'pw-bottom' : 'pw-bottom is-collapsed'} style={open ? { height } : undefined} data-testid="bottom-panel">
      {open && <Splitter direction="vertical" current={height} testId="splitter-bottom" onResize={(d, start) => useUi.getState().setBottomHeight(start - d)} />}
      <TabStrip tabs={tabs} active={open ? tab : undefined} onPick={(t) => useUi.getState().setBottomTab(t, true)}>
        <button type="button" className="pw-tool" onClick={() => useUi.getState().setBottomOpen(!open)} data-testid="btn-toggle-bottom"
          title={open ? 'Hide panel' : 'Show panel'} aria-label={open ? 'Hide panel' : 'Show panel'}>
          <Icon name={open ? 'chevronDown' : 'chevronUp'} />
        </button>
      </TabStrip>
      {open && (
        <div className="pw-panel-body" role="tabpanel" data-testid={`panel-${tab}`}>
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'logs' && <SlotBoundary name="Logs"><LogPanel /></SlotBoundary>}
          {tab === 'runs' && <SlotBoundary name="Runs"><RunsPanel /></SlotBoundary>}
        </div>
      )}
    </section>
  );
}
