import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePlan } from '../../shared/compiler/plan.js';
import { parseComponentYaml } from '../../shared/spec/component-parse.js';
import { formatIssue } from '../../shared/spec/issues.js';
import { isDns1123Label, parseComponentRef, parseOutputRef } from '../../shared/spec/names.js';
import { compatible, resolveNodes } from '../../shared/spec/resolve.js';
import { Pipeline, type ComponentLibrary } from '../../shared/spec/schema.js';
import { loadLibrary, resourcesDir } from './library.js';

const EXAMPLES = path.join(resourcesDir(), 'examples');

const GOOD = `apiVersion: pipewright.dev/v1
kind: Component
metadata:
  id: tiny
  version: 1.0.0
  name: Tiny
  category: custom
inputs:
  - name: rows
    type: integer
    default: 3
    minimum: 1
outputs:
  - name: out
    type: dataset
implementation:
  container:
    image: pipewright/runtime:1
    command: [python3, -m, tiny]
    args: [--rows, "{{inputs.rows}}", --out, "{{outputs.out}}"]
`;

describe('shipped component library', () => {
  let library: ComponentLibrary;
  beforeAll(async () => {
    const loaded = await loadLibrary();
    expect(loaded.issues.map(formatIssue)).toEqual([]);
    library = loaded.library;
  });

  it('holds every built-in component, each run in the runtime image', () => {
    expect(library.all().map((c) => c.metadata.id).sort()).toEqual([
      'deploy-model', 'drift-check', 'evaluate-classifier', 'load-table', 'pick-best', 'python-script',
      'split-features', 'train-sklearn', 'validate-table',
    ]);
    for (const c of library.all()) {
      const drift = c.metadata.id === 'drift-check';
      expect(c.metadata.version).toBe(drift ? '2.0.0' : '1.0.0');
      expect(c.implementation.container.image).toBe('pipewright/runtime:1');
      // drift-check runs Pipewright's CLI (the TypeScript drift engine), the rest are Python modules.
      expect(c.implementation.container.command.slice(0, 2)).toEqual(drift ? ['pipewright', 'drift'] : ['python3', '-m']);
    }
  });

  it('describes every parameter input so a form can be generated from it', () => {
    for (const c of library.all()) {
      for (const input of c.inputs) {
        expect(input.description, `${c.metadata.id}.${input.name}`).toBeTruthy();
      }
    }
  });

  it('resolves each example\'s uses:, wiring, params and layout', async () => {
    const files = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(['churn.yaml', 'gpu-training.yaml', 'sweep.yaml']);
    for (const file of files) {
      const spec = Pipeline.parse(parse(await readFile(path.join(EXAMPLES, file), 'utf8')));
      const ids = spec.nodes.map((n) => n.id);
      expect(Object.keys(spec.layout?.nodes ?? {}).sort(), file).toEqual([...ids].sort());
      const resolved = resolveNodes(spec, library);
      for (const node of spec.nodes) {
        const where = `${file} node ${node.id}`;
        expect(isDns1123Label(node.id), where).toBe(true);
        const ref = parseComponentRef(node.uses ?? '');
        const component = ref && library.get(ref.id, ref.version);
        expect(component, `${where} uses ${node.uses}`).toBeDefined();
        // A node's kind may differ only for the generic python-script (a custom script can train, say).
        if (component!.metadata.category !== 'custom') expect(component!.metadata.category, where).toBe(node.kind);
        const r = resolved.get(node.id)!;
        for (const [name, value] of Object.entries(node.inputs ?? {})) {
          const decl = r.inputs.find((i) => i.name === name);
          expect(decl, `${where}: unknown input ${name}`).toBeDefined();
          if (typeof value === 'object' && value !== null && 'from' in value) {
            const out = parseOutputRef(value.from)!;
            const type = resolved.get(out.node)?.outputs.find((o) => o.name === out.output)?.type;
            expect(type, `${where}.${name} reads ${value.from}`).toBeDefined();
            expect(compatible(type!, decl!.type), `${where}.${name}: ${type} -> ${decl!.type}`).toBe(true);
          }
          if (typeof value === 'object' && value !== null && 'param' in value) {
            expect(spec.params?.[value.param], `${where}.${name} reads param ${value.param}`).toBeDefined();
          }
        }
        for (const input of r.inputs) {
          if (!input.optional) expect(node.inputs?.[input.name], `${where}: required input ${input.name}`).toBeDefined();
        }
      }
      // The compiler throws on anything the validator should have caught (cycles, dangling refs, params).
      expect(compilePlan(spec, library).nodes).toHaveLength(spec.nodes.length);
    }
  });

  it('puts the GPU training node on a GPU with shared memory', async () => {
    const spec = Pipeline.parse(parse(await readFile(path.join(EXAMPLES, 'gpu-training.yaml'), 'utf8')));
    expect(spec.nodes.find((n) => n.kind === 'train')?.resources).toEqual({ gpu: 1, shm: '2Gi', cpu: 4, memory: '8Gi' });
  });
});

describe('parseComponentYaml', () => {
  it('accepts a well-formed component', () => {
    const { component, issues } = parseComponentYaml(GOOD, 'tiny.yaml');
    expect(issues).toEqual([]);
    expect(component?.metadata.id).toBe('tiny');
  });

  it('locates an unknown field at its key and lists the allowed ones', () => {
    const text = GOOD.replace('    minimum: 1\n', '    minimum: 1\n    maximun: 9\n');
    const { component, issues } = parseComponentYaml(text, 'tiny.yaml');
    expect(component).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'schema', file: 'tiny.yaml', line: 13, column: 5, path: ['inputs', 0, 'maximun'] });
    expect(issues[0]!.message).toContain("Unknown field 'maximun'");
    expect(issues[0]!.message).toContain('maximum');
  });

  it('locates a bad enum value and a missing field', () => {
    const text = GOOD.replace('type: integer', 'type: int').replace('    image: pipewright/runtime:1\n', '');
    const { issues } = parseComponentYaml(text);
    const type = issues.find((i) => i.path.join('.') === 'inputs.0.type');
    expect(type).toMatchObject({ line: 10, column: 11 });
    expect(type!.message).toMatch(/must be one of .*integer.*not 'int'/);
    const image = issues.find((i) => i.path.join('.') === 'implementation.container.image');
    expect(image!.message).toContain('is required');
    expect(image!.line).toBe(18); // the container mapping the field is missing from
  });

  it('reports YAML syntax errors with a position', () => {
    const { issues } = parseComponentYaml('apiVersion: pipewright.dev/v1\nkind: [Component\nmetadata: {}\n', 'x.yaml');
    expect(issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'x.yaml' });
    expect(issues[0]!.line).toBeGreaterThan(0);
    expect(issues[0]!.column).toBeGreaterThan(0);
  });

  it('rejects placeholders that name no input or output, and malformed ones', () => {
    const text = GOOD.replace('"{{inputs.rows}}"', '"{{inputs.row}}"').replace('--out,', '--out, "{{output.x}}",');
    const { component, issues } = parseComponentYaml(text);
    expect(component).toBeUndefined();
    const unknown = issues.find((i) => i.code === 'template' && i.message.includes('inputs.row}}'));
    expect(unknown).toMatchObject({ severity: 'error', path: ['implementation', 'container', 'args', 1], line: 20 });
    expect(unknown!.message).toContain('rows');
    expect(issues.some((i) => i.code === 'template' && i.message.includes("'{{output.x}}' is not a placeholder"))).toBe(true);
    // …and the now unused input is a warning of its own.
    expect(issues.some((i) => i.severity === 'warning' && i.message.includes("Input 'rows' is never passed"))).toBe(true);
  });

  it('checks defaults against type, range and enum', () => {
    const text = GOOD.replace('default: 3', 'default: 0').replace('    minimum: 1\n', '    minimum: 1\n    enum: [1, 2, "x"]\n');
    const { issues } = parseComponentYaml(text);
    expect(issues.filter((i) => i.code === 'bad-value').map((i) => i.message)).toEqual([
      'Input \'rows\': enum value "x" is not a number.',
      "Input 'rows': the default 0 is below the minimum 1.",
    ]);
  });
});

describe('loadLibrary on a folder with broken files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pw-lib-'));
    await mkdir(path.join(dir, 'tiny'));
    await mkdir(path.join(dir, 'broken'));
    await mkdir(path.join(dir, 'moved'));
    await writeFile(path.join(dir, 'tiny', '1.0.0.yaml'), GOOD);
    await writeFile(path.join(dir, 'broken', '1.0.0.yaml'), GOOD.replace('id: tiny', 'id: broken').replace('category: custom', 'category: magic'));
    await writeFile(path.join(dir, 'moved', '2.0.0.yaml'), GOOD.replace('id: tiny', 'id: moved'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the good component and reports the others with file, line and column', async () => {
    const { library, issues } = await loadLibrary(dir);
    expect(library.all().map((c) => c.metadata.id)).toEqual(['tiny']);
    expect(library.get('tiny', '1.0.0')).toBeDefined();
    const broken = issues.find((i) => i.file?.endsWith(path.join('broken', '1.0.0.yaml')));
    expect(broken).toMatchObject({ severity: 'error', code: 'schema', line: 7, column: 13, path: ['metadata', 'category'] });
    const moved = issues.find((i) => i.file?.endsWith(path.join('moved', '2.0.0.yaml')));
    expect(moved).toMatchObject({ code: 'schema', line: 5, path: ['metadata', 'version'] });
    expect(moved!.message).toContain("should be '2.0.0'");
  });

  it('reports a missing library folder instead of throwing', async () => {
    const { library, issues } = await loadLibrary(path.join(dir, 'nope'));
    expect(library.all()).toEqual([]);
    expect(issues[0]!.message).toContain('cannot be read');
  });
});
