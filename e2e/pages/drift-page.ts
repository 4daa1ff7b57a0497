/** The Drift view: the two dataset pickers (list, typed path), the report table and its column overrides, the history. */
import { expect, type Locator, type Page } from '@playwright/test';

export type DriftSide = 'ref' | 'cur';

export class DriftPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('drift-view'); }
  get runButton(): Locator { return this.page.getByTestId('drift-run'); }
  get verdict(): Locator { return this.page.getByTestId('drift-verdict'); }
  get table(): Locator { return this.page.getByTestId('drift-table'); }
  get history(): Locator { return this.page.getByTestId('drift-history'); }
  get historyItems(): Locator { return this.history.locator('ol.drift-history > li'); }
  get overrideBar(): Locator { return this.page.getByTestId('drift-override-bar'); }
  get overridesPanel(): Locator { return this.page.getByTestId('drift-overrides'); }
  get deleteDialog(): Locator { return this.page.getByTestId('drift-delete-dialog'); }

  picker(side: DriftSide): Locator { return this.page.getByTestId(`drift-${side}`); }
  pathBox(side: DriftSide): Locator { return this.page.getByTestId(`drift-${side}-path`); }
  browseButton(side: DriftSide): Locator { return this.page.getByTestId(`drift-${side}-browse`); }
  error(side: DriftSide): Locator { return this.page.getByTestId(`drift-${side}-error`); }
  row(column: string): Locator { return this.table.getByTestId(`drift-row-${column}`); }
  /** A row's cell by header: 1 type, 2 method (0 is the name). */
  cell(column: string, index: number): Locator { return this.row(column).locator('td').nth(index); }

  async open(): Promise<void> {
    await this.page.getByTestId('view-drift').click();
    await expect(this.view).toBeVisible();
  }

  /** Types a path into one side's box and presses Enter (which loads it, and runs when both sides are set). */
  async typePath(side: DriftSide, path: string): Promise<void> {
    await this.pathBox(side).fill(path);
    await this.pathBox(side).press('Enter');
  }

  /** Runs a check and waits for its report (the Run button is enabled again). */
  async run(): Promise<void> {
    await this.runButton.click();
    await this.waitIdle();
  }

  async waitIdle(): Promise<void> {
    await expect(this.runButton).toHaveText('Run drift check', { timeout: 30_000 });
  }

  /** Expands a column of the report (its histogram and override editor). */
  async expand(column: string): Promise<void> {
    const row = this.row(column);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await expect(this.page.getByTestId(`drift-override-${column}`)).toBeVisible();
  }

  async override(column: string, o: { type?: string; method?: string; threshold?: string }): Promise<void> {
    await this.expand(column);
    if (o.type !== undefined) await this.page.getByTestId(`drift-type-${column}`).selectOption(o.type);
    if (o.method !== undefined) await this.page.getByTestId(`drift-method-${column}`).selectOption(o.method);
    if (o.threshold !== undefined) await this.page.getByTestId(`drift-threshold-${column}`).fill(o.threshold);
  }
}
