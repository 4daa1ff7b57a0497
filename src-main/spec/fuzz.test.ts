/**
 * Fuzz test: thousands of seeded random mutations of valid and invalid specs (the fixtures, the shipped
 * examples, a generated spec) must never make parsing or validation throw, and every error must say
 * where it is (a path or a line). Along the way it holds our shortcuts to their references: the subset
 * YAML parser and the linear duplicate-key check to the `yaml` package, the compiled schema check to zod.
 * Deterministic (seeded); set FUZZ_SEED / FUZZ_RUNS to explore further.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import type { Issue } from '../../shared/spec/issues.js';
import { parseSpecText } from '../../shared/spec/parse.js';
import { Pipeline, type ComponentLibrary } from '../../shared/spec/schema.js';
import { generateSpec } from '../../shared/spec/testing/generate.js';
import { testLibrary } from '../../shared/spec/testing/library.js';
import { pipelineChecker, validatePipeline, validateSpec } from '../../shared/spec/validate.js';
import { fastParseYaml } from '../../shared/spec/yaml-fast.js';
import { loadLibrary } from '../library/library.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const root = join(import.meta.dirname, '../..');

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed { name: string; text: string; library: ComponentLibrary }

async function seeds(): Promise<Seed[]> {
  const fixtures = join(root, 'shared/spec/fixtures');
  const test = testLibrary();
  const out: Seed[] = [];
  for (const sub of ['valid', 'invalid']) {
    for (const f of readdirSync(join(fixtures, sub))) out.push({ name: `${sub}/${f}`, text: readFileSync(join(fixtures, sub, f), 'utf8'), library: test });
  }
  const { library } = await loadLibrary(join(root, 'resources/components'));
  for (const f of readdirSync(join(root, 'resources/examples')).filter((f) => f.endsWith('.yaml'))) {
    out.push({ name: `examples/${f}`, text: readFileSync(join(root, 'resources/examples', f), 'utf8'), library });
  }
  out.push({ name: 'generated', text: generateSpec(8, { fanIn: 2 }), library: test });
  return out;
}

const GARBAGE = ['{', '}', '[', ']', ':', ': ', '- ', '-', '#', '&a ', '*a', '!', '!!str ', '|', '>', '"', "'", ',', '?', '%',
  '\t', '\r', '\n', '\0', '\u0085', '\ufeff', '\ud800', '€', '---\n', '...\n', '  ', '{{', '}}', '\\', '<<: ', '~', 'null', '1e9'];

/** One random edit of the text. */
function mutateText(text: string, r: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const at = Math.floor(r() * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(r() * lines.length);
  switch (Math.floor(r() * 9)) {
    case 0: return text.slice(0, at) + pick(GARBAGE) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 20)));
    case 2: return text.slice(0, at);
    case 3: lines.splice(line, 0, lines[line] ?? ''); return lines.join('\n');
    case 4: { const other = Math.floor(r() * lines.length); [lines[line], lines[other]] = [lines[other]!, lines[line]!]; return lines.join('\n'); }
    case 5: lines[line] = r() < 0.5 ? ` ${lines[line]}` : lines[line]!.replace(/^ /, ''); return lines.join('\n');
    case 6: { const n = 1 + Math.floor(r() * 100); return `${text.slice(0, at)}${'['.repeat(n)}${text.slice(at)}${']'.repeat(n)}`; }
    case 7: lines.splice(line, 1); return lines.join('\n');
    default: return text.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + text.slice(at);
  }
}

const JUNK: unknown[] = [null, 0, -1, 1.5, 1e21, NaN, '', 'x', 'Train Model', 'a.b', 'nope.out', 'x@1.0.0', true, [], [1, 'a'], {}, { from: 'a.b' },
  { param: 'p' }, { value: [1] }, { type: 'dataset' }, { secret: 's', key: 'k' }, '{{inputs.x}}', '1h', '4Gi', '500m'];

/** Random edits of the data: delete, retype, rename or rewire something, anywhere in the tree. */
function mutateValue(value: unknown, r: () => number): unknown {
  const copy = structuredClone(value);
  const containers: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { containers.push([v, i]); walk(x); });
    else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) { containers.push([v as Record<string, unknown>, k]); walk((v as Record<string, unknown>)[k]); }
  };
  walk(copy);
  if (!containers.length) return copy;
  for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
    const [c, k] = containers[Math.floor(r() * containers.length)]!;
    const op = Math.floor(r() * 4);
    if (op === 0) {
      if (Array.isArray(c)) c.splice(k as number, 1);
      else delete c[k as string];
    } else if (op === 1) (c as Record<string, unknown>)[k] = structuredClone(JUNK[Math.floor(r() * JUNK.length)]);
    else if (op === 2 && !Array.isArray(c)) c[`${String(k)}${r() < 0.5 ? 'x' : ''}`.replace(/^(.)(.)/, '$2$1')] = c[k as string];
    else {
      const [c2, k2] = containers[Math.floor(r() * containers.length)]!;
      (c as Record<string, unknown>)[k] = structuredClone((c2 as Record<string, unknown>)[k2]);
    }
  }
  return copy;
}

/** Without text there are no lines: only an error about the document as a whole may then lack a path. */
function checkIssues(issues: Issue[], where: string, text = true): void {
  for (const i of issues) {
    expect(['error', 'warning'], where).toContain(i.severity);
    expect(i.message.length, where).toBeGreaterThan(10);
    const located = i.path.length > 0 || i.line !== undefined || (!text && /^The file must hold a pipeline/.test(i.message));
    if (i.severity === 'error') expect(located, `${where}: ${JSON.stringify(i)}`).toBe(true);
    if (i.nodeId !== undefined) expect(i.path[0], `${where}: ${JSON.stringify(i)}`).toBe('nodes');
  }
}

describe('fuzz', () => {
  it(`${RUNS} text mutations and ${Math.round(RUNS / 3)} data mutations: no exception, every error located`, async () => {
    const all = await seeds();
    const r = rng(SEED);
    const checker = pipelineChecker();
    let fastAccepted = 0;
    let schemaCompared = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = all[run % all.length]!;
      let text = seed.text;
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) text = mutateText(text, r);
      const where = `run ${run} (${seed.name}, seed ${SEED}): ${JSON.stringify(text.slice(0, 200))}`;

      const result = validateSpec(text, { library: seed.library, file: seed.name });
      checkIssues(result.issues, where);

      // The subset parser must agree with yaml whenever it answers (and never answer for broken YAML).
      const doc = parseDocument(text, { uniqueKeys: true });
      const fast = fastParseYaml(text, 64);
      if (fast.ok) {
        fastAccepted++;
        expect(doc.errors, where).toEqual([]);
        expect(fast.value, where).toStrictEqual(doc.toJS());
      }
      // Our linear duplicate-key check must find what yaml's own finds.
      const parsed = parseSpecText(text);
      if (parsed.issues.length < 50 && !parsed.issues.some((i) => i.code === 'too-deep' || /too broken|YAML documents/.test(i.message))) {
        const ours = parsed.issues.filter((i) => i.message.includes('appears more than once')).length;
        expect(ours, where).toBe(doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').length);
      }
      // The compiled schema check must agree with zod.
      if (parsed.value !== undefined) {
        schemaCompared++;
        expect(checker.valid(parsed.value), where).toBe(Pipeline.safeParse(parsed.value).success);
      }
    }
    for (let run = 0; run < RUNS / 3; run++) {
      const seed = all[run % all.length]!;
      let value: unknown;
      try { value = parse(seed.text); } catch { continue; }
      const mutated = mutateValue(value, r);
      const where = `data run ${run} (${seed.name}): ${JSON.stringify(mutated).slice(0, 300)}`;
      checkIssues(validatePipeline(mutated, { library: seed.library }).issues, where, false);
      expect(checker.valid(mutated), where).toBe(Pipeline.safeParse(mutated).success);
      // And through YAML text again, which exercises locations.
      checkIssues(validateSpec(stringify(mutated), { library: seed.library }).issues, where);
    }
    // The runs must exercise both sides of both comparisons, or they prove little.
    expect(fastAccepted).toBeGreaterThan(RUNS / 10);
    expect(schemaCompared).toBeGreaterThan(RUNS / 10);
  }, 60_000);
});
