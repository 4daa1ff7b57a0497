import { componentJsonSchema, pipelineJsonSchema, schemaFileText } from '../../../shared/spec/json-schema.js';
import { EXIT, parseCommandArgs, type Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of the pipeline spec (or of component files with --component)',
  usage: 'pipewright schema [--component]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { component: { type: 'boolean' } }, false);
    io.out(schemaFileText(values.component ? componentJsonSchema() : pipelineJsonSchema()).trimEnd());
    return EXIT.ok;
  },
};
