/** Shared by the import tests: the reference files and what every successful import must satisfy. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ImportResult } from '../../shared/compiler/import/index.js';
import { compilePlan, type Plan } from '../../shared/compiler/plan.js';
import { hasErrors } from '../../shared/spec/issues.js';
import { libraryOf, Pipeline } from '../../shared/spec/schema.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The engines' published examples, read-only, next to the repository. */
export const referenceDir = path.resolve(repoRoot, '../shared/reference');

export const referenceFiles = (sub: string) => readdirSync(path.join(referenceDir, sub)).filter((f) => f.endsWith('.yaml')).sort();
export const referenceText = (sub: string, file: string) => readFileSync(path.join(referenceDir, sub, file), 'utf8');

/**
 * The spec of an import that must have worked: no errors, valid under the zod schema, and compilable
 * into a plan with an empty library (inline nodes only, so every wire and param resolves).
 */
export function expectImported(result: ImportResult): { spec: Pipeline; plan: Plan } {
  expect(hasErrors(result.issues), JSON.stringify(result.issues)).toBe(false);
  expect(result.spec).toBeDefined();
  const parsed = Pipeline.safeParse(result.spec);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
  const plan = compilePlan(result.spec!, libraryOf([]));
  return { spec: result.spec!, plan };
}

/** The notes about one task, step or template: those whose first quoted name is `name`. */
export const notesAbout = (result: ImportResult, name: string) => result.notImported.filter((n) => /'([^']*)'/.exec(n)?.[1] === name);
