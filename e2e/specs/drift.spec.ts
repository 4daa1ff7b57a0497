/**
 * The Drift view in browser mode: the demo churn files compared through the UI (payment_method and
 * monthly_charges drift, with critical PSI), a column's histogram, sorting, a per-column override,
 * the history with its PSI trend, and the HTML export written into the workspace and downloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test.js';

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
  await page.getByTestId('drift-method-monthly_charges').selectOption('psi');
  await page.getByTestId('drift-run').click();
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
