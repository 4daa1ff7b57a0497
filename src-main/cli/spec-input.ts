/** Loads the component library and one spec file for a command, printing problems the same way everywhere. */
import { resolve } from 'node:path';
import { coerceParam } from '../../shared/compiler/plan.js';
import { hasErrors, type Issue } from '../../shared/spec/issues.js';
import type { ComponentLibrary, Pipeline } from '../../shared/spec/schema.js';
import { loadLibrary } from '../library/library.js';
import { loadSpecFile } from '../spec/spec-file.js';
import { UsageError, type CliIo } from './command.js';
import { printIssues } from './output.js';

let cached: ComponentLibrary | undefined;

export async function cliLibrary(io: CliIo): Promise<ComponentLibrary> {
  if (cached) return cached;
  const { library, issues } = await loadLibrary();
  if (issues.length) printIssues(io, issues);
  return (cached = library);
}

/** The validated spec, or undefined after printing why not (errors make the caller exit 1). */
export async function specOrReport(io: CliIo, file: string, library: ComponentLibrary, json = false):
  Promise<{ spec?: Pipeline; text?: string; issues: Issue[]; path: string }> {
  const path = resolve(io.cwd, file);
  const loaded = await loadSpecFile(path, library);
  for (const i of loaded.issues) i.file = file;
  if (!json) printIssues(io, loaded.issues);
  return { ...(loaded.spec && !hasErrors(loaded.issues) ? { spec: loaded.spec, text: loaded.text! } : {}), issues: loaded.issues, path };
}

/** `--param k=v` options, read as each param's declared type. */
export function parseParamOverrides(spec: Pipeline, texts: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of texts) {
    const eq = t.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes name=value, got '${t}'`);
    const name = t.slice(0, eq);
    const decl = spec.params?.[name];
    if (!decl) {
      const known = Object.keys(spec.params ?? {});
      throw new UsageError(`unknown param '${name}'${known.length ? ` (the pipeline has: ${known.join(', ')})` : ' (the pipeline declares no params)'}`);
    }
    const value = coerceParam(decl.type, t.slice(eq + 1));
    if (value === undefined) throw new UsageError(`param '${name}' is ${/^[aeiou]/.test(decl.type) ? 'an' : 'a'} ${decl.type}; '${t.slice(eq + 1)}' is not`);
    out[name] = value;
  }
  return out;
}
