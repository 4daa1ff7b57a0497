/** The `pipewright` command: routes to one module per command. */
import { EXIT, UsageError, type CliIo, type Command } from './command.js';
import { commands } from './commands/index.js';

function help(commandList: readonly Command[]): string {
  const width = Math.max(...commandList.map((c) => c.name.length));
  return [
    'pipewright — design, validate, run and export ML pipelines',
    '',
    'Usage: pipewright <command> [options]',
    '',
    'Commands:',
    ...commandList.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `pipewright <command> --help` for a command\'s options.',
    'Exit codes: 0 ok, 1 invalid input, 2 usage error.',
  ].join('\n');
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    cwd: process.cwd(),
    env: process.env,
    tty: Boolean(process.stdout.isTTY),
  };
}

/**
 * Runs one command line and returns the exit code. `commandList` is what this entry offers: the full CLI by
 * default, a subset for the container image (container-main.ts), so help and unknown-command messages list
 * only what can actually run.
 */
export async function main(argv: string[], io: CliIo = processIo(), commandList: readonly Command[] = commands): Promise<number> {
  return runCommandLine(argv, io, commandList);
}

/**
 * `main` without the default command list: an entry that offers a subset imports this, so a bundler can leave
 * out the commands (and their SQLite, Docker and Kubernetes clients) it never references.
 */
export async function runCommandLine(argv: string[], io: CliIo, commandList: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help(commandList));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.out('pipewright 0.1.0');
    return EXIT.ok;
  }
  const command: Command | undefined = commandList.find((c) => c.name === name);
  if (!command) {
    io.err(`pipewright: unknown command '${name}'.\n\n${help(commandList)}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pipewright ${name}: ${e.message}\nUsage: ${command.usage}`);
      return EXIT.usage;
    }
    io.err(`pipewright ${name}: ${(e as Error).message}`);
    return EXIT.invalid;
  }
}
