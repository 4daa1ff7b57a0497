/**
 * Runs the Python components for real on the demo data (drift-check, which runs Pipewright's own CLI, has
 * drift-check.test.ts). Argv comes from each component's YAML through the
 * compiler's renderCommand, so a flag the YAML passes and the module does not accept fails here.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePlan, type PlanInput, type PlanNode } from '../../shared/compiler/plan.js';
import { formatValue, renderCommand } from '../../shared/compiler/render.js';
import { isArtifactType, Pipeline, type ComponentLibrary } from '../../shared/spec/schema.js';
import { ProcessExecutor } from '../executors/process.executor.js';
import { loadLibrary, pipewrightCommand, resourcesDir } from './library.js';

const PYTHON = '/usr/bin/python3';
const RESOURCES = resourcesDir();
const PYTHONPATH = path.join(RESOURCES, 'python');
const DEMO = path.join(RESOURCES, 'demo');
const hasStack = spawnSync(PYTHON, ['-c', 'import pandas, sklearn, scipy'], { stdio: 'ignore' }).status === 0;
const hasPyarrow = hasStack && spawnSync(PYTHON, ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;

interface Metric { name: string; value: number; step: number }
interface Result { code: number; stdout: string; stderr: string; out: (name: string) => string; metrics: Metric[] }

/** An input value: a file path for artifact inputs ({path}), otherwise the parameter value itself. */
type Value = { path: string } | unknown;

let library: ComponentLibrary;
let work: string;
let counter = 0;

/** Runs component `id` with the given inputs (defaults fill the rest), outputs under a fresh folder. */
async function run(id: string, inputs: Record<string, Value>): Promise<Result> {
  const component = library.get(id, '1.0.0')!;
  const outDir = path.join(work, `${++counter}-${id}`);
  const metricsFile = path.join(outDir, 'metrics.jsonl');
  await mkdir(outDir, { recursive: true });
  const planInputs: PlanInput[] = [];
  for (const decl of component.inputs) {
    const v = decl.name in inputs ? inputs[decl.name] : decl.default;
    if (v === undefined) continue;
    planInputs.push(isArtifactType(decl.type)
      ? { name: decl.name, type: decl.type, source: { kind: 'artifact', node: 'upstream', output: (v as { path: string }).path } }
      : { name: decl.name, type: decl.type, source: { kind: 'value', value: v } });
  }
  const node = { id, command: [...component.implementation.container.command, ...component.implementation.container.args ?? []], inputs: planInputs } as PlanNode;
  const argv = renderCommand(node, {
    artifactPath: (i) => (i.source as { output: string }).output,
    parameterValue: (i) => formatValue((i.source as { value: unknown }).value),
    outputPath: (name) => path.join(outDir, name),
  });
  expect(argv[0]).toBe('python3');
  // No __pycache__ in resources/python from test runs.
  const env = { PATH: process.env.PATH ?? '', HOME: work, PYTHONPATH, PIPEWRIGHT_METRICS: metricsFile, PYTHONDONTWRITEBYTECODE: '1' };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(PYTHON, argv.slice(1), { env, cwd: outDir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
  const metrics = existsSync(metricsFile)
    ? (await readFile(metricsFile, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Metric)
    : [];
  return { code, stdout, stderr, metrics, out: (name) => path.join(outDir, name) };
}

function ok(r: Result): Result {
  expect(r.stderr, r.stdout).not.toMatch(/Traceback|error:/);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^PIPEWRIGHT_VERSIONS \{.*"sklearn": "[\d.]+"/m);
  return r;
}

function failed(r: Result): string {
  expect(r.code).toBe(1);
  expect(r.stderr).not.toContain('Traceback'); // expected user errors are one clear line, not a stack
  return r.stderr;
}

const json = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
const metric = (r: Result, name: string) => r.metrics.find((m) => m.name === name)?.value;

/**
 * Loads a registered version the way KServe's sklearn server does: joblib in plain python3, without
 * pipewright_components on the path. Predicts on raw rows of churn_current.csv (minus the target; as a
 * DataFrame with the extra customer_id column, and as the all-text array KServe makes of JSON list rows) and
 * compares with the bare estimator on the encoded rows. Also checks that the preprocessor maps the raw rows of
 * `raw` to exactly the rows split-features wrote to `tables` (compared as sorted multisets, to 1e-12).
 */
const SERVE_CHECK = `
import json, sys, warnings
import joblib, numpy as np, pandas as pd
warnings.simplefilter("error", UserWarning)  # e.g. feature-name mismatches: every request would log one
version, current, raw, *tables = sys.argv[1:]
assert "pipewright_components" not in sys.modules and not any("resources/python" in p for p in sys.path)
bundle = joblib.load(f"{version}/serving/model.joblib")
bare = joblib.load(f"{version}/model.joblib")
with open(f"{version}/serving/model-card.json", encoding="utf-8") as f:
    inputs = json.load(f)["inputs"]
pre = bundle.named_steps["preprocess"]
rows = pd.read_csv(current).drop(columns=["churned"])
encoded = pd.DataFrame(pre.transform(rows[inputs]), columns=bare.feature_names_in_)
want = bare.predict_proba(encoded)
as_text = np.array(rows[inputs].values.tolist())
written = pd.concat([pd.read_csv(t) for t in tables]).drop(columns=["churned"])
mine = pre.transform(pd.read_csv(raw))
def ordered(a):
    return a[np.lexsort(np.round(a, 9).T[::-1])]
print(json.dumps({
    "rows": len(rows), "inputs": inputs, "text_dtype": as_text.dtype.kind,
    "columns_match": list(written.columns) == list(bare.feature_names_in_),
    "table_diff": float(np.abs(ordered(mine) - ordered(written.to_numpy())).max()),
    "proba_diff": float(np.abs(bundle.predict_proba(rows) - want).max()),
    "text_proba_diff": float(np.abs(bundle.predict_proba(as_text) - want).max()),
    "same_labels": bool((bundle.predict(rows) == bare.predict(encoded)).all()),
}))
`;

interface ServeCheck { rows: number; inputs: string[]; text_dtype: string; columns_match: boolean; table_diff: number; proba_diff: number; text_proba_diff: number; same_labels: boolean }

async function serveCheck(version: string, raw: string, tables: string[]): Promise<ServeCheck> {
  const args = ['-c', SERVE_CHECK, version, path.join(DEMO, 'churn_current.csv'), raw, ...tables];
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
    execFile(PYTHON, args, { env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1' }, cwd: tmpdir(), timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout })));
  });
  return JSON.parse(stdout) as ServeCheck;
}

const RAW_INPUTS = ['tenure', 'monthly_charges', 'total_charges', 'support_calls', 'senior_citizen', 'contract', 'payment_method', 'internet_service', 'paperless_billing'];

describe.skipIf(!hasStack)('Python components on the demo data', () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pw-components-'));
    const loaded = await loadLibrary();
    expect(loaded.issues).toEqual([]);
    library = loaded.library;
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const registry = () => path.join(work, 'registry');
  let loaded: Result, current: Result, validated: Result, split: Result, trained: Result;

  it('load-table reads the CSVs and names the input when a file is missing', async () => {
    loaded = ok(await run('load-table', { path: path.join(DEMO, 'churn.csv') }));
    current = ok(await run('load-table', { path: path.join(DEMO, 'churn_current.csv') }));
    expect(metric(loaded, 'rows')).toBe(5000);
    expect(metric(current, 'rows')).toBe(2000);
    expect((await readFile(loaded.out('dataset'), 'utf8')).split('\n')[0]).toContain('churned');

    const missing = failed(await run('load-table', { path: path.join(work, 'nope.csv') }));
    expect(missing).toMatch(/input 'path': file not found: .*nope\.csv/);
  });

  it.skipIf(hasPyarrow)('load-table explains that Parquet needs pyarrow', async () => {
    await writeFile(path.join(work, 'table.parquet'), 'PAR1');
    expect(failed(await run('load-table', { path: path.join(work, 'table.parquet') }))).toContain("needs the 'pyarrow' package");
  });

  it('validate-table passes good data through and stops on a violation naming the column', async () => {
    validated = ok(await run('validate-table', {
      dataset: { path: loaded.out('dataset') },
      schema: { tenure: 'integer', monthly_charges: 'number', contract: 'string', churned: 'boolean' },
      ranges: { tenure: [0, 72], monthly_charges: [0, null] },
    }));
    expect(existsSync(validated.out('dataset'))).toBe(true);
    expect(await json(validated.out('report'))).toMatchObject({ passed: true, rows: 5000, violations: [] });

    const bad = await run('validate-table', {
      dataset: { path: loaded.out('dataset') },
      schema: { tenure: 'string', region: 'string' },
      ranges: { tenure: [0, 24] },
    });
    const message = failed(bad);
    expect(message).toContain("column 'tenure' (schema): expected dtype string");
    expect(message).toContain("column 'region' (schema): expected column is missing");
    expect(message).toMatch(/column 'tenure' \(range\): \d+ value\(s\) outside \[0, 24\]/);
    expect(existsSync(bad.out('dataset'))).toBe(false); // nothing for the steps downstream
    expect(await json(bad.out('report'))).toMatchObject({ passed: false });
  });

  it('split-features encodes train and holdout without leaking, with the target last', async () => {
    split = ok(await run('split-features', { dataset: { path: validated.out('dataset') }, drop: ['customer_id'] }));
    const [trainHead, ...trainRows] = (await readFile(split.out('train'), 'utf8')).trim().split('\n');
    const holdoutHead = (await readFile(split.out('holdout'), 'utf8')).split('\n')[0];
    expect(trainHead).toBe(holdoutHead);
    expect(trainHead!.split(',').at(-1)).toBe('churned');
    expect(trainHead).toContain('contract=Month-to-month');
    expect(trainHead).not.toContain('customer_id');
    expect(trainRows).toHaveLength(4000);
    expect(metric(split, 'holdout_rows')).toBe(1000);
    expect(existsSync(path.join(split.out('preprocessor'), 'model.joblib'))).toBe(true);
    const card = await json(path.join(split.out('preprocessor'), 'model-card.json'));
    expect(card).toMatchObject({ kind: 'preprocessor', inputs: RAW_INPUTS, dropped: ['customer_id'], target: 'churned' });
    expect(card.features).toEqual(trainHead!.split(',').slice(0, -1));
  });

  it('train-sklearn saves model.joblib with a model card and logs training metrics', async () => {
    trained = ok(await run('train-sklearn', {
      dataset: { path: split.out('train') },
      estimator: 'gradient_boosting',
      hyperparameters: { n_estimators: 60, max_depth: 3 },
    }));
    expect(existsSync(path.join(trained.out('model'), 'model.joblib'))).toBe(true);
    const card = await json(path.join(trained.out('model'), 'model-card.json'));
    expect(card).toMatchObject({ estimator: 'gradient_boosting', target: 'churned', seed: 42, training_rows: 4000 });
    expect(card.hyperparameters).toMatchObject({ n_estimators: 60, max_depth: 3, random_state: 42 });
    expect(metric(trained, 'train_auc')).toBeGreaterThan(0.8);
    expect(await json(trained.out('metrics'))).toHaveProperty('train_accuracy');

    const typo = failed(await run('train-sklearn', { dataset: { path: split.out('train') }, hyperparameters: { n_estimator: 5 } }));
    expect(typo).toMatch(/input 'hyperparameters': \['n_estimator'\] not accepted by random_forest; valid names: .*n_estimators/);
  });

  it('evaluate-classifier passes without a champion, deploy registers it and writes a KServe canary', async () => {
    const evaluated = ok(await run('evaluate-classifier', {
      model: { path: trained.out('model') }, holdout: { path: split.out('holdout') },
      registry: registry(), model_name: 'churn-model',
    }));
    expect(await readFile(evaluated.out('passed'), 'utf8')).toBe('true');
    expect(metric(evaluated, 'holdout_auc')).toBeGreaterThan(0.75);
    expect(await json(evaluated.out('metrics'))).toMatchObject({ passed: true, champion: null, metric: 'auc' });

    const deployed = ok(await run('deploy-model', {
      model: { path: trained.out('model') }, passed: true, metrics: { path: evaluated.out('metrics') },
      preprocessor: { path: split.out('preprocessor') },
      registry: registry(), model_name: 'churn-model', canary_percent: 25, namespace: 'ml',
    }));
    const manifest = await readFile(deployed.out('manifest'), 'utf8');
    const isvc = parse(manifest) as { apiVersion: string; kind: string; metadata: { annotations: Record<string, string> }; spec: { predictor: Record<string, unknown> } };
    expect(isvc).toMatchObject({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'churn-model', namespace: 'ml' } });
    expect(isvc.spec.predictor).toMatchObject({
      canaryTrafficPercent: 25,
      model: { modelFormat: { name: 'sklearn' }, storageUri: 'pvc://pipewright-registry/churn-model/v1/serving' },
    });
    expect(JSON.parse(isvc.metadata.annotations['pipewright.dev/model-inputs']!)).toEqual(RAW_INPUTS);
    expect(await readFile(deployed.out('version'), 'utf8')).toBe('1');
    const v1 = path.join(registry(), 'churn-model', 'v1');
    expect(existsSync(path.join(v1, 'model.joblib'))).toBe(true);
    expect(existsSync(path.join(v1, 'serving', 'model.joblib'))).toBe(true);
    expect(await json(path.join(v1, 'model-card.json'))).toMatchObject({ estimator: 'gradient_boosting', serving: { path: 'serving', inputs: RAW_INPUTS } });
    expect(await json(path.join(registry(), 'churn-model', 'index.json'))).toMatchObject({ champion: 1 });

    const served = await serveCheck(v1, validated.out('dataset'), [split.out('train'), split.out('holdout')]);
    expect(served).toMatchObject({ rows: 2000, inputs: RAW_INPUTS, text_dtype: 'U', columns_match: true, same_labels: true });
    expect(served.table_diff).toBeLessThan(1e-12);
    expect(served.proba_diff).toBeLessThan(1e-12);
    expect(served.text_proba_diff).toBeLessThan(1e-12);
  });

  it('deploy-model refuses a preprocessor from another split and deploys the bare model without one', async () => {
    const other = ok(await run('split-features', { dataset: { path: validated.out('dataset') }, drop: ['customer_id', 'contract'] }));
    const refused = failed(await run('deploy-model', {
      model: { path: trained.out('model') }, preprocessor: { path: other.out('preprocessor') }, registry: registry(), model_name: 'other-model',
    }));
    expect(refused).toMatch(/input 'preprocessor': it produces features the model was not trained on; .*\(model: 17 features, preprocessor: 14\)/);
    expect(existsSync(path.join(registry(), 'other-model', 'v1'))).toBe(false);

    const bare = ok(await run('deploy-model', { model: { path: trained.out('model') }, registry: registry(), model_name: 'bare-model' }));
    const manifest = await readFile(bare.out('manifest'), 'utf8');
    expect(manifest).toContain('storageUri: "pvc://pipewright-registry/bare-model/v1"\n');
    expect(manifest).not.toContain('model-inputs');
    expect(existsSync(path.join(registry(), 'bare-model', 'v1', 'serving'))).toBe(false);
  });

  it('the same model does not beat its registered self: passed=false, and deploy skips', async () => {
    const evaluated = ok(await run('evaluate-classifier', {
      model: { path: trained.out('model') }, holdout: { path: split.out('holdout') },
      registry: registry(), model_name: 'churn-model', min_improvement: 0.01,
    }));
    expect(await readFile(evaluated.out('passed'), 'utf8')).toBe('false');
    expect(await json(evaluated.out('metrics'))).toMatchObject({ passed: false, improvement: 0 });
    expect(metric(evaluated, 'champion_auc')).toBe(metric(evaluated, 'holdout_auc'));

    const skipped = ok(await run('deploy-model', {
      model: { path: trained.out('model') }, passed: false, registry: registry(), model_name: 'churn-model',
    }));
    expect(skipped.stdout).toContain('deploy skipped: the evaluation gate did not pass');
    expect(await readFile(skipped.out('version'), 'utf8')).toBe('0');
    expect(existsSync(path.join(registry(), 'churn-model', 'v2'))).toBe(false);
  });

  it('a second deploy with a preprocessor becomes the champion the gate rescores as a bare estimator', async () => {
    const deployed = ok(await run('deploy-model', {
      model: { path: trained.out('model') }, passed: true, preprocessor: { path: split.out('preprocessor') },
      registry: registry(), model_name: 'churn-model',
    }));
    expect(await readFile(deployed.out('version'), 'utf8')).toBe('2');
    expect(await readFile(deployed.out('manifest'), 'utf8')).toContain('storageUri: "pvc://pipewright-registry/churn-model/v2/serving"');
    expect(await json(path.join(registry(), 'churn-model', 'index.json'))).toMatchObject({ champion: 2 });

    const evaluated = ok(await run('evaluate-classifier', {
      model: { path: trained.out('model') }, holdout: { path: split.out('holdout') },
      registry: registry(), model_name: 'churn-model', min_improvement: 0.01,
    }));
    expect(await json(evaluated.out('metrics'))).toMatchObject({
      passed: false, improvement: 0, champion_source: expect.stringContaining('churn-model v2'), champion_note: 'rescored on this holdout',
    });
    expect(metric(evaluated, 'champion_auc')).toBe(metric(evaluated, 'holdout_auc'));
  });

  it('python-script runs user code with input_path, output_path, params and log_metric', async () => {
    const script = [
      'import pandas as pd',
      'df = pd.read_csv(input_path)',
      'df = df[df.tenure >= params["min_tenure"]]',
      'for step in range(3):',
      '    log_metric("rows", len(df) - step, step=step)',
      'df.to_csv(output_path, index=False)',
    ].join('\n');
    const r = ok(await run('python-script', { script, input: { path: loaded.out('dataset') }, params: { min_tenure: 24 } }));
    const rows = (await readFile(r.out('output'), 'utf8')).trim().split('\n').length - 1;
    expect(r.metrics.filter((m) => m.name === 'rows').map((m) => [m.step, m.value])).toEqual([[0, rows], [1, rows - 1], [2, rows - 2]]);

    const broken = await run('python-script', { script: 'x = 1\nraise ValueError("bad row")\n' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/File "<script>", line 2[\s\S]*ValueError: bad row/);
    expect(broken.stderr).not.toContain('python_script.py'); // the user's frames only

    expect(failed(await run('python-script', { script: 'x = 1' }))).toContain('finished without writing its output');
  });

  it('pick-best copies the model with the best validation score', async () => {
    const candidates = await Promise.all([
      run('train-sklearn', { dataset: { path: split.out('train') }, validation: { path: split.out('holdout') }, estimator: 'logistic_regression' }),
      run('train-sklearn', { dataset: { path: split.out('train') }, validation: { path: split.out('holdout') }, hyperparameters: { n_estimators: 5, max_depth: 2 } }),
    ]);
    candidates.forEach(ok);
    const best = ok(await run('pick-best', {
      model_a: { path: candidates[0]!.out('model') }, metrics_a: { path: candidates[0]!.out('metrics') },
      model_b: { path: candidates[1]!.out('model') }, metrics_b: { path: candidates[1]!.out('metrics') },
    }));
    const winner = metric(candidates[0]!, 'validation_auc')! >= metric(candidates[1]!, 'validation_auc')! ? 'a' : 'b';
    expect(await json(best.out('metrics'))).toMatchObject({ best: winner, metric: 'validation_auc' });
    expect(existsSync(path.join(best.out('best'), 'model.joblib'))).toBe(true);
  });
});

describe.skipIf(!hasStack)('example pipelines run end to end', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pw-examples-'));
    library = (await loadLibrary()).library;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A minimal engine: plan order, upstream files as inputs, parameter outputs read back as text. */
  async function runExample(file: string, params: Record<string, unknown> = {}) {
    const specFile = path.join(RESOURCES, 'examples', file);
    const spec = Pipeline.parse(parse(await readFile(specFile, 'utf8')));
    const plan = compilePlan(spec, library, params);
    const executor = new ProcessExecutor({ python: PYTHON, pythonPath: [PYTHONPATH], pipewright: pipewrightCommand() });
    const outputDirs = new Map<string, string>();
    const logs: Record<string, string> = {};
    for (const node of plan.nodes) {
      const outputDir = path.join(dir, file, node.id);
      await mkdir(outputDir, { recursive: true });
      outputDirs.set(node.id, outputDir);
      const inputPaths: Record<string, string> = {};
      const runtimeParams: Record<string, string> = {};
      for (const i of node.inputs) {
        if (i.source.kind === 'artifact') inputPaths[i.name] = path.join(outputDirs.get(i.source.node)!, i.source.output);
        if (i.source.kind === 'parameter') runtimeParams[i.name] = await readFile(path.join(outputDirs.get(i.source.node)!, i.source.output), 'utf8');
        // Relative `format: path` values start from the pipeline file's folder, as the engine resolves them.
        if (i.source.kind === 'value' && i.format === 'path' && typeof i.source.value === 'string') {
          i.source.value = path.resolve(path.dirname(specFile), i.source.value);
        }
      }
      logs[node.id] = '';
      const result = await executor.run({
        runId: 'test', node, attempt: 1, inputPaths, hostDirs: {}, runtimeParams, outputDir, workDir: outputDir, env: { PYTHONDONTWRITEBYTECODE: '1' },
        metricsFile: path.join(outputDir, '.metrics.jsonl'), flagsFile: path.join(outputDir, '.flags.jsonl'), signal: new AbortController().signal,
        onLog: (_s, text) => { logs[node.id] += text; },
      });
      expect(result.exitCode, `${file} node ${node.id}:\n${logs[node.id]}`).toBe(0);
    }
    return { out: (node: string, output: string) => path.join(outputDirs.get(node)!, output), logs };
  }

  it('churn.yaml: validate, train, gate, deploy a canary, check drift', async () => {
    const r = await runExample('churn.yaml', { registry: path.join(dir, 'registry'), hyperparameters: { n_estimators: 60, max_depth: 3 } });
    expect(await readFile(r.out('evaluate', 'passed'), 'utf8')).toBe('true');
    const manifest = await readFile(r.out('deploy', 'manifest'), 'utf8');
    expect(manifest).toContain('canaryTrafficPercent: 10');
    expect(manifest).toContain('storageUri: "pvc://pipewright-registry/churn-model/v1/serving"');
    const served = await serveCheck(path.join(dir, 'registry', 'churn-model', 'v1'), r.out('validate', 'dataset'), [r.out('features', 'train'), r.out('features', 'holdout')]);
    expect(served).toMatchObject({ rows: 2000, columns_match: true, same_labels: true });
    expect(Math.max(served.table_diff, served.proba_diff, served.text_proba_diff)).toBeLessThan(1e-12);
    const drift = await json(r.out('drift', 'report')) as { datasetDrift: boolean; columns: { name: string; drifted: boolean }[] };
    expect(drift.datasetDrift).toBe(false);
    expect(drift.columns.filter((c) => c.drifted).map((c) => c.name)).toEqual(['monthly_charges', 'total_charges', 'payment_method']);
  });

  it('sweep.yaml: three estimators fan in to pick-best', async () => {
    const r = await runExample('sweep.yaml', { forest_hyperparameters: { n_estimators: 40, max_depth: 6 }, boosting_hyperparameters: { n_estimators: 40 } });
    const best = await json(r.out('pick-best', 'metrics')) as { leaderboard: unknown[] };
    expect(best.leaderboard).toHaveLength(3);
    expect(existsSync(path.join(r.out('pick-best', 'best'), 'model.joblib'))).toBe(true);
  });

  it('gpu-training.yaml: the script trains and logs a falling loss curve', async () => {
    const r = await runExample('gpu-training.yaml');
    const lines = (await readFile(path.join(path.dirname(r.out('train', 'output')), '.metrics.jsonl'), 'utf8')).trim().split('\n');
    const loss = lines.map((l) => JSON.parse(l) as Metric).filter((m) => m.name === 'loss');
    expect(loss).toHaveLength(30);
    expect(loss.at(-1)!.value).toBeLessThan(loss[0]!.value);
    expect(r.logs.train).toContain('GPU visible to this node');
  });
});
