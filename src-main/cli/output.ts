/** Output helpers shared by the CLI commands: issue lists, tables, JSON. */
import { formatIssue, type Issue } from '../../shared/spec/issues.js';
import type { CliIo } from './command.js';

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Prints issues to stderr, errors first, then a one-line count. */
export function printIssues(io: CliIo, issues: readonly Issue[]): void {
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const i of sorted) io.err(formatIssue(i));
}

export function countLine(issues: readonly Issue[]): string {
  const e = issues.filter((i) => i.severity === 'error').length;
  const w = issues.length - e;
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

/** A plain text table with a header row, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
