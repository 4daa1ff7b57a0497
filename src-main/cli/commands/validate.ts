import { hasErrors } from '../../../shared/spec/issues.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { countLine, printJson } from '../output.js';
import { cliLibrary, specOrReport } from '../spec-input.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check pipeline specs and list every problem with its file, line and node',
  usage: 'pipewright validate FILE... [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (!positionals.length) throw new UsageError('name at least one spec file');
    const library = await cliLibrary(io);
    const results = [];
    for (const file of positionals) {
      const { issues } = await specOrReport(io, file, library, values.json);
      results.push({ file, valid: !hasErrors(issues), issues });
      if (!values.json) io.err(`${file}: ${hasErrors(issues) ? 'invalid' : 'valid'} (${countLine(issues)})`);
    }
    if (values.json) printJson(io, { files: results });
    return results.every((r) => r.valid) ? EXIT.ok : EXIT.invalid;
  },
};
