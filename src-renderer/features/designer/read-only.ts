/** While a past run's snapshot is on the canvas, the canvas is read-only: edits are refused with a way back. */
import { toast } from '../../app/toast.store.js';
import { useRuns } from '../../stores/runs.store.js';

export const isViewingSnapshot = () => Boolean(useRuns.getState().snapshot);

/** True (and says so) when an edit must not happen now. */
export function editingBlocked(): boolean {
  if (!isViewingSnapshot()) return false;
  toast.info('Viewing a past run (read-only)', undefined, { label: 'Back to editing', run: () => useRuns.getState().closeSnapshot() });
  return true;
}
