/** Runs: the Run dialog, the run bar, node status chips, the log panel and the run history. */
import { expect, type Locator, type Page } from '@playwright/test';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type NodeStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cached' | 'cancelled';

export class RunPage {
  constructor(readonly page: Page) {}

  get runButton(): Locator { return this.page.getByTestId('btn-run'); }
  get dialog(): Locator { return this.page.getByTestId('run-dialog'); }
  get bar(): Locator { return this.page.getByTestId('run-bar'); }
  get progress(): Locator { return this.page.getByTestId('run-progress'); }
  get logPanel(): Locator { return this.page.getByTestId('log-panel'); }
  get logBody(): Locator { return this.page.getByTestId('log-body'); }
  get logNode(): Locator { return this.page.getByTestId('log-node'); }
  get runsPanel(): Locator { return this.page.getByTestId('runs-panel'); }
  row(i: number): Locator { return this.page.getByTestId(`run-row-${i}`); }
  /** The run status chip on a node card (drawn on full cards only, not on zoomed-out boxes). */
  nodeStatus(nodeId: string): Locator { return this.page.getByTestId(`node-${nodeId}-status`); }
  /** Node cards (full or zoomed-out) coloured with a run status. */
  nodesWithStatus(status: NodeStatus): Locator { return this.page.locator(`.react-flow__node .pw-node.run-${status}`); }

  /** Opens the Run dialog, picks the executor and starts; the dialog closes and the Logs tab shows. */
  async start(opts: { executor?: 'process' | 'docker'; noCache?: boolean } = {}): Promise<void> {
    await this.runButton.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('run-executor').selectOption(opts.executor ?? 'process');
    if (opts.noCache !== undefined) await this.dialog.getByTestId('run-no-cache').setChecked(opts.noCache);
    await this.dialog.getByTestId('run-start').click();
    await expect(this.dialog).toBeHidden();
    await expect(this.bar).toBeVisible();
  }

  async expectRunStatus(status: RunStatus, timeout = 90_000): Promise<void> {
    await expect(this.bar).toHaveAttribute('data-status', status, { timeout });
  }

  /**
   * A node's run status, from the `run-<status>` class its card carries at every zoom level, and from
   * its status chip too when the card is drawn in full.
   */
  async expectNodeStatus(nodeId: string, status: NodeStatus, timeout = 10_000): Promise<void> {
    const card = this.page.getByTestId(`node-${nodeId}`);
    await expect(card).toHaveClass(new RegExp(`(^|\\s)run-${status}(\\s|$)`), { timeout });
    if (!(await card.getAttribute('data-lod'))) await expect(this.nodeStatus(nodeId)).toHaveAttribute('data-status', status);
  }

  /** Shows a node's log in the Logs tab. */
  async showLog(nodeId: string): Promise<void> {
    const tab = this.page.getByTestId('panel-logs');
    if (!(await tab.isVisible())) await this.page.getByTestId('tab-logs').click();
    await this.logNode.selectOption(nodeId);
    await expect(this.logNode).toHaveValue(nodeId);
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('btn-cancel-run').click();
  }

  /** Re-runs the open pipeline from the node shown in the Logs tab. */
  async rerunFrom(nodeId: string): Promise<void> {
    await this.showLog(nodeId);
    const button = this.page.getByTestId('btn-rerun-from');
    await expect(button).toBeEnabled();
    await button.click();
  }

  async showHistory(): Promise<void> {
    const tab = this.page.getByTestId('panel-runs');
    if (!(await tab.isVisible())) await this.page.getByTestId('tab-runs').click();
    await expect(this.runsPanel).toBeVisible();
  }
}
