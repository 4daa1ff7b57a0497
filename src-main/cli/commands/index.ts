/** Every CLI command, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { cancelCommand } from './cancel.js';
import { compileCommand } from './compile.js';
import { driftCommand } from './drift.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { logsCommand } from './logs.js';
import { runCommand } from './run.js';
import { runsCommand } from './runs.js';
import { schemaCommand } from './schema.js';
import { uiCommand } from './ui.js';
import { validateCommand } from './validate.js';

export const commands: Command[] = [
  validateCommand, compileCommand, exportCommand, importCommand, schemaCommand,
  runCommand, runsCommand, logsCommand, cancelCommand, driftCommand, uiCommand,
];
