/** The start view: examples, a blank pipeline, recent files, and the Open dialog. */
import { expect, type Locator, type Page } from '@playwright/test';

export class GalleryPage {
  constructor(readonly page: Page) {}

  get root(): Locator { return this.page.getByTestId('gallery'); }
  example(name: string): Locator { return this.page.getByTestId(`example-${name}`); }
  recent(i: number): Locator { return this.page.getByTestId(`gallery-recent-${i}`); }

  async openExample(name: string): Promise<void> {
    await this.page.getByTestId(`example-${name}-open`).click();
    await expect(this.page.getByTestId('canvas')).toBeVisible();
  }

  async blank(): Promise<void> {
    await this.page.getByTestId('gallery-blank').click();
    await expect(this.page.getByTestId('canvas-empty')).toBeVisible();
  }

  /** Opens a workspace file through the Open dialog (from the gallery or the top bar). */
  async openFile(relativePath: string): Promise<void> {
    const dialog = this.page.getByTestId('dialog-open');
    if (await this.root.isVisible()) await this.page.getByTestId('gallery-open').click();
    else await this.page.getByTestId('btn-open').click();
    await expect(dialog).toBeVisible();
    // The workspace list shows the file; double-clicking a row opens it.
    await dialog.getByTestId(`open-file-${relativePath}`).dblclick();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('doc-title')).toContainText(relativePath.split('/').pop()!);
  }
}
