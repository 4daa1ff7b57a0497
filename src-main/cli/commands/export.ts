import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compilePlan } from '../../../shared/compiler/plan.js';
import { exporters } from '../../../shared/compiler/exporters/index.js';
import type { ExportTarget } from '../../../shared/compiler/exporters/common.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { cliLibrary, parseParamOverrides, specOrReport } from '../spec-input.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a pipeline to Argo Workflows, Kubeflow Pipelines v2 IR (Vertex AI) or Kubernetes Jobs',
  usage: 'pipewright export --to argo|kfp|k8s FILE [-o OUT] [--param name=value]...',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      to: { type: 'string' }, output: { type: 'string', short: 'o' }, param: { type: 'string', multiple: true },
    });
    const target = values.to as ExportTarget | undefined;
    if (!target || !(target in exporters)) throw new UsageError(`--to must be one of ${Object.keys(exporters).join(', ')}`);
    if (positionals.length !== 1) throw new UsageError('name one spec file');
    const library = await cliLibrary(io);
    const { spec } = await specOrReport(io, positionals[0]!, library);
    if (!spec) return EXIT.invalid;
    const result = exporters[target](compilePlan(spec, library, parseParamOverrides(spec, values.param)));
    for (const w of result.warnings) io.err(`warning: ${w}`);
    if (values.output) {
      await writeFile(resolve(io.cwd, values.output), result.yaml);
      io.err(`wrote ${values.output} (${target}, ${result.documents} object${result.documents === 1 ? '' : 's'})`);
    } else {
      io.out(result.yaml);
    }
    return EXIT.ok;
  },
};
