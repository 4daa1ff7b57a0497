/**
 * Every example pipeline in resources/examples, built against the component library in
 * resources/components, exports to Argo and Kubernetes objects that validate and keep the invariants.
 * Components are read with the zod schema directly so this test needs nothing but the spec module.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportArgo } from '../../shared/compiler/exporters/argo.js';
import { exportK8s } from '../../shared/compiler/exporters/k8s.js';
import { compilePlan } from '../../shared/compiler/plan.js';
import { Component, libraryOf, Pipeline } from '../../shared/spec/schema.js';
import { expectValidArgo, expectValidK8s } from './testing/invariants.js';
import { repoRoot } from './testing/reference.js';

const examplesDir = path.join(repoRoot, 'resources/examples');
const componentsDir = path.join(repoRoot, 'resources/components');
const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const present = existsSync(examplesDir) && existsSync(componentsDir) && yamlFiles(examplesDir).length > 0;

describe.skipIf(!present)('exports of resources/examples', () => {
  const components = present
    ? readdirSync(componentsDir).flatMap((id) => yamlFiles(path.join(componentsDir, id))
      .map((f) => Component.parse(parse(readFileSync(path.join(componentsDir, id, f), 'utf8')))))
    : [];
  const library = libraryOf(components);
  const examples = present ? yamlFiles(examplesDir) : [];
  const planOf = (file: string) => compilePlan(Pipeline.parse(parse(readFileSync(path.join(examplesDir, file), 'utf8'))), library);

  it('found examples and components', () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(components.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s exports to a valid Argo Workflow', (file) => {
    const plan = planOf(file);
    expectValidArgo(plan, exportArgo(plan));
  });

  it.each(examples)('%s exports to valid Kubernetes objects', (file) => {
    const plan = planOf(file);
    expectValidK8s(plan, exportK8s(plan));
  });
});
