/**
 * Validators for exported objects, built from what the engines publish (the read-only reference folder
 * next to the repository) and from kubernetes-models. Each returns a list of problems; empty means valid.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { Workflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Kept outside the repository (read-only, shared by every checkout). */
export const referenceDir = path.resolve(repoRoot, '../shared/reference');

export function referenceFile(name: string): string {
  const file = path.join(referenceDir, name);
  if (!existsSync(file)) {
    throw new Error(`reference file missing: ${file}. The exporter tests need the engines' published schemas and examples in ../shared/reference next to the repository root (see its README.md).`);
  }
  return file;
}

type Schema = Record<string, unknown> & { definitions: Record<string, Record<string, unknown>> };
const readSchema = (name: string) => JSON.parse(readFileSync(referenceFile(name), 'utf8')) as Schema;

/** Kubernetes' OpenAPI extension keywords: annotations for tools, no validation meaning. */
function kubernetesKeywords(schema: Schema): string[] {
  return [...new Set(JSON.stringify(schema).match(/"x-[a-z-]+"(?=:)/g)!.map((k) => k.slice(1, -1)))];
}

const errorsOf = (fn: ValidateFunction, obj: unknown, label: string) =>
  fn(obj) ? [] : (fn.errors ?? []).map((e) => `${label}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`);

/**
 * The published Argo schema allows unknown fields everywhere, so a misspelt key (`dependancies`) would
 * pass. The strict copy closes every object that lists its properties and leaves free-form maps alone,
 * as kubeconform's strict mode does for Kubernetes.
 */
function closeObjects(schema: Schema): Schema {
  const copy = structuredClone(schema);
  for (const def of Object.values(copy.definitions)) {
    if (def.properties && def.additionalProperties === undefined) def.additionalProperties = false;
  }
  return copy;
}

let argo: { published: ValidateFunction; strict: ValidateFunction } | undefined;
function argoValidators() {
  if (argo) return argo;
  const schema = readSchema('argo-workflows.schema.json');
  const compile = (s: Schema) => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
    ajv.addVocabulary(kubernetesKeywords(s));
    ajv.addSchema(s, 'argo');
    return ajv.compile({ $ref: 'argo#/definitions/io.argoproj.workflow.v1alpha1.Workflow' });
  };
  argo = { published: compile(schema), strict: compile(closeObjects(schema)) };
  return argo;
}

/** Problems of a Workflow per kubernetes-models, the published Argo schema and its closed copy. */
export function validateArgoWorkflow(obj: unknown): string[] {
  const { published, strict } = argoValidators();
  return [
    ...modelErrors(() => new Workflow(obj as ConstructorParameters<typeof Workflow>[0]).validate(), 'kubernetes-models'),
    ...errorsOf(published, obj, 'argo schema'),
    ...errorsOf(strict, obj, 'argo schema (closed)'),
  ];
}

let k8s: { ajv: Ajv; keys: Map<string, string>; compiled: Map<string, ValidateFunction> } | undefined;
/**
 * k8s-strict.schema.json keys definitions by OpenAPI name (io.k8s.api.batch.v1.Job); the object kinds
 * are found through each definition's x-kubernetes-group-version-kind, as `apiVersion/kind`.
 * Validators are compiled on first use: compiling all 700 definitions takes seconds.
 */
function k8sValidator(apiVersionKind: string): ValidateFunction | undefined {
  if (!k8s) {
    const schema = readSchema('k8s-strict.schema.json');
    const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
    ajv.addVocabulary(kubernetesKeywords(schema));
    ajv.addSchema(schema, 'k8s');
    const keys = new Map<string, string>();
    for (const [key, def] of Object.entries(schema.definitions)) {
      const gvks = (def['x-kubernetes-group-version-kind'] ?? []) as { group: string; version: string; kind: string }[];
      for (const g of gvks) keys.set(`${g.group ? `${g.group}/${g.version}` : g.version}/${g.kind}`, key);
    }
    k8s = { ajv, keys, compiled: new Map() };
  }
  const key = k8s.keys.get(apiVersionKind);
  if (!key) return undefined;
  let fn = k8s.compiled.get(key);
  if (!fn) {
    fn = k8s.ajv.compile({ $ref: `k8s#/definitions/${key}` });
    k8s.compiled.set(key, fn);
  }
  return fn;
}

const MODELS: Record<string, (obj: never) => { validate(): void }> = {
  'batch/v1/Job': (o) => new Job(o),
  'v1/ConfigMap': (o) => new ConfigMap(o),
  'v1/PersistentVolumeClaim': (o) => new PersistentVolumeClaim(o),
};

/** Problems of a Kubernetes object per kubernetes-models and the strict Kubernetes schema. */
export function validateK8sObject(obj: unknown): string[] {
  const { apiVersion, kind } = obj as { apiVersion?: string; kind?: string };
  const key = `${apiVersion}/${kind}`;
  const fn = k8sValidator(key);
  const model = MODELS[key];
  if (!fn || !model) return [`no validator for ${key}`];
  return [
    ...modelErrors(() => model(obj as never).validate(), 'kubernetes-models'),
    ...errorsOf(fn, obj, 'k8s-strict schema'),
  ];
}

function modelErrors(run: () => void, label: string): string[] {
  try {
    run();
    return [];
  } catch (e) {
    return [`${label}: ${(e as Error).message}`];
  }
}
