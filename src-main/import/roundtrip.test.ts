/**
 * Round trips: spec -> plan -> export -> import -> plan gives the same nodes, commands, wiring, params and
 * settings, for the exporter fixtures and for every example in resources/. The KFP trip loses nothing
 * but what its exporter warns about; the Argo trip runs once shared/compiler/exporters/argo.ts exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Exporter } from '../../shared/compiler/exporters/common.js';
import { DEFAULT_IMAGE } from '../../shared/compiler/exporters/container.js';
import { checkKfpIr } from '../../shared/compiler/exporters/kfp-check.js';
import { exportKfp } from '../../shared/compiler/exporters/kfp.js';
import { importPipeline } from '../../shared/compiler/import/index.js';
import { compilePlan, type Plan } from '../../shared/compiler/plan.js';
import { renderCommand, type RenderContext } from '../../shared/compiler/render.js';
import { Component, isArtifactType, libraryOf, Pipeline, type ComponentLibrary } from '../../shared/spec/schema.js';
import { kfpFixtures, kfpLibrary } from '../export/kfp.fixtures.js';
import { fixtures, library as sharedLibrary } from '../export/testing/fixtures.js';
import { expectImported, repoRoot } from './helpers.js';

/** The fixtures every exporter is tested on, and the KFP ones, each with its library. */
const allFixtures: Record<string, [Pipeline, ComponentLibrary]> = {
  ...Object.fromEntries(Object.entries(fixtures).map(([name, spec]) => [name, [spec, sharedLibrary]])),
  ...Object.fromEntries(Object.entries(kfpFixtures).map(([name, spec]) => [name, [spec, kfpLibrary]])),
};
const trip = (name: string, target: 'kfp' | 'argo') => roundTrip(...allFixtures[name]!, target);

// Loaded by path so this file compiles before the Argo exporter lands; the Argo trip is skipped until then.
const argoModule = path.join(repoRoot, 'shared/compiler/exporters/argo.ts');
const exportArgo: Exporter | undefined = existsSync(argoModule)
  ? ((await import(/* @vite-ignore */ argoModule)) as { exportArgo?: Exporter }).exportArgo
  : undefined;

/** Every placeholder spelled by name, so two plans render equal commands exactly when their templates agree. */
const named: RenderContext = {
  artifactPath: (i) => `<input ${i.name}>`,
  parameterValue: (i) => `<input ${i.name}>`,
  outputPath: (name) => `<output ${name}>`,
};
const byKey = <T>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

/**
 * What a round trip must keep. Input types are left out: an inline node types its inputs by what is wired
 * in, a component by its declaration (a `file` input fed a dataset). Argo carries no port types, no cache
 * setting and types nothing but artifacts vs. parameters, and its back-off factor is a whole number; KFP
 * caps retry back-off at one hour. Both exporters warn about these.
 */
function kept(plan: Plan, target: 'kfp' | 'argo') {
  return {
    name: plan.name,
    description: plan.description,
    params: plan.params,
    nodes: byKey(plan.nodes, (n) => n.id).map((n) => ({
      id: n.id,
      image: n.image ?? DEFAULT_IMAGE, // exporters run a node without image in the default one (and warn)
      command: renderCommand(n, named),
      inputs: byKey(n.inputs, (i) => i.name).map((i) => ({ name: i.name, source: i.source })),
      // An output's `format` (drift-report) is the app's own hint: neither engine has a place for it.
      outputs: byKey(n.outputs, (o) => o.name).map((o) => (target === 'kfp' ? { name: o.name, type: o.type } : { name: o.name, artifact: isArtifactType(o.type) })),
      env: n.env,
      // Exporters write cpu as text, so 4 and "4" both come back as 4.
      resources: { ...n.resources, cpu: n.resources.cpu === undefined ? undefined : String(n.resources.cpu) },
      retries: target === 'kfp'
        ? { ...n.retries, maxSeconds: Math.min(n.retries.maxSeconds, 3600) }
        : { ...n.retries, factor: Math.ceil(n.retries.factor) }, // Argo's factor is an integer; its exporter warns
      timeoutSeconds: n.timeoutSeconds,
      dependsOn: [...n.dependsOn].sort(),
      ...(target === 'kfp' ? { cache: n.cache } : { workingDir: n.workingDir }),
    })),
  };
}

function roundTrip(spec: Pipeline, library: ComponentLibrary, target: 'kfp' | 'argo') {
  const plan = compilePlan(spec, library);
  const exported = (target === 'kfp' ? exportKfp : exportArgo!)(plan);
  const result = importPipeline(exported.yaml, `${spec.metadata.name}.${target}.yaml`);
  const back = expectImported(result);
  return { original: plan, exported, result, spec: back.spec, back: back.plan };
}

describe('KFP round trip of the exporter fixtures', () => {
  it.each(Object.keys(allFixtures))('%s comes back with the same nodes, wiring and params, and nothing reported lost', (name) => {
    const { original, back, result } = trip(name, 'kfp');
    expect(result.notImported).toEqual([]);
    expect(kept(back, 'kfp')).toEqual(kept(original, 'kfp'));
  });

  it('keeps kinds a name suggests, secrets as references, and no display name (KFP has none; the exporter warns)', () => {
    const { spec } = trip('kfp-wiring', 'kfp');
    expect(spec.nodes.map((n) => [n.id, n.kind])).toEqual([['load', 'data'], ['train', 'train'], ['evaluate', 'evaluate'], ['gate', 'custom']]);
    expect(spec.nodes[1]!.container!.env!.WANDB_API_KEY).toEqual({ secret: 'wandb', key: 'api-key' });
    expect(spec.nodes[1]!.name).toBeUndefined();
  });
});

describe.skipIf(!exportArgo)('Argo round trip of the exporter fixtures', () => {
  it.each(Object.keys(allFixtures))('%s comes back with the same nodes, wiring and params', (name) => {
    const { original, back } = trip(name, 'argo');
    expect(kept(back, 'argo')).toEqual(kept(original, 'argo'));
  });

  it('reports nothing lost but what a fixture itself leaves open, and keeps display names', () => {
    expect(trip('kfp-wiring', 'argo').result.notImported).toEqual([]);
    expect(trip('churn', 'argo').result.notImported).toEqual([]);
    expect(trip('kfp-optional-inputs', 'argo').result.notImported)
      .toEqual([expect.stringMatching(/^template 'fetch': the command never names \/pipewright\/outputs\/count/)]);
    expect(trip('kfp-wiring', 'argo').spec.nodes[1]!.name).toBe('Train model');
  });
});

const examplesDir = path.join(repoRoot, 'resources/examples');
const componentsDir = path.join(repoRoot, 'resources/components');
const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const haveExamples = existsSync(examplesDir) && existsSync(componentsDir) && yamlFiles(examplesDir).length > 0;

describe.skipIf(!haveExamples)('the examples in resources/', () => {
  const library = libraryOf(haveExamples
    ? readdirSync(componentsDir).flatMap((id) => yamlFiles(path.join(componentsDir, id))
      .map((f) => Component.parse(parse(readFileSync(path.join(componentsDir, id, f), 'utf8')))))
    : []);
  const examples = haveExamples ? yamlFiles(examplesDir) : [];
  const specOf = (file: string) => Pipeline.parse(parse(readFileSync(path.join(examplesDir, file), 'utf8')));

  it.each(examples)('%s exports to KFP IR that keeps the structural rules', (file) => {
    const { yaml, objects } = exportKfp(compilePlan(specOf(file), library));
    expect(checkKfpIr(objects)).toEqual([]);
    expect(yaml).toContain('schemaVersion: 2.1.0');
  });

  it.each(examples)('%s round-trips through KFP', (file) => {
    const { original, back, result } = roundTrip(specOf(file), library, 'kfp');
    expect(result.notImported).toEqual([]);
    expect(kept(back, 'kfp')).toEqual(kept(original, 'kfp'));
  });

  it.skipIf(!exportArgo).each(examples)('%s round-trips through Argo', (file) => {
    const { original, back } = roundTrip(specOf(file), library, 'argo');
    expect(kept(back, 'argo')).toEqual(kept(original, 'argo'));
  });
});
