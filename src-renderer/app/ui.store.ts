/**
 * Shell state that is not part of the document: theme, which panel tabs are showing, panel sizes.
 * Persisted in localStorage so the app opens the way it was left.
 */
import { create } from 'zustand';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';
export type RightTab = 'inspector' | 'yaml' | 'code';
export type BottomTab = 'problems' | 'logs' | 'runs';
/** The top bar's view switch: the pipeline designer, or the Drift view. */
export type MainView = 'designer' | 'drift';

interface Persisted {
  themeSetting: ThemeSetting;
  rightTab: RightTab;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  rightWidth: number;
  bottomHeight: number;
}

interface UiState extends Persisted {
  /** The theme in effect: the setting, or the OS preference when the setting is 'system'. */
  theme: Theme;
  mainView: MainView;
  setMainView(v: MainView): void;
  setThemeSetting(s: ThemeSetting): void;
  toggleTheme(): void;
  setRightTab(t: RightTab): void;
  /** Shows a bottom tab; clicking the tab already showing collapses the panel. */
  setBottomTab(t: BottomTab, toggle?: boolean): void;
  setBottomOpen(open: boolean): void;
  setRightWidth(px: number): void;
  setBottomHeight(px: number): void;
}

const KEY = 'pipewright.ui';
const DEFAULTS: Persisted = { themeSetting: 'system', rightTab: 'inspector', bottomTab: 'problems', bottomOpen: true, rightWidth: 380, bottomHeight: 220 };

function loadPersisted(): Persisted {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Persisted>;
    return { ...DEFAULTS, ...raw };
  } catch {
    return DEFAULTS;
  }
}

const osDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
const effective = (s: ThemeSetting): Theme => (s === 'system' ? (osDark() ? 'dark' : 'light') : s);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

const initial = loadPersisted();

export const useUi = create<UiState>()((set, get) => ({
  ...initial,
  theme: effective(initial.themeSetting),
  mainView: 'designer',
  setMainView: (mainView) => set({ mainView }),
  setThemeSetting: (themeSetting) => set({ themeSetting, theme: effective(themeSetting) }),
  // The toolbar toggle flips what you see; it pins an explicit choice instead of following the OS.
  toggleTheme: () => get().setThemeSetting(get().theme === 'dark' ? 'light' : 'dark'),
  setRightTab: (rightTab) => set({ rightTab }),
  setBottomTab: (bottomTab, toggle) => set(toggle && get().bottomOpen && get().bottomTab === bottomTab
    ? { bottomOpen: false } : { bottomTab, bottomOpen: true }),
  setBottomOpen: (bottomOpen) => set({ bottomOpen }),
  setRightWidth: (px) => set({ rightWidth: clamp(px, 280, Math.max(320, window.innerWidth * 0.6)) }),
  setBottomHeight: (px) => set({ bottomHeight: clamp(px, 120, Math.max(160, window.innerHeight * 0.7)) }),
}));

// Persist and apply the theme outside React, so it is right before the first paint after a change.
useUi.subscribe((s) => {
  const { themeSetting, rightTab, bottomTab, bottomOpen, rightWidth, bottomHeight } = s;
  try {
    localStorage.setItem(KEY, JSON.stringify({ themeSetting, rightTab, bottomTab, bottomOpen, rightWidth, bottomHeight }));
  } catch { /* private mode or full storage: the UI still works, it just forgets */ }
  document.documentElement.dataset.theme = s.theme;
});

document.documentElement.dataset.theme = useUi.getState().theme;
window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
  const s = useUi.getState();
  if (s.themeSetting === 'system') s.setThemeSetting('system');
});
