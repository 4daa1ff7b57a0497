/** Importing Argo Workflows: Argo's own examples, and the constructs they do not show. */
import { describe, expect, it } from 'vitest';
import { importPipeline } from '../../shared/compiler/import/index.js';
import { expectImported, notesAbout, referenceFiles, referenceText } from './helpers.js';

const importRef = (file: string) => importPipeline(referenceText('argo-examples', file), file);

describe('importing Argo examples', () => {
  it.each(referenceFiles('argo-examples'))('%s imports to a valid, compilable spec', (file) => {
    expectImported(importRef(file));
  });

  it('argo-dag-diamond: tasks become nodes; the data-free diamond order is reported', () => {
    const r = importRef('argo-dag-diamond.yaml');
    const { spec } = expectImported(r);
    expect(spec.metadata.name).toBe('dag-diamond');
    expect(spec.nodes.map((n) => [n.id, n.inputs, n.container!.command])).toEqual(
      ['a', 'b', 'c', 'd'].map((id) => [id, { message: id.toUpperCase() }, ['echo', '{{inputs.message}}']]),
    );
    expect(notesAbout(r, 'B')).toEqual([expect.stringMatching(/runs after 'A' without reading their data.*no ordering-only edge/)]);
    expect(notesAbout(r, 'D')).toEqual([expect.stringMatching(/runs after 'B', 'C'/)]);
    expect(r.notImported).toHaveLength(3);
  });

  it('argo-artifact-passing: artifact paths become placeholders and `from:` becomes wiring', () => {
    const r = importRef('argo-artifact-passing.yaml');
    const { spec, plan } = expectImported(r);
    expect(r.notImported).toEqual([]);
    const [gen, consume] = spec.nodes;
    expect(gen!.container).toEqual({ image: 'busybox', command: ['sh', '-c'], args: ['sleep 1; echo hello world | tee {{outputs.hello_art}}'] });
    expect(gen!.outputs).toEqual({ hello_art: { type: 'file' } });
    expect(consume!.container!.args).toEqual(['cat {{inputs.message}}']);
    expect(consume!.inputs).toEqual({ message: { from: 'generate-artifact.hello_art' } });
    expect(plan.nodes.map((n) => n.dependsOn)).toEqual([[], ['generate-artifact']]);
  });

  it('argo-loops-maps: withItems is a loop that is not imported', () => {
    const r = importRef('argo-loops-maps.yaml');
    expect(r.spec?.nodes).toEqual([]);
    expect(notesAbout(r, 'test-linux')).toEqual([expect.stringMatching(/^step 'test-linux': a loop \(withItems\) was not imported/)]);
    expect(r.notImported).toContainEqual(expect.stringMatching(/annotations 'workflows\.argoproj\.io\/no-test-resons' were not imported/));
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/No node could be imported/) })]);
  });

  it('argo-steps: steps become nodes; the order of the step groups is reported as not imported', () => {
    const r = importRef('argo-steps.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => [n.id, n.inputs])).toEqual([['hello1', { message: 'hello1' }], ['hello2a', { message: 'hello2a' }], ['hello2b', { message: 'hello2b' }]]);
    expect(r.notImported).toEqual([expect.stringMatching(/^steps template 'hello-hello-hello': .*\(hello2a after hello1; hello2b after hello1\) was not imported/)]);
  });

  it('argo-timeouts-step: a container entrypoint is one node with its deadline as timeout', () => {
    const r = importRef('argo-timeouts-step.strict-fails.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes).toEqual([{
      id: 'sleep', kind: 'custom', timeout: 10,
      container: { image: 'argoproj/argosay:v2', command: ['bash', '-c'], args: ['echo 123; sleep 1d'] },
    }]);
  });
});

const handMade = `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: Hand_Made
  annotations: {workflows.argoproj.io/description: Built by hand.}
spec:
  entrypoint: main
  onExit: cleanup
  serviceAccountName: runner
  arguments:
    parameters:
      - {name: data-url, value: "s3://bucket/x.csv", description: Input table}
      - {name: epochs, value: "10", enum: ["10", "20"]}
  volumes:
    - {name: shm, emptyDir: {medium: Memory, sizeLimit: 2Gi}}
  templates:
    - name: main
      dag:
        failFast: false
        tasks:
          - {name: Fetch, template: fetch, arguments: {parameters: [{name: url, value: "{{workflow.parameters.data-url}}"}]}}
          - name: Train
            template: train
            depends: "Fetch.Succeeded"
            arguments:
              parameters:
                - {name: epochs, value: "{{workflow.parameters.epochs}}"}
                - {name: rows, value: "{{tasks.Fetch.outputs.parameters.rows}}"}
                - {name: tag, value: "run-{{workflow.name}}"}
              artifacts:
                - {name: data, from: "{{tasks.Fetch.outputs.artifacts.table}}"}
          - {name: maybe, template: fetch, when: "{{tasks.Train.status}} == Succeeded", arguments: {parameters: [{name: url, value: x}]}}
          - {name: cleanup-branch, template: fetch, depends: "Train.Failed || Fetch.Failed", arguments: {parameters: [{name: url, value: y}]}}
          - {name: script, template: py}
          - {name: apply, template: make-cm}
          - {name: inner, template: main2}
          - {name: remote, templateRef: {name: shared, template: step}}
          - {name: report, template: report, arguments: {artifacts: [{name: model, from: "{{tasks.Train.outputs.artifacts.model}}"}]}}
    - name: main2
      steps: [[{name: x, template: fetch}]]
    - name: fetch
      inputs: {parameters: [{name: url}]}
      outputs:
        parameters: [{name: rows, valueFrom: {path: /tmp/rows}}, {name: sha, valueFrom: {jsonPath: "{.x}"}}]
        artifacts: [{name: table, path: /tmp/table.csv}]
      container:
        image: curlimages/curl:8
        command: [sh, -c, "curl -o /tmp/table.csv {{inputs.parameters.url}} && wc -l < /tmp/table.csv > /tmp/rows"]
    - name: train
      activeDeadlineSeconds: 3600
      retryStrategy: {limit: "2", retryPolicy: OnError, backoff: {duration: "10s", factor: "2", cap: "1m", maxDuration: "1h"}}
      inputs:
        parameters: [{name: epochs}, {name: rows}, {name: tag}, {name: lr, default: "0.01"}]
        artifacts: [{name: data, path: /in/data.csv}]
      outputs:
        artifacts: [{name: model, path: /out/model}]
      podSpecPatch: '{}'
      container:
        image: trainer:1
        command: [python, train.py]
        args: [--data, /in/data.csv, --epochs, "{{inputs.parameters.epochs}}", --lr, "{{inputs.parameters.lr}}", --out, /out/model/weights.bin, --pod, "{{pod.name}}", --cost, "$$5 $(HOME)"]
        env:
          - {name: TOKEN, valueFrom: {secretKeyRef: {name: creds, key: token}}}
          - {name: CFG, valueFrom: {configMapKeyRef: {name: cfg, key: k}}}
          - {name: MODE, value: fast}
        resources:
          limits: {cpu: "4", memory: 8Gi, nvidia.com/gpu: "1", ephemeral-storage: 10Gi}
          requests: {cpu: "2"}
        volumeMounts: [{name: shm, mountPath: /dev/shm}, {name: cache, mountPath: /cache}]
        imagePullPolicy: Always
    - name: report
      inputs: {artifacts: [{name: model, path: /m}]}
      container: {image: alpine, command: [ls, /m]}
    - name: py
      script: {image: python, command: [python], source: "print(1)"}
    - name: make-cm
      resource: {action: create, manifest: "kind: ConfigMap"}
`;

describe('importing other Argo constructs', () => {
  const r = importPipeline(handMade, 'hand.yaml');
  const { spec } = expectImported(r);
  const node = (id: string) => spec.nodes.find((n) => n.id === id)!;

  it('reads params, names and wiring', () => {
    expect(spec.metadata).toEqual({ name: 'hand-made', description: 'Built by hand.' });
    expect(spec.params).toEqual({
      data_url: { type: 'string', default: 's3://bucket/x.csv', description: 'Input table' },
      epochs: { type: 'integer', default: 10, enum: [10, 20] },
    });
    expect(spec.nodes.map((n) => n.id)).toEqual(['fetch', 'train', 'report']);
    expect(node('fetch').inputs).toEqual({ url: { param: 'data_url' } });
    expect(node('train').inputs).toEqual({ epochs: { param: 'epochs' }, rows: { from: 'fetch.rows' }, lr: 0.01, data: { from: 'fetch.table' } });
    expect(node('report').inputs).toEqual({ model: { from: 'train.model' } });
    expect(node('train').kind).toBe('train');
    expect(node('fetch').kind).toBe('data');
  });

  it('turns paths and placeholders into Pipewright ones and undoes Kubernetes $$ escaping', () => {
    expect(node('fetch').container!.command).toEqual(['sh', '-c', 'curl -o {{outputs.table}} {{inputs.url}} && wc -l < {{outputs.table}} > {{outputs.rows}}']);
    expect(node('fetch').outputs).toEqual({ table: { type: 'dataset' }, rows: { type: 'string' } });
    expect(node('train').container!.args).toEqual(['--data', '{{inputs.data}}', '--epochs', '{{inputs.epochs}}', '--lr', '{{inputs.lr}}', '--out', '{{outputs.model}}/weights.bin', '--cost', '$5 $(HOME)']);
  });

  it('maps env, resources, shared memory, retries and timeout', () => {
    const train = node('train');
    expect(train.container!.env).toEqual({ TOKEN: { secret: 'creds', key: 'token' }, MODE: 'fast' });
    expect(train.resources).toEqual({ cpu: 4, memory: '8Gi', gpu: 1, shm: '2Gi' });
    expect(train.retries).toEqual({ count: 2, backoff: { initial: 10, factor: 2, max: 60 } });
    expect(train.timeout).toBe(3600);
  });

  it('lists every construct it skipped, by task or template name', () => {
    const expected = [
      /^exit handler \(onExit: 'cleanup'\)/,
      /^workflow settings 'serviceAccountName'/,
      /^DAG template 'main': 'failFast' were not imported/,
      /^task 'cleanup-branch': it runs on 'depends: Train\.Failed \|\| Fetch\.Failed'.*a condition that was not imported/,
      /^task 'maybe': a condition \(when: .*\) was not imported/,
      /^task 'script': script template 'py' was not imported/,
      /^task 'apply': resource template 'make-cm'/,
      /^task 'inner': nested steps template 'main2'/,
      /^task 'remote': it runs template 'step' of WorkflowTemplate 'shared'/,
      /^template 'fetch': output parameter 'sha' is not read from a file/,
      /^template 'train': 'podSpecPatch', 'container\.imagePullPolicy' were not imported/,
      /^template 'train': argument "--pod \{\{pod\.name\}\}" uses a placeholder/,
      /^template 'train': '\$\(HOME\)' are expanded by Kubernetes/,
      /^template 'train': env CFG comes from 'configMapKeyRef'/,
      /^template 'train': resource requests differ from limits/,
      /^template 'train': resources 'ephemeral-storage' were not imported/,
      /^template 'train': volume 'cache' mounted at \/cache was not imported/,
      /^template 'train': retry policy OnError/,
      /^template 'train': the retry time limit \(backoff\.maxDuration "1h"\)/,
      /^task 'Train': input 'tag' is "run-\{\{workflow\.name\}\}", built from placeholders/,
    ];
    for (const e of expected) expect(r.notImported).toContainEqual(expect.stringMatching(e));
    expect(r.notImported).toHaveLength(expected.length);
  });
});

describe('other Argo kinds', () => {
  it('reads the workflow a CronWorkflow runs and says the schedule was not imported', () => {
    const text = `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  workflowSpec:
    entrypoint: hello
    templates:
      - {name: hello, container: {image: busybox, command: [echo, hi]}}
`;
    const r = importPipeline(text);
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => n.id)).toEqual(['hello']);
    expect(r.notImported).toEqual([expect.stringMatching(/CronWorkflow schedule \("0 2 \* \* \*"\) was not imported/)]);
  });

  it('says when the entrypoint lives in the cluster', () => {
    const r = importPipeline('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: run-}\nspec: {workflowTemplateRef: {name: shared}}\n');
    expect(r.spec?.metadata.name).toBe('run');
    expect(r.notImported).toContainEqual(expect.stringMatching(/workflowTemplateRef 'shared'/));
  });
});
