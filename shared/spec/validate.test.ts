import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasErrors } from './issues.js';
import { resolveNodes } from './resolve.js';
import { parseOutputRef } from './names.js';
import { createContext, outputRef, portsOf } from './rules/context.js';
import { malformedPlaceholders, placeholderNames } from './template.js';
import { libraryOf, type Pipeline } from './schema.js';
import { generateSpec } from './testing/generate.js';
import { testLibrary } from './testing/library.js';
import { validatePipeline, validateSpec } from './validate.js';

const library = testLibrary();

const SPEC = `apiVersion: pipewright.dev/v1
kind: Pipeline
metadata: {name: small}
nodes:
  - id: load
    kind: data
    uses: load-table@1.0.0
    inputs: {path: x.csv}
  - id: train
    kind: train
    uses: train@1.0.0
    inputs: {data: {from: load.dataset}, target: y}
`;

describe('validateSpec', () => {
  it('returns the spec and no issues for a valid file', () => {
    const result = validateSpec(SPEC, { library, file: 'small.yaml' });
    expect(result.issues).toEqual([]);
    expect(result.spec).toEqual(parse(SPEC));
  });

  it('returns the spec when only semantic rules fail, so the editor can still draw it', () => {
    const result = validateSpec(SPEC.replace('load.dataset', 'lod.dataset'), { library });
    expect(result.spec?.nodes).toHaveLength(2);
    expect(result.issues).toMatchObject([{ code: 'unknown-node', nodeId: 'train', line: 12, column: 21 }]);
  });

  it('lists issues in file order, each with the file', () => {
    const text = SPEC.replace('name: small', 'name: Small').replace('x.csv', '{value: [1]}').replace('target: y', 'target: y, epochs: 0');
    const { issues } = validateSpec(text, { library, file: 'f.yaml' });
    expect(issues.map((i) => [i.code, i.line])).toEqual([['k8s-name', 3], ['bad-value', 8], ['bad-value', 12]]);
    expect(issues.every((i) => i.file === 'f.yaml')).toBe(true);
  });

  it('stops at YAML errors: later checks would only report their consequences', () => {
    const { issues, spec } = validateSpec(`${SPEC}  - id: [broken\n`, { library });
    expect(spec).toBeUndefined();
    expect(issues.every((i) => i.code === 'yaml-syntax')).toBe(true);
  });

  it('validates a generated spec of any size without issues', () => {
    for (const [n, fanIn] of [[1, 0], [2, 0], [50, 3], [1000, 1]] as const) {
      const result = validateSpec(generateSpec(n, { fanIn }), { library: libraryOf([]) });
      expect(result.issues, `${n} nodes`).toEqual([]);
      expect(result.spec?.nodes).toHaveLength(n);
    }
  });

  it('parses and validates a 10,000-node spec in well under a second', () => {
    const text = generateSpec(10_000);
    validateSpec(text, { library: libraryOf([]) }); // warm-up
    const start = performance.now();
    const result = validateSpec(text, { library: libraryOf([]) });
    const ms = performance.now() - start;
    expect(result.issues).toEqual([]);
    // The goal is < 200 ms (bench/compile.bench.ts measures it); this bound only catches regressions
    // by an order of magnitude without failing on a busy CI machine.
    expect(ms).toBeLessThan(2000);
  });
});

describe('validateSpec at scale', () => {
  // Bounds far above the expected ~1 s: these catch work that grows with the square of the spec.
  it('stays fast when every reference of a 5,000-node spec is broken (a rename)', () => {
    const text = generateSpec(5000).replace(/id: n(\d+)/g, 'id: m$1');
    const start = performance.now();
    const { issues } = validateSpec(text, { library: libraryOf([]) });
    expect(performance.now() - start).toBeLessThan(8000);
    expect(issues.filter((i) => i.code === 'unknown-node')).toHaveLength(9997);
    expect(issues.find((i) => i.nodeId === 'm2')?.message).toContain("did you mean 'm1'?");
  });

  it('reports a cycle through all 5,000 nodes once, shortening the list', () => {
    const text = generateSpec(5000).replace('      rate: 0.05\n', '      rate: 0.05\n      back: {from: n4999.data}\n');
    const start = performance.now();
    const { issues } = validateSpec(text, { library: libraryOf([]) });
    expect(performance.now() - start).toBeLessThan(8000);
    expect(issues).toMatchObject([{ code: 'cycle', nodeId: 'n0', path: ['nodes', 0, 'inputs', 'back', 'from'] }]);
    expect(issues[0]!.message).toMatch(/^These nodes .*: n0 → n1 → n3 → .* more\) → n4999 → n0\. Also caught in it: 'n2', /);
    expect(issues[0]!.message.length).toBeLessThan(800);
  });
});

describe('validatePipeline', () => {
  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'c' } };
    cyclic.nodes = [cyclic];
    const throwing = { get nodes(): unknown { throw new Error('boom'); } };
    for (const value of [undefined, null, 0, NaN, 'text', [], {}, [[]], cyclic, throwing, Object.create(null),
      { nodes: [null, 1, 'x', [], { id: 5 }] }, { nodes: 'x' }, { ...parse(SPEC), params: [] }, () => 1, Symbol('s')]) {
      const result = validatePipeline(value, { library });
      expect(hasErrors(result.issues)).toBe(true);
      for (const i of result.issues) expect(i.message.length).toBeGreaterThan(10);
    }
  });

  it('carries no position without a locator', () => {
    const { issues } = validatePipeline({ ...parse(SPEC), metadata: { name: 'A' } }, { library, file: 'x' });
    expect(issues).toEqual([expect.objectContaining({ code: 'k8s-name', file: 'x', path: ['metadata', 'name'] })]);
    expect(issues[0]!.line).toBeUndefined();
  });

  it('keeps checking the rest when params are broken, without guessing about param references', () => {
    const value = parse(SPEC.replace('{path: x.csv}', '{path: {param: p}}'));
    const { issues } = validatePipeline({ ...value, params: ['p'] }, { library });
    expect(issues.map((i) => i.code)).toEqual(['schema']);
  });
});

describe('ports', () => {
  it('agree with resolveNodes, which the compiler uses', () => {
    const spec = parse(generateSpec(5, { fanIn: 2 })) as Pipeline;
    spec.nodes.push(...(parse(SPEC) as Pipeline).nodes, { id: 'u', kind: 'custom', uses: 'missing@1.0.0' });
    const resolved = resolveNodes(spec, library);
    const ctx = createContext(spec, spec.nodes.map((node, index) => ({ node, index })), library, {
      allIds: [], skippedIds: new Set(), skippedParams: new Set(), paramsOk: true, metadataOk: true, complete: true,
    }, () => undefined);
    for (const e of ctx.nodes) {
      const r = resolved.get(e.node.id)!;
      const p = portsOf(e.node, library);
      expect(p.outputs).toEqual(r.outputs);
      expect(p.component).toBe(r.component);
      if (r.component) expect(p.inputs).toEqual(r.inputs);
    }
    expect([...ctx.unresolved]).toEqual(['u']);
  });
});

describe('placeholders', () => {
  it('are read as template.ts reads them, including the odd ones', () => {
    const args = ['{{inputs.a}}', '{{ inputs.b }}', '{{inputs.zz}}', '{{outputs.o}}{{outputs.p}}', '{{\u00a0inputs.q\u00a0}}',
      '{{inputs.}}', '{{inputs.1x}}', 'x{{inputs.a}}y{{outputs.nope}}', '{{input.a}}', '{{{inputs.a}}}', '{{inputs.a}', '{{ inputs.a b }}',
      '{{inputs.a}}{{', '{{}}', 'plain', '{{\tinputs.b\n}}'];
    const node = { id: 'n', kind: 'custom', container: { command: ['x'], args }, inputs: { a: 1, b: 2 }, outputs: { o: { type: 'file' } } };
    const { issues } = validatePipeline({ apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, nodes: [node] }, { library });
    args.forEach((arg, k) => {
      const found = issues.filter((i) => i.path[4] === k).map((i) => i.message).sort();
      const unknown = placeholderNames(arg).filter((p) => !Object.hasOwn(p.ref === 'inputs' ? node.inputs : node.outputs, p.name));
      const expected = [...unknown.map((p) => `{{${p.ref}.${p.name}}}`), ...malformedPlaceholders(arg).map((m) => `'${m}'`)];
      expect(found.length, arg).toBe(expected.length);
      for (const e of expected) expect(found.some((m) => m.startsWith(e)), `${arg}: ${e}`).toBe(true);
    });
  });
});

describe('outputRef', () => {
  it('reads references exactly as names.ts does', () => {
    for (const ref of ['a.b', 'prep.data', 'a', '.a', 'a.', 'a.b.c', 'a..b', 'a b.c', 'a.b\t', 'a.\u00a0b', 'ä.ö', 'a.b\u2028',
      'n1.out_2', '-.-', '', '.', 'a.\u3000', '\ufeffa.b']) {
      expect(outputRef(ref), JSON.stringify(ref)).toEqual(parseOutputRef(ref));
    }
  });
});
