import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE } from '../../shared/compiler/exporters/container.js';
import { exportK8s, jobBackoffSeconds, K8S_HELPER_IMAGE, WAIT_SCRIPT } from '../../shared/compiler/exporters/k8s.js';
import { CompileError } from '../../shared/compiler/plan.js';
import { fixturePlan, fixtures } from './testing/fixtures.js';
import { expectGolden, parseYamlDocs } from './testing/golden.js';
import { envEntries } from './testing/inspect.js';
import { validateK8sObject } from './testing/reference.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test inspection of plain data

function exported(name: string) {
  const plan = fixturePlan(name);
  const result = exportK8s(plan);
  const objects = result.objects as Json[];
  const jobs = objects.filter((o) => o.kind === 'Job');
  const job = (id: string) => jobs.find((j) => j.metadata.labels['pipewright.dev/node'] === id)!;
  const run = (id: string) => job(id).spec.template.spec.initContainers.find((c: Json) => c.name === 'run');
  return { plan, result, objects, jobs, job, run };
}

describe.each(Object.keys(fixtures))('Kubernetes export of %s', (name) => {
  it('matches its golden file and reads back as the same objects', () => {
    const { result } = exported(name);
    expectGolden(`${name}.k8s.yaml`, result.yaml);
    expect(parseYamlDocs(result.yaml)).toEqual(result.objects);
  });

  it('has only objects valid for kubernetes-models and the strict Kubernetes schema', () => {
    const { objects } = exported(name);
    for (const o of objects) expect(validateK8sObject(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it('has one Job per node whose dependencies are real (wait container) and annotated', () => {
    const { plan, jobs, job } = exported(name);
    expect(jobs).toHaveLength(plan.nodes.length);
    for (const node of plan.nodes) {
      const j = job(node.id);
      expect(j.metadata.annotations['pipewright.dev/depends-on']).toBe(node.dependsOn.join(','));
      const pod = j.spec.template.spec;
      expect(pod.restartPolicy).toBe('Never');
      const wait = pod.initContainers.find((c: Json) => c.name === 'wait-upstream');
      if (node.dependsOn.length) {
        // Upstream ids go in as arguments only; the script text is the same constant for every Job.
        expect(wait.command.slice(0, 4 + node.dependsOn.length + 1)).toEqual(['sh', '-c', WAIT_SCRIPT, 'wait-upstream', ...node.dependsOn, '--']);
        expect(wait.image).toBe(K8S_HELPER_IMAGE);
      } else {
        expect(wait).toBeUndefined();
      }
      expect(pod.initContainers.at(-1).name).toBe('run');
      expect(pod.containers).toEqual([expect.objectContaining({ name: 'mark-done', command: ['touch', '/pipewright/node/.done'] })]);
      expect(pod.containers[0].volumeMounts[0].subPath).toBe(`nodes/${node.id}`);
    }
  });

  it('keeps every object name within 63 characters', () => {
    const { objects } = exported(name);
    for (const o of objects) expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    expect(new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`)).size).toBe(objects.length);
  });
});

describe('Kubernetes export: churn in detail', () => {
  const { result, objects, job, run } = exported('churn');

  it('writes a ConfigMap with the params, then the PVC, then the Jobs in plan order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/churn-params', 'PersistentVolumeClaim/churn-artifacts',
      'Job/churn-load', 'Job/churn-profile', 'Job/churn-train', 'Job/churn-evaluate', 'Job/churn-deploy',
    ]);
    expect(objects[0]!.data).toEqual({ dataset_url: 's3://data/churn.csv', lr: '0.05', min_accuracy: '0.8' });
    expect(objects[1]!.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } });
    expect(job('train').metadata.labels).toEqual({ team: 'growth', 'pipewright.dev/pipeline': 'churn', 'pipewright.dev/node': 'train' });
  });

  it('feeds params from the ConfigMap through env and $(VAR) expansion', () => {
    expect(run('train').env).toContainEqual({ name: 'PIPEWRIGHT_PARAM_lr', valueFrom: { configMapKeyRef: { name: 'churn-params', key: 'lr' } } });
    expect(run('train').command).toContain('--lr=$(PIPEWRIGHT_PARAM_lr)');
    expect(run('train').command).toContain('{"max_depth":8}');
    // Two references to one param share one env var.
    const deploy = run('deploy');
    expect(deploy.env.filter((e: Json) => e.name === 'PIPEWRIGHT_PARAM_min_accuracy')).toHaveLength(1);
    expect(deploy.command).toEqual(expect.arrayContaining(['$(PIPEWRIGHT_PARAM_min_accuracy)', '--min-again=$(PIPEWRIGHT_PARAM_min_accuracy)']));
  });

  it('escapes literal $ so the kubelet passes it through', () => {
    expect(run('profile').command).toContain('--title=cost $$(USD)');
  });

  it('mounts outputs and upstream artifacts from per-node folders on the PVC', () => {
    expect(run('evaluate').volumeMounts).toEqual([
      { name: 'pipewright', mountPath: '/pipewright/outputs', subPath: 'nodes/evaluate/outputs' },
      { name: 'pipewright', mountPath: '/pipewright/inputs/model', subPath: 'nodes/train/outputs/model', readOnly: true },
      { name: 'pipewright', mountPath: '/pipewright/inputs/table', subPath: 'nodes/load/outputs/table', readOnly: true },
    ]);
    expect(job('evaluate').spec.template.spec.volumes).toEqual([{ name: 'pipewright', persistentVolumeClaim: { claimName: 'churn-artifacts' } }]);
  });

  it('sets GPU limits, resources and a memory-backed /dev/shm on the step', () => {
    expect(run('train').resources.limits['nvidia.com/gpu']).toBe('1');
    expect(job('train').spec.template.spec.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
    expect(run('train').volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
    expect(run('load').resources).toBeUndefined();
  });

  it('exports secrets only as secretKeyRef', () => {
    const env = envEntries(objects);
    expect(env.filter((e) => e.valueFrom?.secretKeyRef)).toEqual([
      { name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { name: 'wandb', key: 'api-key' } } },
      { name: 'REGISTRY_TOKEN', valueFrom: { secretKeyRef: { name: 'registry', key: 'token' } } },
    ]);
    for (const e of env) expect(e.value === undefined || e.valueFrom === undefined).toBe(true);
  });

  it('maps retries to backoffLimit and bounds each Job by its timeout plus the wait for upstream Jobs', () => {
    expect(job('load').spec.backoffLimit).toBe(0);
    expect(job('train').spec.backoffLimit).toBe(3);
    const load = 600;
    const train = 7200 * 4 + jobBackoffSeconds(3) + load + 5;
    const evaluate = 1800 * 2 + jobBackoffSeconds(1) + train + 5;
    expect(job('load').spec.activeDeadlineSeconds).toBe(load);
    expect(job('train').spec.activeDeadlineSeconds).toBe(train);
    expect(job('evaluate').spec.activeDeadlineSeconds).toBe(evaluate);
    expect(job('deploy').spec.activeDeadlineSeconds).toBe(600 + Math.max(train, evaluate) + 5);
    expect(job('profile').spec.activeDeadlineSeconds).toBeUndefined();
    expect(jobBackoffSeconds(7)).toBe(10 + 20 + 40 + 80 + 160 + 320 + 360);
  });

  it('passes a run-time value through an env file the wait container writes, and says what that needs', () => {
    const pod = job('deploy').spec.template.spec;
    const wait = pod.initContainers[0];
    expect(wait.command.slice(4)).toEqual(['train', 'evaluate', '--', 'PIPEWRIGHT_VALUE_accuracy', 'evaluate/outputs/accuracy']);
    expect(wait.volumeMounts).toContainEqual({ name: 'pipewright-env', mountPath: '/pipewright/env' });
    expect(pod.volumes).toContainEqual({ name: 'pipewright-env', emptyDir: {} });
    expect(run('deploy').env).toContainEqual({
      name: 'PIPEWRIGHT_VALUE_accuracy',
      valueFrom: { fileKeyRef: { volumeName: 'pipewright-env', path: 'values.env', key: 'PIPEWRIGHT_VALUE_accuracy' } },
    });
    expect(run('deploy').command).toEqual(expect.arrayContaining(['--accuracy', '$(PIPEWRIGHT_VALUE_accuracy)']));
    expect(result.warnings).toContain('Node \'deploy\': \'accuracy\' is a value produced at run time, read from an env file (fileKeyRef), which needs Kubernetes 1.35 or later (1.34 with the EnvFiles feature gate).');
    // Nodes without run-time values get no env file.
    expect(job('evaluate').spec.template.spec.volumes.map((v: Json) => v.name)).toEqual(['pipewright']);
  });

  it('uses the default image with a warning for a node without one', () => {
    expect(run('profile').image).toBe(DEFAULT_IMAGE);
    expect(result.warnings.some((w) => w.startsWith('Node \'profile\' names no image'))).toBe(true);
  });
});

describe('Kubernetes export: edge cases', () => {
  it('leaves out the ConfigMap, the wait and the deadline when nothing calls for them', () => {
    const { objects, job, result } = exported('minimal');
    expect(objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim', 'Job']);
    expect(job('hello').spec.activeDeadlineSeconds).toBeUndefined();
    expect(job('hello').spec.template.spec.initContainers.map((c: Json) => c.name)).toEqual(['run']);
    expect(result.warnings).toHaveLength(1);
  });

  it('drops a timeout it cannot bound, with a warning', () => {
    const { job, result, plan } = exported('long-names');
    const last = plan.nodes[1]!.id;
    expect(job(last).spec.activeDeadlineSeconds).toBeUndefined();
    expect(result.warnings).toContain(`Node '${last}': its timeout is not exported. A Job's deadline also counts the wait for upstream nodes, and 'main' has no timeout to bound that wait.`);
  });

  it('keeps the wait script clear of the kubelet\'s $(VAR) expansion', () => {
    expect(WAIT_SCRIPT).not.toContain('$(');
  });

  it('refuses node ids that could reach the shell or a path unchecked', () => {
    const plan = fixturePlan('minimal');
    plan.nodes.push({ ...plan.nodes[0]!, id: 'x; rm -rf /', dependsOn: ['hello'] });
    expect(() => exportK8s(plan)).toThrow(CompileError);
    const traversal = fixturePlan('minimal');
    traversal.nodes[0]!.outputs = [{ name: '../../etc', type: 'file' }];
    expect(() => exportK8s(traversal)).toThrow(/not an identifier/);
  });
});
