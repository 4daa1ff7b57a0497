/**
 * A full-page screenshot of every view, kept in test-results/screenshots/ (and attached to the report)
 * for people to look at: gallery, designer, inspector, YAML, code, problems, a run in progress and
 * finished with logs, the run history and a run's snapshot with its flags, the drift report it links, and the dark theme. Each shot is taken once
 * the view is really there (data, editor text, statuses), so the pictures show the app, not spinners.
 */
import { join } from 'node:path';
import { shoot } from '../fixtures/screenshots.js';
import { CHAIN_YAML, writePipeline } from '../fixtures/pipelines.js';
import { expect, test } from '../fixtures/test.js';

test.use({ fresh: { prepare: (ws) => { writePipeline(ws, join('chain.yaml'), CHAIN_YAML); } } });

test('screenshots: the start gallery, light and dark', async ({ app }, testInfo) => {
  await expect(app.gallery.example('churn')).toBeVisible();
  await expect(app.gallery.root.locator('.pw-card')).toHaveCount(4);
  await shoot(app.page, testInfo, '01-gallery');
  await app.setTheme('dark');
  await shoot(app.page, testInfo, '12-gallery-dark');
});

test('screenshots: designer, inspector, YAML, a run, logs, history, snapshot, code, problems, dark', async ({ app }, testInfo) => {
  test.setTimeout(150_000);
  const { page, designer: d, runs } = app;

  await app.gallery.openExample('churn');
  await expect(d.nodes).toHaveCount(8);
  await expect(d.edges).toHaveCount(11);
  await app.dismissToasts();
  await shoot(page, testInfo, '02-designer-churn');

  await d.select('train');
  await expect(d.inspector).toContainText('Train classifier');
  await shoot(page, testInfo, '03-inspector-node');

  await d.selectNone();
  await d.showRight('yaml');
  await expect(d.yamlEditor.locator('.view-lines')).toContainText('apiVersion');
  await shoot(page, testInfo, '04-yaml-tab');
  await d.showRight('inspector');

  await runs.start();
  await runs.expectRunStatus('running');
  await expect(runs.nodesWithStatus('running').first()).toBeVisible({ timeout: 30_000 });
  await expect(runs.nodesWithStatus('succeeded').first()).toBeVisible({ timeout: 60_000 });
  await shoot(page, testInfo, '05-run-in-progress');

  await runs.expectRunStatus('succeeded');
  await runs.showLog('train');
  await expect(runs.logBody).toContainText('trained gradient_boosting');
  await app.dismissToasts();
  await shoot(page, testInfo, '06-run-succeeded-logs');

  await runs.showHistory();
  await expect(runs.row(0)).toContainText('Succeeded');
  await shoot(page, testInfo, '07-runs-list');
  await runs.row(0).click();
  await expect(page.getByTestId('run-metrics')).toBeVisible();
  await expect(page.getByTestId('metric-holdout_auc')).toBeVisible();
  await shoot(page, testInfo, '08-run-snapshot');
  // The drift check's report, opened from the node's link in the run.
  await page.getByTestId('node-drift-drift-report').click();
  await expect(page.getByTestId('drift-verdict')).toContainText('columns drifted');
  await shoot(page, testInfo, '08b-drift-report-from-run');
  await page.getByTestId('view-designer').click();
  await page.getByTestId('btn-back-to-editing').first().click();
  await page.getByTestId('btn-dismiss-run').click();

  // A script node: its Python in the Code tab.
  await d.addByClick('python-script');
  await d.select('python-script');
  await d.showRight('code');
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('import pandas');
  await shoot(page, testInfo, '09-code-tab');

  // A step missing its required file: problems on the card, in the tab and in the panel.
  await d.addByClick('load-table');
  await d.showRight('inspector');
  await d.showBottom('problems');
  await expect(d.problemFor('load-table')).toBeVisible();
  await app.dismissToasts();
  await shoot(page, testInfo, '10-problems');

  await app.setTheme('dark');
  await d.showBottom('logs');
  await shoot(page, testInfo, '11-designer-dark');
});

test('screenshots: a small pipeline re-run from a node, dark theme', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  await app.setTheme('dark');
  await app.gallery.openFile('chain.yaml');
  await app.runs.start();
  await app.runs.expectRunStatus('succeeded', 60_000);
  await app.runs.rerunFrom('double');
  await app.runs.expectNodeStatus('make', 'cached', 30_000);
  await app.runs.expectRunStatus('succeeded', 60_000);
  await app.runs.showHistory();
  await expect(app.runs.row(1)).toBeVisible();
  await app.dismissToasts();
  await shoot(app.page, testInfo, '13-rerun-cached-dark');
});
