import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededNormal } from '../../drift/scipy-oracle.js';
import { UsageError, type CliIo } from '../command.js';
import { driftCommand } from './drift.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-drift-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd: dir, env: {}, tty: false };
}

const g = seededNormal(11);
function write(name: string, rows: number, shift: number): string {
  const lines = ['price,qty,city,<b>odd</b>'];
  for (let i = 0; i < rows; i++) {
    lines.push([(100 + shift * 20 + 10 * g()).toFixed(2), String(i % 5), ['Oslo', 'Lima', 'Pune'][(i + (shift > 0 ? i % 2 : 0)) % 3], (g() + shift).toFixed(3)].join(','));
  }
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
  return name;
}
const ref = write('ref.csv', 2000, 0);
const same = write('same.csv', 2000, 0);
const shifted = write('shifted.csv', 2000, 1);

describe('pipewright drift', () => {
  it('prints a table and exits 0 without dataset drift', async () => {
    const io = capture();
    expect(await driftCommand.run([ref, same], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^No dataset drift: \d+ of 4 columns drifted/);
    expect(text).toMatch(/price\s+numerical\s+wasserstein/);
    expect(io.stderr).toEqual([]);
  });
  it('exits 3 on dataset drift', async () => {
    const io = capture();
    expect(await driftCommand.run([ref, shifted], io)).toBe(3);
    expect(io.stdout.join('\n')).toMatch(/^DATASET DRIFT/);
  });
  it('--json prints exactly one object with the documented fields', async () => {
    const io = capture();
    const code = await driftCommand.run([ref, shifted, '--json'], io);
    expect(code).toBe(3);
    expect(io.stdout).toHaveLength(1);
    const out = JSON.parse(io.stdout[0]!) as Record<string, unknown> & { columns: Record<string, unknown>[] };
    expect(out.datasetDrift).toBe(true);
    expect(typeof out.driftShare).toBe('number');
    expect(Number.isInteger(out.driftedColumns)).toBe(true);
    for (const key of ['datasetDrift', 'driftShare', 'driftedColumns', 'columns']) expect(out).toHaveProperty(key);
    expect(out.columns).toHaveLength(4);
    for (const c of out.columns) {
      expect(Object.keys(c)).toEqual(['name', 'type', 'method', 'statistic', 'pValue', 'threshold', 'drifted', 'missingReference', 'missingCurrent']);
      expect(['numerical', 'categorical', 'text']).toContain(c.type);
      expect(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger']).toContain(c.method);
    }
    expect(out.driftShare).toBe((out.driftedColumns as number) / 4);
  });
  it('--method, --threshold, --cat and --drift-share apply', async () => {
    const io = capture();
    const code = await driftCommand.run([ref, shifted, '--json', '--method', 'price=psi', '--threshold', 'price=0.5',
      '--num', 'qty', '--method', '*=hellinger', '--drift-share', '1'], io);
    const out = JSON.parse(io.stdout[0]!) as { columns: { name: string; method: string; threshold: number; type: string }[]; datasetDrift: boolean };
    const price = out.columns.find((c) => c.name === 'price')! as (typeof out.columns)[number] & { psiLevel?: string; statistic: number };
    expect(price.method).toBe('psi');
    expect(price.threshold).toBe(0.5);
    expect(price.psiLevel).toBe(price.statistic > 0.2 ? 'critical' : price.statistic >= 0.1 ? 'warning' : 'ok');
    expect(out.columns.find((c) => c.name === 'city')).not.toHaveProperty('psiLevel');
    expect(out.columns.find((c) => c.name === 'qty')!.type).toBe('numerical');
    expect(out.columns.find((c) => c.name === 'city')!.method).toBe('hellinger');
    expect(code).toBe(out.datasetDrift ? 3 : 0);
  });
  it('--html writes a self-contained report', async () => {
    const io = capture();
    await driftCommand.run([ref, shifted, '--html', 'report.html'], io);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('&lt;b&gt;odd&lt;/b&gt;');
    expect(html).not.toContain('<b>odd</b>');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html.length).toBeLessThan(200_000);
    expect(io.stdout.join('\n')).toContain(`HTML report: ${join(dir, 'report.html')}`);
  });
  it('exits 1 with the file name for a missing or empty file', async () => {
    let io = capture();
    expect(await driftCommand.run([ref, 'missing.csv'], io)).toBe(1);
    expect(io.stderr.join('\n')).toBe(`pipewright drift: ${join(dir, 'missing.csv')}: file not found`);
    writeFileSync(join(dir, 'empty.csv'), '');
    io = capture();
    expect(await driftCommand.run(['empty.csv', ref], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/empty\.csv is empty/);
  });
  it('streams under a small --memory-budget with the same verdict', async () => {
    const full = capture();
    const small = capture();
    await driftCommand.run([ref, shifted, '--json'], full);
    await driftCommand.run([ref, shifted, '--json', '--memory-budget', '0.0001'], small);
    const a = JSON.parse(full.stdout[0]!) as { columns: unknown[]; notes: string[] };
    const b = JSON.parse(small.stdout[0]!) as { columns: unknown[]; notes: string[] };
    expect(b.columns).toEqual(a.columns);
    expect(b.notes.join(' ')).toMatch(/read in \d+ passes/);
  });
  it('exits 1 when no column can be compared', async () => {
    writeFileSync(join(dir, 'other.csv'), 'zzz\n1\n2\n');
    const io = capture();
    expect(await driftCommand.run([ref, 'other.csv'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/no column could be compared/);
  });
  it('throws UsageError (exit 2 through the router) for bad arguments', async () => {
    const bad = [[], [ref], [ref, same, '--method', 'price'], [ref, same, '--method', 'price=magic'], [ref, same, '--threshold', 'price=x'],
      [ref, same, '--drift-share', '0'], [ref, same, '--memory-budget', 'lots'], [ref, same, '--bogus'], [ref, same, '--method', 'nocolumn=psi'], [ref, same, '--cat', 'qty', '--num', 'qty']];
    for (const argv of bad) await expect(driftCommand.run(argv, capture()), argv.join(' ')).rejects.toBeInstanceOf(UsageError);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
