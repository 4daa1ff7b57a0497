/**
 * The Drift view in browser mode: the demo churn files compared through the UI (payment_method and
 * monthly_charges drift, with critical PSI), a column's histogram, sorting, a per-column override,
 * the history with its PSI trend, and the HTML export written into the workspace and downloaded.
 * Then: typed paths (absolute, workspace-relative, refused, missing), type/test overrides from a
 * column's detail and the re-run, and deleting a stored check from the history.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/backend.js';
import { shoot } from '../fixtures/screenshots.js';
import { expect, test } from '../fixtures/test.js';
import { DriftPage } from '../pages/drift-page.js';

const DEMO = join(repoRoot, 'resources', 'demo');

test.use({ fresh: {} });

test('compare the demo files, read the report, override a column, export', async ({ app, backend }) => {
  test.setTimeout(90_000);
  const { page } = app;
  await page.getByTestId('view-drift').click();
  await expect(page.getByTestId('drift-view')).toBeVisible();
  // The demo pair is preselected on first visit.
  await expect(page.getByTestId('drift-ref').locator('option:checked')).toContainText('churn.csv');
  await expect(page.getByTestId('drift-cur').locator('option:checked')).toContainText('churn_current.csv');

  await page.getByTestId('drift-run').click();
  const verdict = page.getByTestId('drift-verdict');
  await expect(verdict).toContainText('of 11 columns drifted');
  const table = page.getByTestId('drift-table');
  for (const col of ['payment_method', 'monthly_charges']) {
    await expect(table.getByTestId(`drift-row-${col}`)).toContainText('drift');
    await expect(table.getByTestId(`drift-row-${col}`).locator('.psi-badge')).toHaveClass(/is-critical/);
  }
  await expect(table.getByTestId('drift-row-tenure')).toContainText('ok');

  // A numeric row opens overlaid bins, a categorical one paired bars.
  await table.getByTestId('drift-row-monthly_charges').click();
  await expect(page.getByTestId('drift-hist')).toHaveAttribute('data-kind', 'bins');
  await table.getByTestId('drift-row-payment_method').click();
  await expect(page.getByTestId('drift-hist')).toHaveAttribute('data-kind', 'categories');
  await expect(page.getByTestId('drift-hist')).toContainText('Electronic check');

  // Sorting by PSI, largest first.
  await page.getByTestId('drift-sort-psi').click();
  await expect(table.locator('tbody tr.drift-row').first()).toHaveAttribute('data-testid', 'drift-row-monthly_charges');

  // Override: PSI as the test of monthly_charges, then a second check appears in the history and the trend.
  await new DriftPage(page).override('monthly_charges', { method: 'psi' });
  await page.getByTestId('drift-rerun').click();
  await expect(table.getByTestId('drift-row-monthly_charges').locator('td').nth(2)).toHaveText('psi');
  await expect(page.getByTestId('drift-history').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('psi-trend').getByTestId('psi-trend-payment_method')).toBeVisible();

  // Export HTML: saved into the workspace and downloaded.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drift-export-html').click()]);
  expect(download.suggestedFilename()).toMatch(/^drift-.*\.html$/);
  const saved = join(backend.workspace, 'drift-reports', download.suggestedFilename());
  await expect.poll(() => existsSync(saved)).toBe(true);
  expect(readFileSync(saved, 'utf8')).toContain('payment_method');

  // Back to the designer.
  await page.getByTestId('view-designer').click();
  await expect(page.getByTestId('drift-view')).toHaveCount(0);
});

/** A workspace holding resources/demo/churn_current.csv, so the relative path resolves inside it. */
function withDemoCopy(ws: string): void {
  mkdirSync(join(ws, 'resources', 'demo'), { recursive: true });
  copyFileSync(join(DEMO, 'churn_current.csv'), join(ws, 'resources', 'demo', 'churn_current.csv'));
}

test.describe('typed paths', () => {
  test.use({ fresh: { prepare: withDemoCopy } });

  test('typed paths: absolute or workspace-relative load with Enter; refused and missing ones say why under the picker', async ({ app }, testInfo) => {
    test.setTimeout(90_000);
    const { page } = app;
    const drift = new DriftPage(page);
    await drift.open();
    // Browser mode: no native dialog can hand over a host path.
    await expect(drift.browseButton('ref')).toHaveCount(0);
    await expect(drift.historyItems).toHaveCount(0);
    await expect(drift.history).toContainText('No drift checks yet');

    // A path inside the workspace, typed relative to it; Enter loads it and runs (the reference is preselected).
    await drift.typePath('cur', 'resources/demo/churn_current.csv');
    await drift.waitIdle();
    await expect(drift.verdict).toContainText('of 11 columns drifted');
    await expect(drift.verdict).toContainText('churn_current.csv');
    await expect(drift.picker('cur').locator('option:checked')).toHaveText('resources/demo/churn_current.csv');
    await expect(drift.historyItems).toHaveCount(1);

    // An absolute path to the shipped demo data.
    await drift.typePath('ref', join(DEMO, 'churn.csv'));
    await drift.waitIdle();
    await expect(drift.historyItems).toHaveCount(2);
    await expect(drift.error('ref')).toHaveCount(0);

    // Outside every allowed folder: the files service refuses, the message sits under that picker and in a toast.
    await drift.pathBox('cur').fill('/etc/passwd');
    await page.getByTestId('drift-cur-load').click();
    await expect(drift.error('cur')).toContainText('/etc/passwd is outside the workspace');
    await expect(app.toast('Drift check failed')).toBeVisible();
    await expect(drift.error('ref')).toHaveCount(0);
    await expect(drift.historyItems).toHaveCount(2);
    await app.dismissToasts();
    await shoot(page, testInfo, 'drift-path-refused');
    await app.setTheme('dark');
    await shoot(page, testInfo, 'drift-path-refused-dark');
    await app.setTheme('light');

    // A missing file inside the workspace.
    await drift.typePath('cur', 'data/nope.csv');
    await expect(drift.error('cur')).toContainText('nope.csv: file not found');
    // Choosing another dataset clears the message.
    await drift.picker('cur').selectOption(`file:${join(DEMO, 'churn_current.csv')}`);
    await expect(drift.error('cur')).toHaveCount(0);
  });
});

test('override a column\'s type and test from its detail, re-run, then clear', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const { page } = app;
  const drift = new DriftPage(page);
  await drift.open();
  await expect(drift.overridesPanel).toContainText('Run a check first');
  await drift.run();
  await expect(drift.cell('tenure', 1)).toHaveText('numerical');
  await expect(drift.overrideBar).toHaveCount(0);

  // tenure as categories: the numbers-only tests are offered but disabled; PSI as its test.
  await drift.override('tenure', { type: 'categorical' });
  await expect(page.getByTestId('drift-method-tenure').locator('option[value="ks"]')).toBeDisabled();
  await drift.override('tenure', { method: 'psi', threshold: '0.25' });
  // payment_method as free text (compared by value length).
  await drift.override('payment_method', { type: 'text' });
  await expect(drift.cell('tenure', 1)).toContainText('→ categorical');
  await expect(drift.overrideBar).toContainText('2 column overrides not applied');
  await expect(drift.overridesPanel.getByTestId('drift-override-item-tenure')).toContainText('categorical · psi · ≤ 0.25');
  await shoot(page, testInfo, 'drift-overrides-pending');

  await page.getByTestId('drift-rerun').click();
  await expect(page.getByTestId('drift-rerun')).toHaveText('Re-run with overrides (2)');
  await drift.waitIdle();
  await expect(drift.cell('tenure', 1)).toHaveText('categorical');
  await expect(drift.cell('tenure', 2)).toHaveText('psi');
  await expect(drift.cell('tenure', 4)).toHaveText('0.25');
  await expect(drift.cell('payment_method', 1)).toHaveText('text');
  await expect(drift.overrideBar).toContainText('This report uses 2 column overrides');
  await expect(drift.historyItems).toHaveCount(2);
  await shoot(page, testInfo, 'drift-overrides-applied');
  await app.setTheme('dark');
  await shoot(page, testInfo, 'drift-overrides-applied-dark');
  await app.setTheme('light');

  // Clearing: the report still shows them until the next run, which goes back to the engine's choices.
  await page.getByTestId('drift-clear-overrides').click();
  await expect(drift.overridesPanel.locator('li')).toHaveCount(0);
  await expect(drift.overrideBar).toContainText('Overrides cleared');
  await page.getByTestId('drift-rerun').click();
  await drift.waitIdle();
  await expect(drift.cell('tenure', 1)).toHaveText('numerical');
  await expect(drift.overrideBar).toHaveCount(0);
});

test('delete a stored check from the history, after confirming', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const { page } = app;
  const drift = new DriftPage(page);
  await drift.open();
  await drift.run();
  await drift.picker('ref').selectOption(`file:${join(DEMO, 'churn_current.csv')}`);
  await drift.picker('cur').selectOption(`file:${join(DEMO, 'churn.csv')}`);
  await drift.run();
  await expect(drift.historyItems).toHaveCount(2);
  const [newest, oldest] = await drift.historyItems.locator('button.drift-history-open').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('drift-history-', '')));

  // Cancel keeps it.
  await drift.historyItems.nth(1).hover();
  await expect(page.getByTestId(`drift-history-delete-${oldest}`)).toHaveCSS('opacity', '1');
  await shoot(page, testInfo, 'drift-history-hover');
  await page.getByTestId(`drift-history-delete-${oldest}`).click();
  await expect(drift.deleteDialog).toContainText('cannot be undone');
  await expect(drift.deleteDialog).toContainText('churn.csv → churn_current.csv');
  await shoot(page, testInfo, 'drift-delete-confirm');
  await page.getByTestId('drift-delete-cancel').click();
  await expect(drift.deleteDialog).toHaveCount(0);
  await expect(drift.historyItems).toHaveCount(2);
  // Escape cancels too (seen in the dark theme).
  await app.setTheme('dark');
  await page.getByTestId(`drift-history-delete-${oldest}`).click();
  await shoot(page, testInfo, 'drift-delete-confirm-dark');
  await page.keyboard.press('Escape');
  await expect(drift.deleteDialog).toHaveCount(0);
  await app.setTheme('light');
  await expect(drift.historyItems).toHaveCount(2);

  // Delete the older check (not the one on screen): the report stays, the entry goes.
  await page.getByTestId(`drift-history-delete-${oldest}`).click();
  await page.getByTestId('drift-delete-confirm').click();
  await expect(app.toast('Drift check deleted')).toBeVisible();
  await expect(drift.historyItems).toHaveCount(1);
  await expect(page.getByTestId(`drift-history-${oldest}`)).toHaveCount(0);
  await expect(drift.verdict).toBeVisible();

  // Delete the one on screen: the report goes too, and the history is empty; a reload agrees.
  await page.getByTestId(`drift-history-delete-${newest}`).click();
  await page.getByTestId('drift-delete-confirm').click();
  await expect(drift.historyItems).toHaveCount(0);
  await expect(drift.verdict).toHaveCount(0);
  await expect(drift.history).toContainText('No drift checks yet');
  await app.reload();
  await drift.open();
  await expect(drift.history).toContainText('No drift checks yet');
});
