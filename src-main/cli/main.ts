/** The `pipewright` command: routes to one module per command. */
import { EXIT, UsageError, type CliIo, type Command } from './command.js';
import { commands } from './commands/index.js';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'pipewright — design, validate, run and export ML pipelines',
    '',
    'Usage: pipewright <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.out('pipewright 0.1.0');
    return EXIT.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`pipewright: unknown command '${name}'.\n\n${help()}`);
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
