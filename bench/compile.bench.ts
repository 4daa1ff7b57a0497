/**
 * Compile benchmark: a generated 10,000-node spec through parse + validate, compile, and each export,
 * beside a plain JSON.parse of the same document measured in the same run.
 * Run: npx tsx bench/compile.bench.ts [--nodes N]. Prints figures; asserts nothing. Goal: each step < 200 ms.
 */
import { parseArgs } from 'node:util';
import { compilePlan } from '../shared/compiler/plan.js';
import { exporters } from '../shared/compiler/exporters/index.js';
import { libraryOf } from '../shared/spec/schema.js';
import { generateSpec } from '../shared/spec/testing/generate.js';
import { validateSpec } from '../shared/spec/validate.js';
import { parse } from 'yaml';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const nodes = Number(values.nodes);
const runs = Number(values.runs);
const GOAL_MS = 200;

/** Median wall time of `runs` runs after one warm-up. */
function time<T>(fn: () => T): { ms: number; value: T } {
  let value = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, value };
}

const yamlText = generateSpec(nodes);
const jsonText = JSON.stringify(parse(yamlText));
const library = libraryOf([]);

const baseline = time(() => JSON.parse(jsonText));
const validated = time(() => validateSpec(yamlText, { file: 'bench.yaml', library }));
const spec = validated.value.spec;
if (!spec || validated.value.issues.length) throw new Error(`generated spec did not validate: ${JSON.stringify(validated.value.issues.slice(0, 3))}`);
const compiled = time(() => compilePlan(spec, library));
const rows: [string, number][] = [
  ['JSON.parse (baseline)', baseline.ms],
  ['parse + validate', validated.ms],
  ['compile (plan)', compiled.ms],
];
for (const [name, exporter] of Object.entries(exporters)) rows.push([`export ${name}`, time(() => exporter(compiled.value)).ms]);
// Exporters write YAML straight from the plan and build their objects only when read; for the record,
// what a caller that also reads them pays (no goal: writing the export needs only the YAML).
for (const [name, exporter] of Object.entries(exporters)) rows.push([`  ${name} + objects`, time(() => exporter(compiled.value).objects).ms]);

console.log(`compile benchmark: ${nodes} nodes, YAML ${(yamlText.length / 1024 / 1024).toFixed(2)} MB, JSON ${(jsonText.length / 1024 / 1024).toFixed(2)} MB, median of ${runs} runs`);
console.log(`${'step'.padEnd(24)} ${'ms'.padStart(9)} ${'x JSON.parse'.padStart(13)}  goal < ${GOAL_MS} ms`);
for (const [name, ms] of rows) {
  const verdict = name.includes('baseline') || name.includes('objects') ? '' : ms < GOAL_MS ? 'met' : 'MISSED';
  console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(9)} ${(ms / baseline.ms).toFixed(1).padStart(12)}x  ${verdict}`);
}
