/**
 * Runs through the UI on the process executor (real Python): the churn example end to end with its
 * logs and history, cancelling a long run, and re-running from a node with what is upstream cached.
 * Each test has its own back end: the run cache and history must start empty.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test.js';
import { CHAIN_YAML, sleeperYaml, writePipeline } from '../fixtures/pipelines.js';
import { alive } from '../fixtures/processes.js';
import { DriftPage } from '../pages/drift-page.js';

const CHURN_NODES = ['load', 'validate', 'features', 'train', 'evaluate', 'deploy', 'load-current', 'drift'];

test.describe('the churn example', () => {
  test.use({ fresh: {} });

  test('run the example on the process executor and see every node succeed with logs', async ({ app, backend }) => {
    test.setTimeout(120_000);
    const runs = app.runs;
    await app.gallery.openExample('churn');
    await runs.start({ executor: 'process' });
    await expect(runs.runButton).toBeDisabled();
    await runs.expectRunStatus('succeeded');

    for (const id of CHURN_NODES) await runs.expectNodeStatus(id, 'succeeded');
    await expect(runs.progress).toHaveText('8/8 nodes');
    await expect(runs.runButton).toBeEnabled();

    // Each node's own output, from the Python components.
    await runs.showLog('load');
    await expect(runs.logBody).toContainText('loaded 5000 rows x 11 columns');
    await runs.showLog('train');
    await expect(runs.logBody).toContainText(/trained gradient_boosting on 4000 rows/);
    await runs.showLog('deploy');
    await expect(runs.logBody).toContainText('registered churn-model v1');
    // The model registry (~/.pipewright/registry) went to the back end's temp HOME.
    expect(existsSync(join(backend.home, '.pipewright', 'registry', 'churn-model'))).toBe(true);

    // Search finds the chunk holding every word and marks them.
    await runs.showLog('drift');
    await app.page.getByTestId('log-search').fill('columns drifted');
    await expect(runs.logBody).toContainText('1 matching chunk');
    await expect(runs.logBody.locator('mark')).toHaveText(['columns', 'drifted']);

    // History: the run, and its snapshot (read-only canvas) until "Back to editing".
    await runs.showHistory();
    await expect(runs.row(0)).toContainText('Succeeded');
    await expect(runs.row(0)).toContainText('process');
    await expect(runs.row(1)).toHaveCount(0);
    await expect(runs.row(0).getByTestId('run-flag-count')).toHaveText('1');
    await runs.row(0).click();
    await expect(app.page.getByTestId('run-flag-list')).toContainText('PSI above the critical level on monthly_charges');
    await expect(app.page.getByTestId('snapshot-banner').first()).toContainText('read-only');
    await expect(app.designer.canvas).toHaveAttribute('data-readonly', 'true');
    await expect(app.page.getByTestId('run-metrics')).toBeVisible();
    await expect(app.page.getByTestId('metric-holdout_auc')).toBeVisible();
    await app.page.getByTestId('btn-back-to-editing').first().click();
    await expect(app.page.getByTestId('snapshot-banner')).toHaveCount(0);
    await expect(app.designer.canvas).not.toHaveAttribute('data-readonly', /.*/);

    // The drift check flagged the live run (PSI above 0.2 on two columns); its node links the report.
    await expect(app.page.getByTestId('run-flags')).toContainText('PSI above the critical level');
    await app.page.getByTestId('node-drift-drift-report').click();
    const drift = new DriftPage(app.page);
    await expect(drift.view).toBeVisible();
    await expect(drift.verdict).toContainText('3 of 10 columns drifted');
    await expect(drift.row('monthly_charges')).toContainText('wasserstein');
    await expect(drift.historyItems.first()).toContainText('load.dataset');
    // The pickers now hold the two run artifacts it compared, ready to compare again (with overrides).
    await expect(drift.picker('ref').locator('option:checked')).toContainText('churn · load.dataset');
    await expect(drift.picker('cur').locator('option:checked')).toContainText('churn · load-current.dataset');
  });
});

test.describe('a long run', () => {
  test.use({ fresh: { prepare: (ws) => { writePipeline(ws, 'sleeper.yaml', sleeperYaml(join(ws, 'nap.pid'))); } } });

  test('cancel a long run', async ({ app, backend }) => {
    const runs = app.runs;
    const pidFile = join(backend.workspace, 'nap.pid');
    await app.gallery.openFile('sleeper.yaml');
    await runs.start();
    await runs.expectRunStatus('running');
    await runs.expectNodeStatus('nap', 'running', 30_000);
    await runs.showLog('nap');
    await expect(runs.logBody).toContainText('napping as pid', { timeout: 30_000 });
    await expect.poll(() => existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);

    try {
      await runs.cancel();
      await runs.expectRunStatus('cancelled', 20_000);
      await runs.expectNodeStatus('nap', 'cancelled');
      // The node's process is gone, not left sleeping.
      await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
      await expect(runs.runButton).toBeEnabled();
      await expect(app.page.getByTestId('btn-cancel-run')).toHaveCount(0);
      await runs.showHistory();
      await expect(runs.row(0)).toContainText('Cancelled');
    } finally {
      // A failed cancel must not leave the sleeper behind (it is this test's own process).
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});

test.describe('re-running part of a pipeline', () => {
  test.use({ fresh: { prepare: (ws) => { writePipeline(ws, 'chain.yaml', CHAIN_YAML); } } });

  test('re-run from a node with upstream cached', async ({ app }) => {
    test.setTimeout(90_000);
    const runs = app.runs;
    await app.gallery.openFile('chain.yaml');
    await runs.start();
    await runs.expectRunStatus('succeeded', 60_000);
    for (const id of ['make', 'double', 'total']) await runs.expectNodeStatus(id, 'succeeded');
    await runs.showLog('total');
    await expect(runs.logBody).toContainText('total is 90');

    // From `double`: it and `total` run again, `make` comes from the cache.
    await runs.rerunFrom('double');
    await runs.expectNodeStatus('make', 'cached', 30_000);
    await runs.expectRunStatus('succeeded', 60_000);
    await runs.expectNodeStatus('double', 'succeeded');
    await runs.expectNodeStatus('total', 'succeeded');
    await runs.showLog('make');
    await expect(runs.logBody).toContainText('Taken from the cache');
    await runs.showLog('double');
    await expect(runs.logBody).toContainText('doubled 10 rows');

    await runs.showHistory();
    await expect(runs.row(0)).toContainText('Succeeded');
    await expect(runs.row(1)).toContainText('Succeeded');
    await expect(runs.row(2)).toHaveCount(0);
    // Newest first: the re-run counts one cached node, the first run none.
    await expect(runs.row(0).locator('.runs-count')).toHaveText(['2', '1']);
    await expect(runs.row(1).locator('.runs-count')).toHaveText(['3']);
  });
});
