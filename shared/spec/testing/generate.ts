/**
 * Generates large valid pipeline specs for benchmarks and fuzzing. Nodes are inline containers, so the
 * spec validates against an empty component library.
 */

/** Options for {@link generateSpec}. */
export interface GenerateOptions {
  /** Pipeline name (default `generated-<nodes>`); a DNS-1123 label. */
  name?: string;
  /**
   * How many earlier nodes each node also reads from besides its predecessor (default 1): 0 makes a
   * plain chain, more makes a denser DAG. Every extra edge points at an earlier node, so the graph
   * stays acyclic.
   */
  fanIn?: number;
}

/**
 * A valid `pipewright.dev/v1` Pipeline with `nodes` inline nodes as YAML text: node `n<i>` reads the
 * dataset of `n<i-1>` (and of a few earlier nodes), a pipeline param and a literal, and writes a dataset
 * and metrics. Every output except the last node's is consumed, so the spec has no issues at all.
 */
export function generateSpec(nodes: number, opts: GenerateOptions = {}): string {
  const count = Math.max(1, Math.floor(nodes));
  const name = opts.name ?? `generated-${count}`;
  const fanIn = Math.max(0, opts.fanIn ?? 1);
  const out: string[] = [
    'apiVersion: pipewright.dev/v1',
    'kind: Pipeline',
    'metadata:',
    `  name: ${name}`,
    `  description: Generated chain of ${count} inline nodes.`,
    'params:',
    '  seed: {type: integer, default: 42, minimum: 0}',
    '  mode: {type: string, default: fast, enum: [fast, thorough]}',
    'nodes:',
  ];
  for (let i = 0; i < count; i++) {
    out.push(
      `  - id: n${i}`,
      `    kind: ${i === 0 ? 'data' : i === count - 1 ? 'evaluate' : 'feature'}`,
      '    container:',
      '      image: python:3.12-slim',
      '      command: [python, -m, step]',
    );
    const args = ['--seed', '{{inputs.seed}}', '--out', '{{outputs.data}}', '--metrics', '{{outputs.metrics}}'];
    const inputs = ['      seed: {param: seed}', '      mode: {param: mode}', `      rate: ${(i % 7) / 10 + 0.05}`];
    if (i > 0) {
      inputs.push(`      prev: {from: n${i - 1}.data}`);
      args.push('--prev', '{{inputs.prev}}');
      // Extra edges to earlier nodes read their metrics, so the metrics of most nodes are consumed too.
      for (let k = 1; k <= fanIn && i - 1 - k >= 0; k++) {
        inputs.push(`      extra${k}: {from: n${i - 1 - k}.metrics}`);
        args.push(`--extra${k}`, `{{inputs.extra${k}}}`);
      }
    }
    out.push(`      args: [${args.map((a) => JSON.stringify(a)).join(', ')}]`);
    out.push('    inputs:', ...inputs);
    out.push('    outputs:', '      data: {type: dataset}', '      metrics: {type: metrics}');
    // Like a real pipeline, only some steps set resources, retries and timeouts.
    if (i % 5 === 0) out.push(`    name: Step ${i}`, '    resources: {cpu: 1, memory: 2Gi}');
    if (i % 10 === 0) out.push('    retries: 2', '    timeout: 30m');
  }
  return `${out.join('\n')}\n`;
}
