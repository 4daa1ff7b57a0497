/**
 * The designer: palette, canvas (nodes, handles, edges), inspector form, Problems panel, YAML and Code
 * tabs, save. Canvas gestures use the real mouse (React Flow listens to pointer events), palette drags use
 * HTML5 drag and drop as a user's would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

type XY = { x: number; y: number };

export class DesignerPage {
  constructor(readonly page: Page) {}

  get canvas(): Locator { return this.page.getByTestId('canvas'); }
  get palette(): Locator { return this.page.getByTestId('palette'); }
  get inspector(): Locator { return this.page.getByTestId('inspector'); }
  paletteItem(componentId: string): Locator { return this.page.getByTestId(`palette-${componentId}`); }
  node(id: string): Locator { return this.page.getByTestId(`node-${id}`); }
  /** Every node card on the canvas (not the `node-<id>-errors` badges inside them). */
  get nodes(): Locator { return this.canvas.locator('.react-flow__node'); }
  handle(nodeId: string, side: 'in' | 'out', port: string): Locator { return this.page.getByTestId(`handle-${nodeId}-${side}-${port}`); }
  /**
   * React Flow's edge element; the id is the graph's `source.output->target.input`. Assert edges with
   * toHaveCount: a straight horizontal edge has a zero-height box, which Playwright calls hidden.
   */
  edge(source: string, output: string, target: string, input: string): Locator {
    return this.page.getByTestId(`rf__edge-${source}.${output}->${target}.${input}`);
  }
  get edges(): Locator { return this.canvas.locator('.react-flow__edge'); }
  field(input: string): Locator { return this.inspector.getByTestId(`field-${input}`); }

  /** Each node's position in flow coordinates (React Flow's transform), independent of pan and zoom. */
  async positions(): Promise<Record<string, string>> {
    return this.nodes.evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-id'), (e as HTMLElement).style.transform])));
  }

  /** Clicking a palette item adds the component in the middle of the view. */
  async addByClick(componentId: string, expectedId = componentId): Promise<Locator> {
    await this.paletteItem(componentId).click();
    await expect(this.node(expectedId)).toBeVisible();
    return this.node(expectedId);
  }

  /** Drags a palette item onto the canvas; `at` is a fraction of the canvas (0–1 on each axis). */
  async dragFromPalette(componentId: string, at: XY, expectedId = componentId): Promise<Locator> {
    const box = (await this.canvas.boundingBox())!;
    await this.paletteItem(componentId).dragTo(this.canvas, { targetPosition: { x: box.width * at.x, y: box.height * at.y } });
    await expect(this.node(expectedId)).toBeVisible();
    return this.node(expectedId);
  }

  /** Drags an edge from one handle to another with the mouse, the way a user wires two ports. */
  async connect(from: Locator, to: Locator): Promise<void> {
    const a = await centre(from);
    const b = await centre(to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
    await this.page.mouse.move(b.x, b.y, { steps: 6 });
    await this.page.mouse.up();
  }

  /**
   * Selects a node by clicking the top strip of its card: the header of a full card, the title of the
   * plain box drawn when zoomed out (below LOD_ZOOM), never a handle.
   */
  async select(id: string): Promise<void> {
    await this.node(id).click({ position: { x: 70, y: 12 } });
    await expect(this.canvas.locator(`.react-flow__node[data-id="${id}"]`)).toHaveClass(/selected/);
  }

  /** Escape with the focus outside any field: nothing selected, the inspector shows the pipeline. */
  async selectNone(): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press('Escape');
    await expect(this.canvas.locator('.react-flow__node.selected')).toHaveCount(0);
  }

  // ---- Problems panel
  async showBottom(tab: 'problems' | 'logs' | 'runs'): Promise<void> {
    const panel = this.page.getByTestId(`panel-${tab}`);
    if (!(await panel.isVisible())) await this.page.getByTestId(`tab-${tab}`).click();
    await expect(panel).toBeVisible();
  }

  /** `problem-<i>` rows (the prefix does not match `problems-empty` or `problems-count-…`). */
  get problems(): Locator { return this.page.locator('[data-testid^="problem-"]'); }
  problemFor(nodeId: string): Locator { return this.page.locator(`[data-testid^="problem-"][data-node="${nodeId}"]`); }
  get noProblems(): Locator { return this.page.getByTestId('problems-empty'); }

  // ---- Right panel tabs
  async showRight(tab: 'inspector' | 'yaml' | 'code'): Promise<void> {
    await this.page.getByTestId(`tab-${tab}`).click();
    await expect(this.page.getByTestId(`panel-${tab}`)).toBeVisible();
  }

  get yamlEditor(): Locator { return this.page.getByTestId('yaml-editor'); }
  get yamlSync(): Locator { return this.page.getByTestId('yaml-sync'); }

  /** The YAML tab's text as Monaco shows it (its few lines all fit in view in these tests). */
  async yamlText(): Promise<string> {
    const lines = this.yamlEditor.locator('.view-lines');
    await expect(lines).toBeVisible();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * Replaces the whole YAML in the editor the way a user pastes it: select all, then a paste event
   * carrying the text (typing it, even with `insertText`, lets Monaco auto-indent every new line). The
   * tab applies it to the canvas once typing pauses, or keeps it unapplied when it does not parse.
   */
  async pasteYaml(text: string, { applies = true } = {}): Promise<void> {
    await this.focusYaml();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.yamlEditor.locator('textarea').first().evaluate((area, t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    await expect(this.yamlSync).toHaveText(applies ? 'In sync with the canvas' : /^Not applied/);
  }

  /** Retypes the one line holding `find` (from its indentation on) as `line`, with real key presses. */
  async retypeYamlLine(find: string, line: string): Promise<void> {
    await this.focusYaml();
    await this.yamlEditor.locator('.view-line').filter({ hasText: find }).click();
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Shift+Home');
    await this.page.keyboard.insertText(line);
    await expect(this.yamlSync).toHaveText('In sync with the canvas');
  }

  private async focusYaml(): Promise<void> {
    await this.showRight('yaml');
    const surface = this.yamlEditor.locator('.monaco-editor .view-lines');
    await expect(surface).toBeVisible({ timeout: 20_000 });
    await surface.click();
  }

  // ---- Files
  /** Saves; an unsaved pipeline asks for a name (relative to the workspace) first. */
  async save(asPath?: string): Promise<void> {
    await this.page.getByTestId('btn-save').click();
    const dialog = this.page.getByTestId('dialog-save-as');
    if (asPath !== undefined) {
      await expect(dialog).toBeVisible();
      await dialog.getByTestId('save-as-path').fill(asPath);
      await dialog.getByTestId('save-as-submit').click();
      await expect(dialog).toBeHidden();
    }
    await expect(this.page.getByTestId('toast').filter({ hasText: /^Saved / })).toBeVisible();
    await expect(this.page.getByTestId('dirty-dot')).toHaveCount(0);
  }
}

async function centre(l: Locator): Promise<XY> {
  await l.scrollIntoViewIfNeeded();
  const b = await l.boundingBox();
  if (!b) throw new Error(`${l.toString()} has no box (not rendered?)`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}
