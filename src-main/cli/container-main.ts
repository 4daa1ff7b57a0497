/**
 * The `pipewright` command inside the runtime image (pipewright/runtime:1): the commands that need neither the
 * run store (SQLite) nor a Docker or Kubernetes client, so a pipeline node can run `pipewright drift …` or
 * `pipewright validate …` with the same TypeScript code as the host. scripts/bundle-cli.mjs bundles this entry;
 * it checks that none of the excluded packages ends up in the bundle.
 */
import type { Command } from './command.js';
import { compileCommand } from './commands/compile.js';
import { driftCommand } from './commands/drift.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { processIo, runCommandLine } from './main.js';

/** What the image offers, in the order `--help` lists them; `run`, `runs`, `ui`… get the unknown-command message. */
export const containerCommands: readonly Command[] = [
  validateCommand, compileCommand, exportCommand, importCommand, schemaCommand, driftCommand,
];

process.exitCode = await runCommandLine(process.argv.slice(2), processIo(), containerCommands);
