/** The router: help, unknown commands, per-command help and option errors, in-process and through the real binary. */
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { bin, cli, EXAMPLES } from './testing/cli-harness.js';

const CHURN = EXAMPLES.find((e) => e.name === 'churn')!.file;

describe('pipewright (in-process)', () => {
  it.each(['--help', '-h', 'help'])('%s lists every command with its summary on stdout and exits 0', async (flag) => {
    const r = await cli([flag]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Usage: pipewright <command> [options]');
    for (const c of commands) expect(r.out).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(r.out).toContain('Exit codes: 0 ok, 1 invalid input, 2 usage error.');
  });

  it('with no command prints the help and exits 2 (usage)', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: pipewright <command> [options]');
  });

  it('an unknown command exits 2, names it and prints the help on stderr', async () => {
    const r = await cli(['frobnicate', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("pipewright: unknown command 'frobnicate'.");
    expect(r.err).toContain('Usage: pipewright <command> [options]');
    expect(r.err).toMatch(/^ {2}validate\s/m);
  });

  it.each(commands.map((c) => [c.name, c] as const))('%s --help prints its summary and usage and exits 0', async (name, c) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([name, flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toBe(`${c.summary}\n\nUsage: ${c.usage}\n`);
      expect(r.out).toContain(`pipewright ${name}`);
    }
  });

  it('an unknown option exits 2 with the option named and the usage', async () => {
    const r = await cli(['validate', '--frob', CHURN]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^pipewright validate: .*'--frob'/m);
    expect(r.err).toContain('Usage: pipewright validate FILE... [--json]');
  });

  it('an option missing its value exits 2 with the usage', async () => {
    const r = await cli(['compile', CHURN, '--param']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^pipewright compile: .*--param/m);
    expect(r.err).toContain('Usage: pipewright compile FILE');
  });

  it('a missing positional exits 2 saying what is missing', async () => {
    const r = await cli(['validate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pipewright validate: name at least one spec file');
    expect(r.err).toContain('Usage: pipewright validate FILE... [--json]');
    const s = await cli(['schema', 'extra']);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/^pipewright schema: .*'extra'/m);
  });

  it('--version prints the version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('pipewright 0.1.0\n');
  });
});

describe('bin/pipewright.mjs (the npx pipewright entry point)', () => {
  it('--help exits 0 and lists the commands on stdout', async () => {
    const r = await bin(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: pipewright <command> [options]');
    for (const c of commands) expect(r.out).toMatch(new RegExp(`^  ${c.name}\\s`, 'm'));
  });

  it('an unknown command exits 2 with the help on stderr', async () => {
    const r = await bin(['nope']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("unknown command 'nope'");
    expect(r.err).toContain('Commands:');
  });

  it('a bad option exits 2 with the usage on stderr', async () => {
    const r = await bin(['export', '--to', 'nope', CHURN]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('pipewright export: --to must be one of argo, kfp, k8s');
    expect(r.err).toContain('Usage: pipewright export --to argo|kfp|k8s FILE');
  });

  it('validate of an invalid file exits 1 with file:line:column on stderr', async () => {
    const r = await bin(['validate', 'shared/spec/fixtures/invalid/cycle.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('shared/spec/fixtures/invalid/cycle.yaml:15:18: error [node a]:');
    expect(r.err).toContain('shared/spec/fixtures/invalid/cycle.yaml: invalid (2 errors, 0 warnings)');
  });
});
