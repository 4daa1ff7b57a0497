/**
 * The validators the exporter tests rely on must be able to fail: real Argo examples pass, a known-bad
 * one fails, and broken copies of our own exports are caught, each by the validator meant to catch it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportArgo } from '../../shared/compiler/exporters/argo.js';
import { exportK8s } from '../../shared/compiler/exporters/k8s.js';
import { fixturePlan } from './testing/fixtures.js';
import { referenceDir, referenceFile, validateArgoWorkflow, validateK8sObject } from './testing/reference.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test surgery on plain data

const by = (label: string) => (errors: string[]) => errors.filter((e) => e.startsWith(`${label}:`));
const models = by('kubernetes-models');
const argoSchema = by('argo schema');
const argoClosed = by('argo schema (closed)');
const k8sStrict = by('k8s-strict schema');

const churnWorkflow = () => structuredClone(exportArgo(fixturePlan('churn')).objects[0]) as Json;
const churnK8s = () => structuredClone(exportK8s(fixturePlan('churn')).objects) as Json[];

describe('reference Argo examples', () => {
  referenceFile('argo-workflows.schema.json');
  const examples = readdirSync(path.join(referenceDir, 'argo-examples')).filter((f) => f.endsWith('.yaml'));

  it.each(examples.filter((f) => !f.includes('strict-fails')))('%s passes the published and closed Argo schema', (file) => {
    const wf = parse(readFileSync(path.join(referenceDir, 'argo-examples', file), 'utf8'));
    const errors = validateArgoWorkflow(wf);
    expect(argoSchema(errors)).toEqual([]);
    expect(argoClosed(errors)).toEqual([]);
    // kubernetes-models types template containers as core Containers, whose name is required; Argo's own
    // examples leave it out, which is why the exporter always writes `name: main`.
    for (const e of models(errors)) expect(e).toMatch(/must have required property name/);
  });

  it('argo-timeouts-step.strict-fails.yaml fails the published schema on its unquoted IntOrString', () => {
    const wf = parse(readFileSync(referenceFile('argo-examples/argo-timeouts-step.strict-fails.yaml'), 'utf8'));
    expect(argoSchema(validateArgoWorkflow(wf)).join('\n')).toMatch(/activeDeadlineSeconds must be string/);
  });
});

describe('validators catch broken Workflows', () => {
  it('a wrongly typed field fails kubernetes-models and both schemas', () => {
    const wf = churnWorkflow();
    wf.spec.templates[1].container.image = 42;
    const errors = validateArgoWorkflow(wf);
    expect(models(errors)).not.toEqual([]);
    expect(argoSchema(errors).join('\n')).toMatch(/container\/image must be string/);
    expect(argoClosed(errors)).not.toEqual([]);
  });

  it('a misspelt field fails the closed schema (the published one allows unknown fields)', () => {
    const wf = churnWorkflow();
    const task = wf.spec.templates[0].dag.tasks[1];
    task.dependancies = task.dependencies;
    delete task.dependencies;
    const errors = validateArgoWorkflow(wf);
    expect(argoClosed(errors).join('\n')).toMatch(/must NOT have additional properties 'dependancies'/);
    expect(models(errors)).toEqual([]);
  });

  it('an unquoted retry limit fails the published schema', () => {
    const wf = churnWorkflow();
    wf.spec.templates.find((t: Json) => t.retryStrategy).retryStrategy.limit = 3;
    expect(argoSchema(validateArgoWorkflow(wf)).join('\n')).toMatch(/retryStrategy\/limit must be string/);
  });
});

describe('validators catch broken Kubernetes objects', () => {
  it('a wrongly typed field fails kubernetes-models and the strict schema', () => {
    const job = churnK8s().find((o) => o.kind === 'Job')!;
    job.spec.backoffLimit = 'three';
    const errors = validateK8sObject(job);
    expect(models(errors).join('\n')).toMatch(/backoffLimit must be integer/);
    expect(k8sStrict(errors).join('\n')).toMatch(/backoffLimit must be integer/);
  });

  it('a misspelt field fails the strict schema', () => {
    const job = churnK8s().find((o) => o.kind === 'Job')!;
    job.spec.template.spec.initContainers[0].volumeMount = [];
    expect(k8sStrict(validateK8sObject(job)).join('\n')).toMatch(/must NOT have additional properties 'volumeMount'/);
  });

  it('a ConfigMap with a non-string value and a PVC without access modes type fail', () => {
    const [configMap, pvc] = churnK8s();
    configMap!.data.lr = 0.05;
    expect(models(validateK8sObject(configMap))).not.toEqual([]);
    expect(k8sStrict(validateK8sObject(configMap))).not.toEqual([]);
    pvc!.spec.accessModes = 'ReadWriteMany';
    expect(k8sStrict(validateK8sObject(pvc))).not.toEqual([]);
  });

  it('an object of a kind nobody validates is reported, not passed', () => {
    expect(validateK8sObject({ apiVersion: 'v1', kind: 'Nope' })).toEqual(['no validator for v1/Nope']);
  });
});
