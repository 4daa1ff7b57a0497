import { compilePlan, type PlanNode } from '../../../shared/compiler/plan.js';
import { formatValue, renderCommand } from '../../../shared/compiler/render.js';
import { inputArtifactPath, outputPath } from '../../../shared/compiler/exporters/common.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { printJson, table } from '../output.js';
import { cliLibrary, parseParamOverrides, specOrReport } from '../spec-input.js';

/** argv as a container would see it: artifacts under /pipewright, runtime values as <node.output>. */
export function displayArgv(node: PlanNode): string[] {
  return renderCommand(node, {
    artifactPath: (i) => inputArtifactPath(i.name),
    parameterValue: (i) => (i.source.kind === 'parameter' ? `<${i.source.node}.${i.source.output}>` : formatValue(i.source.kind === 'value' ? i.source.value : '')),
    outputPath,
  });
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'Print the execution plan: order, wiring, resolved commands and cache settings',
  usage: 'pipewright compile FILE [--param name=value]... [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, param: { type: 'string', multiple: true } });
    if (positionals.length !== 1) throw new UsageError('name one spec file');
    const library = await cliLibrary(io);
    const { spec } = await specOrReport(io, positionals[0]!, library, values.json);
    if (!spec) return EXIT.invalid;
    const plan = compilePlan(spec, library, parseParamOverrides(spec, values.param));
    if (values.json) {
      printJson(io, { ...plan, nodes: plan.nodes.map((n) => ({ ...n, argv: displayArgv(n) })) });
      return EXIT.ok;
    }
    io.out(`Pipeline ${plan.name}: ${plan.nodes.length} nodes`);
    const params = Object.entries(plan.params);
    if (params.length) io.out(`Params: ${params.map(([k, p]) => `${k}=${formatValue(p.value)}`).join(', ')}`);
    io.out('');
    io.out(table(['#', 'node', 'uses', 'after', 'image', 'cache', 'retries', 'timeout'], plan.nodes.map((n, i) => [
      String(i + 1), n.id, n.component ? `${n.component.id}@${n.component.version}` : 'inline',
      n.dependsOn.join(',') || '-', n.image ?? '-', n.cache ? 'on' : 'off', String(n.retries.count),
      n.timeoutSeconds !== undefined ? `${n.timeoutSeconds}s` : '-',
    ])));
    io.out('');
    for (const n of plan.nodes) io.out(`${n.id}: ${displayArgv(n).map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
    return EXIT.ok;
  },
};
