/** Opens, in the Drift view, the drift report a node of the run on screen wrote. */
import { useUi } from '../../app/ui.store.js';
import { useDrift } from '../../stores/drift.store.js';
import { useRuns } from '../../stores/runs.store.js';

export function openDriftReport(nodeId: string): void {
  const checkId = useRuns.getState().extras?.driftReports[nodeId];
  if (!checkId) return;
  useUi.getState().setMainView('drift');
  void useDrift.getState().openCheck(checkId);
}
