/** Golden files: exported YAML compared with checked-in copies; `UPDATE_GOLDEN=1` rewrites them. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './reference.js';

export const goldenDir = path.join(repoRoot, 'src-main/export/golden');

/** Compares `actual` with golden/<file>, or writes it when UPDATE_GOLDEN=1. */
export function expectGolden(file: string, actual: string): void {
  const target = path.join(goldenDir, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(target, actual);
    return;
  }
  if (!existsSync(target)) {
    throw new Error(`golden file ${path.relative(repoRoot, target)} is missing; write it with UPDATE_GOLDEN=1 npx vitest run src-main/export and review the diff`);
  }
  expect(actual, `${file} differs from its golden copy (UPDATE_GOLDEN=1 rewrites it; review the diff)`).toBe(readFileSync(target, 'utf8'));
}

/** The documents of a YAML text as plain data, failing on any parse error. */
export function parseYamlDocs(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
    return d.toJS();
  });
}
