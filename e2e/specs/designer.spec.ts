/**
 * The designer in the browser against the real back end: building, wiring, the form, validation,
 * saving and reopening, the YAML tab and undo/redo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test } from '../fixtures/test.js';

interface SpecNode { id: string; uses?: string; inputs?: Record<string, unknown> }
interface Spec { metadata: { name: string }; nodes: SpecNode[]; layout?: { nodes: Record<string, { x: number; y: number }> } }

test.describe('building a pipeline', () => {
  test('build a pipeline from the palette and connect it; an incompatible edge is refused', async ({ app }) => {
    const d = app.designer;
    await app.gallery.blank();

    // Dragged from the palette to chosen spots: a column of sources, then two steps to their right.
    await d.dragFromPalette('load-table', { x: 0.1, y: 0.15 });
    await d.dragFromPalette('validate-table', { x: 0.45, y: 0.15 });
    await d.dragFromPalette('train-sklearn', { x: 0.45, y: 0.6 });
    await expect(d.nodes).toHaveCount(3);
    await expect(d.edges).toHaveCount(0);
    await d.showBottom('problems');
    await expect(d.problemFor('validate-table').filter({ hasText: "must set input 'dataset'" })).toBeVisible();

    // A dataset output into a dataset input: the edge is made and the missing-input problem goes.
    await d.connect(d.handle('load-table', 'out', 'dataset'), d.handle('validate-table', 'in', 'dataset'));
    await expect(d.edge('load-table', 'dataset', 'validate-table', 'dataset')).toHaveCount(1);
    await expect(d.problemFor('validate-table')).toHaveCount(0);

    // A metrics output into a dataset input: refused, with a toast that says why, and no edge.
    await d.connect(d.handle('validate-table', 'out', 'report'), d.handle('train-sklearn', 'in', 'dataset'));
    await expect(app.toast("Metrics can't go into a dataset input 'dataset'")).toBeVisible();
    await expect(d.edge('validate-table', 'report', 'train-sklearn', 'dataset')).toHaveCount(0);
    await expect(d.edges).toHaveCount(1);
    await expect(d.problemFor('train-sklearn').filter({ hasText: "must set input 'dataset'" })).toBeVisible();

    // The compatible output of the same node is accepted, and the inspector shows the wiring.
    await d.connect(d.handle('validate-table', 'out', 'dataset'), d.handle('train-sklearn', 'in', 'dataset'));
    await expect(d.edge('validate-table', 'dataset', 'train-sklearn', 'dataset')).toHaveCount(1);
    await expect(d.edges).toHaveCount(2);
    await d.select('train-sklearn');
    await expect(d.field('dataset')).toContainText('validate-table.dataset');

    // The YAML says the same as the canvas.
    await d.showRight('yaml');
    const wiring = async () => (parse(await d.yamlText()) as Spec).nodes.map((n) => [n.id, n.inputs?.dataset]);
    await expect.poll(wiring).toEqual([
      ['load-table', undefined],
      ['validate-table', { from: 'load-table.dataset' }],
      ['train-sklearn', { from: 'validate-table.dataset' }],
    ]);
  });

  test('set a param through the form; a validation error appears and clears when fixed', async ({ app }) => {
    const d = app.designer;
    await app.gallery.blank();
    await d.addByClick('load-table');
    await d.showBottom('problems');

    // A required parameter without a default: one error, on the node card, the tab and the panel.
    const missing = d.problemFor('load-table').filter({ hasText: "must set parameter 'path'" });
    await expect(missing).toBeVisible();
    await expect(missing).toHaveAttribute('data-severity', 'error');
    await expect(d.node('load-table').getByTestId('node-load-table-errors')).toHaveText('1');
    await expect(app.page.getByTestId('problems-count-errors')).toHaveText('1');

    // Clicking the problem selects the node and focuses the field it is about.
    await missing.click();
    await expect(d.inspector.getByTestId('node-id')).toHaveValue('load-table');
    await expect(d.field('path')).toBeFocused();

    // Fixed through the form: everything clears and the card shows the value.
    await d.field('path').fill('customers.csv');
    await expect(d.noProblems).toBeVisible();
    await expect(d.node('load-table').getByTestId('node-load-table-errors')).toHaveCount(0);
    await expect(app.page.getByTestId('problems-count-errors')).toHaveCount(0);
    await expect(d.node('load-table')).toContainText('customers.csv');

    // A number field refuses what breaks its constraint, in place, without touching the spec.
    await d.field('limit_rows').fill('-5');
    await expect(d.inspector.locator('[data-focus-path="inputs.limit_rows"] .ins-error')).toBeVisible();
    await expect(d.node('load-table')).not.toContainText('-5');
    await d.field('limit_rows').fill('250');
    await expect(d.inspector.locator('[data-focus-path="inputs.limit_rows"] .ins-error')).toHaveCount(0);
    await expect(d.node('load-table')).toContainText('250');

    // Emptying the required field brings the error back; filling it clears it again.
    await d.field('path').fill('');
    await expect(missing).toBeVisible();
    await d.field('path').fill('customers.csv');
    await expect(d.noProblems).toBeVisible();
  });

  test('undo and redo', async ({ app }) => {
    const d = app.designer;
    const undo = app.tool('undo');
    const redo = app.tool('redo');
    await app.gallery.blank();
    await expect(undo).toBeDisabled();

    await d.addByClick('load-table');
    await d.dragFromPalette('validate-table', { x: 0.8, y: 0.3 });
    await d.connect(d.handle('load-table', 'out', 'dataset'), d.handle('validate-table', 'in', 'dataset'));
    const edge = d.edge('load-table', 'dataset', 'validate-table', 'dataset');
    await expect(edge).toHaveCount(1);
    await d.select('load-table');
    await d.field('path').fill('a.csv');
    await expect(d.node('load-table')).toContainText('a.csv');

    // Toolbar: each step back undoes one edit (a burst of typing is one step).
    await undo.click();
    await expect(d.node('load-table')).not.toContainText('a.csv');
    await undo.click();
    await expect(edge).toHaveCount(0);
    await undo.click();
    await expect(d.node('validate-table')).toHaveCount(0);
    await expect(d.nodes).toHaveCount(1);

    await redo.click();
    await expect(d.node('validate-table')).toBeVisible();
    await redo.click();
    await expect(edge).toHaveCount(1);

    // Keyboard, with the focus on the canvas (the form and Monaco keep their own undo).
    await d.selectNone();
    await app.page.keyboard.press('ControlOrMeta+Z');
    await expect(edge).toHaveCount(0);
    await app.page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect(edge).toHaveCount(1);
    await app.page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect(d.node('load-table')).toContainText('a.csv');
    await expect(redo).toBeDisabled();
  });
});

test.describe('YAML tab', () => {
  const TWO_NODES = [
    'apiVersion: pipewright.dev/v1',
    'kind: Pipeline',
    'metadata:',
    '  name: typed',
    'nodes:',
    '  - id: source',
    '    kind: data',
    '    name: Typed source',
    '    uses: load-table@1.0.0',
    '    inputs:',
    '      path: typed.csv',
    '  - id: check',
    '    kind: validate',
    '    uses: validate-table@1.0.0',
    '    inputs:',
    '      dataset: {from: source.dataset}',
    '',
  ].join('\n');

  test('edit the YAML and see the canvas change', async ({ app }) => {
    const d = app.designer;
    await app.gallery.blank();

    // Canvas to YAML: a node added on the canvas appears in the text.
    await d.addByClick('python-script');
    await d.showRight('yaml');
    await expect.poll(() => d.yamlText()).toContain('uses: python-script@1.0.0');

    // YAML to canvas: new text replaces the graph, wiring included.
    await d.pasteYaml(TWO_NODES);
    await expect(d.node('python-script')).toHaveCount(0);
    await expect(d.node('source')).toContainText('Typed source');
    await expect(d.node('source')).toContainText('typed.csv');
    await expect(d.node('check')).toBeVisible();
    await expect(d.edge('source', 'dataset', 'check', 'dataset')).toHaveCount(1);
    await expect(app.docTitle).toContainText('typed');

    // A rename typed into one line renames the card.
    await d.retypeYamlLine('Typed source', 'name: Renamed in YAML');
    await expect(d.node('source')).toContainText('Renamed in YAML');

    // Text that does not parse is kept, reported, and leaves the canvas as it was.
    await d.pasteYaml(`${TWO_NODES.replace('Typed source', 'Renamed in YAML')}  - id: [broken\n`, { applies: false });
    await d.showBottom('problems');
    await expect(d.problems.first()).toHaveAttribute('data-severity', 'error');
    await expect(d.node('source')).toContainText('Renamed in YAML');
    await expect(d.node('check')).toBeVisible();
  });
});

test.describe('files', () => {
  test.use({ fresh: {} });

  test('save, reopen, and get the same pipeline', async ({ app, backend }) => {
    const d = app.designer;
    await app.gallery.blank();
    await d.addByClick('load-table');
    await d.dragFromPalette('validate-table', { x: 0.8, y: 0.3 });
    await d.connect(d.handle('load-table', 'out', 'dataset'), d.handle('validate-table', 'in', 'dataset'));
    await d.select('load-table');
    await d.field('path').fill('customers.csv');
    await d.select('validate-table');
    await d.field('min_rows').fill('10');
    await expect(d.noProblems).toBeVisible();
    await expect(app.dirtyDot).toBeVisible();

    // Save: an unsaved pipeline asks for a file name in the workspace.
    await d.save('pipelines/built.yaml');
    await expect(app.docTitle).toContainText('built.yaml');
    const file = join(backend.workspace, 'pipelines', 'built.yaml');
    expect(existsSync(file)).toBe(true);
    const saved = readFileSync(file, 'utf8');
    const spec = parse(saved) as Spec;
    expect(spec.nodes.map((n) => n.id)).toEqual(['load-table', 'validate-table']);
    expect(spec.nodes[0]!.inputs).toEqual({ path: 'customers.csv' });
    expect(spec.nodes[1]!.inputs).toEqual({ dataset: { from: 'load-table.dataset' }, min_rows: 10 });
    expect(Object.keys(spec.layout?.nodes ?? {}).sort()).toEqual(['load-table', 'validate-table']);
    const layout = await d.positions();

    // A new tab on the same back end: the file is in Recent and in the Open dialog.
    await app.reload();
    await expect(app.gallery.recent(0)).toContainText('built.yaml');
    await app.gallery.openFile('pipelines/built.yaml');
    await expect(d.nodes).toHaveCount(2);
    await expect(d.edge('load-table', 'dataset', 'validate-table', 'dataset')).toHaveCount(1);
    await expect(app.dirtyDot).toHaveCount(0);
    await d.select('load-table');
    await expect(d.field('path')).toHaveValue('customers.csv');
    await d.select('validate-table');
    await expect(d.field('min_rows')).toHaveValue('10');
    // Same layout: every card at the same canvas coordinates.
    expect(await d.positions()).toEqual(layout);

    // Saving the reopened document writes back exactly the same file.
    await d.selectNone();
    await app.page.keyboard.press('ControlOrMeta+S');
    await expect(app.toast('Saved pipelines/built.yaml')).toBeVisible();
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });
});
