/**
 * Structural rules of a KFP v2 IR document that the protobuf itself does not enforce but the KFP backend
 * relies on: every reference (component, executor, task, output, parent input) resolves, and every
 * declared component input gets a value. Run on our exports and on KFP's own compiled files, so the rules
 * are known to hold for what the real compiler writes.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const keys = (v: unknown): string[] => Object.keys(obj(v));

/** A KFP placeholder naming a component input or output, e.g. `{{$.inputs.parameters['x']}}`. */
const PLACEHOLDER = /\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\[['"]([^'"]+)['"]\]/g;

/**
 * Checks a KFP IR: `docs[0]` is the PipelineSpec, `docs[1]` the optional PlatformSpec. Returns one sentence
 * per broken rule (empty when all hold).
 */
export function checkKfpIr(docs: readonly unknown[]): string[] {
  const problems: string[] = [];
  const spec = obj(docs[0]);
  const components = obj(spec.components);
  const executors = obj(obj(spec.deploymentSpec).executors);

  if (spec.schemaVersion !== '2.1.0') problems.push(`schemaVersion is ${JSON.stringify(spec.schemaVersion)}, not "2.1.0"`);
  if (typeof obj(spec.pipelineInfo).name !== 'string' || !obj(spec.pipelineInfo).name) problems.push('pipelineInfo.name is missing');
  if (!spec.root || !obj(spec.root).dag) problems.push('root.dag is missing');

  for (const [name, c] of Object.entries(components)) {
    const comp = obj(c);
    const label = comp.executorLabel;
    if (Boolean(comp.dag) === (typeof label === 'string')) {
      problems.push(`component '${name}' must have exactly one of dag and executorLabel`);
    }
    if (typeof label === 'string') {
      if (!(label in executors)) problems.push(`component '${name}': executorLabel '${label}' names no executor`);
      else problems.push(...placeholderProblems(name, comp, obj(executors[label])));
    }
  }
  checkDag('root', obj(spec.root), components, problems);
  for (const [name, c] of Object.entries(components)) {
    if (obj(c).dag) checkDag(`component '${name}'`, obj(c), components, problems);
  }

  const platform = obj(obj(obj(obj(docs[1]).platforms).kubernetes).deploymentSpec).executors;
  for (const label of keys(platform)) {
    if (!(label in executors)) problems.push(`kubernetes platform config names unknown executor '${label}'`);
  }
  return problems;
}

/** Rules inside one DAG; `owner` is the component holding it (root or a sub-DAG component). */
function checkDag(where: string, owner: Json, components: Json, problems: string[]): void {
  const dag = obj(owner.dag);
  const tasks = obj(dag.tasks);
  const ownerInputs = obj(owner.inputDefinitions);
  const componentOf = (task: unknown) => components[String(obj(obj(task).componentRef).name)];
  const outputsOf = (task: string, kind: 'artifacts' | 'parameters') => obj(obj(obj(componentOf(tasks[task])).outputDefinitions)[kind]);

  for (const [name, t] of Object.entries(tasks)) {
    const task = obj(t);
    const at = `${where}, task '${name}'`;
    const ref = obj(task.componentRef).name;
    const comp = typeof ref === 'string' ? components[ref] : undefined;
    if (!comp) problems.push(`${at}: componentRef '${String(ref)}' names no component`);
    const deps = Array.isArray(task.dependentTasks) ? task.dependentTasks : [];
    for (const d of deps) if (!(String(d) in tasks)) problems.push(`${at}: dependentTask '${String(d)}' is not a task of this DAG`);

    const inputs = obj(task.inputs);
    for (const [input, spec] of Object.entries(obj(inputs.artifacts))) {
      const s = obj(spec);
      const out = obj(s.taskOutputArtifact);
      if (s.taskOutputArtifact) {
        checkProducer(at, input, String(out.producerTask), String(out.outputArtifactKey), 'artifacts', tasks, outputsOf, problems, componentOf);
      }
      if (s.componentInputArtifact !== undefined && !(String(s.componentInputArtifact) in obj(ownerInputs.artifacts))) {
        problems.push(`${at}: input '${input}' reads parent input artifact '${String(s.componentInputArtifact)}', which is not declared`);
      }
    }
    for (const [input, spec] of Object.entries(obj(inputs.parameters))) {
      const s = obj(spec);
      const out = obj(s.taskOutputParameter);
      if (s.taskOutputParameter) {
        checkProducer(at, input, String(out.producerTask), String(out.outputParameterKey), 'parameters', tasks, outputsOf, problems, componentOf);
      }
      if (s.componentInputParameter !== undefined && !(String(s.componentInputParameter) in obj(ownerInputs.parameters))) {
        problems.push(`${at}: input '${input}' reads parent parameter '${String(s.componentInputParameter)}', which is not declared`);
      }
    }
    if (comp) {
      // Iterators hand each item to the named input, so that input counts as wired.
      const items = [obj(task.parameterIterator).itemInput, obj(task.artifactIterator).itemInput];
      const defs = obj(obj(comp).inputDefinitions);
      for (const kind of ['artifacts', 'parameters'] as const) {
        for (const [input, d] of Object.entries(obj(defs[kind]))) {
          const def = obj(d);
          const wired = input in obj(inputs[kind]) || items.includes(input);
          if (!wired && def.defaultValue === undefined && !def.isOptional) {
            problems.push(`${at}: required input '${input}' of '${String(ref)}' is not wired and has no default`);
          }
        }
      }
    }
  }
  const dagOutputs = obj(dag.outputs);
  for (const [out, spec] of Object.entries(obj(dagOutputs.artifacts))) {
    for (const sel of Array.isArray(obj(spec).artifactSelectors) ? (obj(spec).artifactSelectors as unknown[]) : []) {
      const s = obj(sel);
      checkProducer(`${where}, DAG output`, out, String(s.producerSubtask), String(s.outputArtifactKey), 'artifacts', tasks, outputsOf, problems, componentOf);
    }
  }
}

function checkProducer(
  at: string, input: string, producer: string, key: string, kind: 'artifacts' | 'parameters',
  tasks: Json, outputsOf: (task: string, kind: 'artifacts' | 'parameters') => Json, problems: string[],
  componentOf: (task: unknown) => unknown,
): void {
  if (!(producer in tasks)) {
    problems.push(`${at}: input '${input}' reads from '${producer}', which is not a task of this DAG`);
  } else if (!componentOf(tasks[producer])) {
    // The producer's missing component is reported on its own; its outputs cannot be known.
  } else if (!(key in outputsOf(producer, kind))) {
    problems.push(`${at}: input '${input}' reads output ${kind === 'artifacts' ? 'artifact' : 'parameter'} '${key}', which task '${producer}' does not declare`);
  }
}

/** Placeholders in an executor's container must name inputs and outputs its component declares. */
function placeholderProblems(name: string, comp: Json, executor: Json): string[] {
  const c = obj(executor.container);
  const strings = [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])]
    .filter((s): s is string => typeof s === 'string');
  const problems: string[] = [];
  for (const s of strings) {
    for (const m of s.matchAll(PLACEHOLDER)) {
      const [, side, kind, key] = m;
      const defs = obj(obj(comp[side === 'inputs' ? 'inputDefinitions' : 'outputDefinitions'])[kind!]);
      if (!(key! in defs)) problems.push(`component '${name}': placeholder ${m[0]}...}} names an undeclared ${side!.slice(0, -1)} ${kind!.slice(0, -1)}`);
    }
  }
  return problems;
}
