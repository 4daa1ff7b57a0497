/**
 * What must hold for any exported pipeline, whatever its shape; used for the examples in resources/,
 * whose exact output the golden files of the fixtures already pin down in kind.
 */
import { expect } from 'vitest';
import type { ExportResult } from '../../../shared/compiler/exporters/common.js';
import type { Plan } from '../../../shared/compiler/plan.js';
import { envEntries } from './inspect.js';
import { validateArgoWorkflow, validateK8sObject } from './reference.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- inspection of plain data

/** Secrets appear only as secretKeyRef, never as a value next to it. */
function expectSecretsAsRefs(plan: Plan, objects: unknown[]): void {
  const secretNames = new Set(plan.nodes.flatMap((n) => Object.entries(n.env).filter(([, v]) => typeof v !== 'string').map(([k]) => k)));
  for (const e of envEntries(objects)) {
    if (secretNames.has(e.name)) {
      expect(e.value, `env ${e.name}`).toBeUndefined();
      expect(e.valueFrom?.secretKeyRef, `env ${e.name}`).toBeDefined();
    }
  }
}

export function expectValidArgo(plan: Plan, result: ExportResult): void {
  expect(result.objects).toHaveLength(1);
  const wf = result.objects[0] as Json;
  expect(validateArgoWorkflow(wf)).toEqual([]);
  const tasks = wf.spec.templates.find((t: Json) => t.name === wf.spec.entrypoint).dag.tasks as Json[];
  expect(tasks.map((t) => t.name)).toEqual(plan.nodes.map((n) => n.id));
  for (const node of plan.nodes) {
    const t = tasks.find((x) => x.name === node.id)!;
    expect(t.dependencies ?? []).toEqual(node.dependsOn);
    const tpl = wf.spec.templates.find((x: Json) => x.name === t.template);
    if (node.resources.gpu) expect(tpl.container.resources.limits['nvidia.com/gpu']).toBe(String(node.resources.gpu));
    if (node.resources.shm) expect(tpl.container.volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
  }
  for (const name of Object.keys(plan.params)) {
    expect(wf.spec.arguments.parameters.map((p: Json) => p.name)).toContain(name);
  }
  expectSecretsAsRefs(plan, result.objects);
}

export function expectValidK8s(plan: Plan, result: ExportResult): void {
  const objects = result.objects as Json[];
  for (const o of objects) {
    expect(validateK8sObject(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
    expect(o.metadata.name.length).toBeLessThanOrEqual(63);
  }
  const jobs = objects.filter((o) => o.kind === 'Job');
  expect(jobs.map((j) => j.metadata.labels['pipewright.dev/node'])).toEqual(plan.nodes.map((n) => n.id));
  for (const node of plan.nodes) {
    const job = jobs.find((j) => j.metadata.labels['pipewright.dev/node'] === node.id)!;
    expect(job.metadata.annotations['pipewright.dev/depends-on']).toBe(node.dependsOn.join(','));
    const pod = job.spec.template.spec;
    const wait = pod.initContainers.find((c: Json) => c.name === 'wait-upstream');
    expect(wait ? wait.command.slice(4, wait.command.indexOf('--')) : []).toEqual(node.dependsOn);
    const run = pod.initContainers.find((c: Json) => c.name === 'run');
    if (node.resources.gpu) expect(run.resources.limits['nvidia.com/gpu']).toBe(String(node.resources.gpu));
    if (node.resources.shm) expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: node.resources.shm } });
  }
  if (Object.keys(plan.params).length) {
    expect(Object.keys(objects.find((o) => o.kind === 'ConfigMap')!.data)).toEqual(Object.keys(plan.params));
  }
  expectSecretsAsRefs(plan, objects);
}
