import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { importPipeline } from '../../../shared/compiler/import/index.js';
import { hasErrors } from '../../../shared/spec/issues.js';
import { readTextFile } from '../../spec/spec-file.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { printIssues, printJson } from '../output.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Read a Kubeflow v2 IR or Argo Workflow into a Pipewright spec, saying what was not imported',
  usage: 'pipewright import FILE [-o OUT] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('name one KFP IR or Argo Workflow file');
    const file = positionals[0]!;
    const read = await readTextFile(resolve(io.cwd, file));
    for (const i of read.issues) i.file = file;
    const result = read.text === undefined ? { issues: read.issues, notImported: [] as string[] } : importPipeline(read.text, file);
    if (values.json) {
      printJson(io, result);
      return result.spec && !hasErrors(result.issues) ? EXIT.ok : EXIT.invalid;
    }
    printIssues(io, result.issues);
    if (!result.spec || hasErrors(result.issues)) return EXIT.invalid;
    for (const n of result.notImported) io.err(`not imported: ${n}`);
    const text = stringify(result.spec, { lineWidth: 0 });
    if (values.output) {
      await writeFile(resolve(io.cwd, values.output), text);
      io.err(`wrote ${values.output} (${result.spec.nodes.length} nodes)`);
    } else {
      io.out(text);
    }
    return EXIT.ok;
  },
};
