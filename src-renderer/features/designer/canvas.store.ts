/** Canvas UI state that is not part of the document: the find box, fit requests, layout in progress. */
import { create } from 'zustand';

interface CanvasUiState {
  findOpen: boolean;
  /** Bumped to ask the canvas to fit the whole pipeline into view. */
  fitSeq: number;
  layoutBusy: boolean;
  setFindOpen(open: boolean): void;
  requestFit(): void;
  setLayoutBusy(busy: boolean): void;
}

export const useCanvasUi = create<CanvasUiState>()((set, get) => ({
  findOpen: false,
  fitSeq: 0,
  layoutBusy: false,
  setFindOpen: (findOpen) => set({ findOpen }),
  requestFit: () => set({ fitSeq: get().fitSeq + 1 }),
  setLayoutBusy: (layoutBusy) => set({ layoutBusy }),
}));
