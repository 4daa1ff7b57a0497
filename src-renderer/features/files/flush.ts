/**
 * Editors apply typing after a short pause, and at once when they lose focus. Saving right after typing
 * (Ctrl+S in the YAML tab) must see what was typed, so focus leaves the field and comes straight back.
 */
export function flushPendingEdits(): void {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body) return;
  el.blur();
  el.focus({ preventScroll: true });
}
