/**
 * Small, transient messages in the corner: failed API calls, refused edges, "saved". Errors stay longer
 * than information, and the same message shown twice in a row only renews the first one.
 */
import { create } from 'zustand';

export type ToastKind = 'error' | 'warning' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** Optional detail shown smaller under the message (e.g. which API call failed). */
  detail?: string;
  /** A button on the toast ("Auto-layout"); clicking it runs `run` and dismisses the toast. */
  action?: ToastAction;
}

export interface ToastAction { label: string; run(): void }

interface ToastState {
  toasts: Toast[];
  show(kind: ToastKind, message: string, detail?: string, action?: ToastAction): void;
  dismiss(id: number): void;
}

const LIFETIME: Record<ToastKind, number> = { error: 8000, warning: 6000, info: 5000, success: 2500 };
const MAX_VISIBLE = 4;
let nextId = 1;
const timers = new Map<number, number>();

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show: (kind, message, detail, action) => {
    const same = get().toasts.find((t) => t.kind === kind && t.message === message);
    const toast: Toast = same ?? { id: nextId++, kind, message, ...(detail ? { detail } : {}), ...(action ? { action } : {}) };
    if (!same) set({ toasts: [...get().toasts, toast].slice(-MAX_VISIBLE) });
    window.clearTimeout(timers.get(toast.id));
    timers.set(toast.id, window.setTimeout(() => get().dismiss(toast.id), LIFETIME[kind]));
  },
  dismiss: (id) => {
    window.clearTimeout(timers.get(id));
    timers.delete(id);
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = {
  error: (message: string, detail?: string) => useToasts.getState().show('error', message, detail),
  warning: (message: string, detail?: string) => useToasts.getState().show('warning', message, detail),
  info: (message: string, detail?: string, action?: ToastAction) => useToasts.getState().show('info', message, detail, action),
  success: (message: string, detail?: string) => useToasts.getState().show('success', message, detail),
};

/** Reports a failed back-end call: `what` says what the user was doing ("Could not save"). */
export function reportError(what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  toast.error(what, message);
}
