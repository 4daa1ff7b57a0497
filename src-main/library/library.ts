/**
 * The component library on disk: `resources/components/<id>/<version>.yaml`, one file per component version.
 * Every file is parsed and checked (schema, defaults, command placeholders); a broken file is left out of the
 * library and reported as issues, so one bad component never hides the others.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseComponentYaml, positionOf } from '../../shared/spec/component-parse.js';
import type { Issue } from '../../shared/spec/issues.js';
import { libraryOf, type Component, type ComponentLibrary } from '../../shared/spec/schema.js';

const YAML_FILE = /\.ya?ml$/;

/**
 * The app's `resources/` folder. Found by walking up from this module, so the same code works from the
 * source tree (tsx, tests) and from the compiled `dist/` layout; PIPEWRIGHT_RESOURCES overrides it.
 */
export function resourcesDir(): string {
  const override = process.env.PIPEWRIGHT_RESOURCES;
  if (override) return path.resolve(override);
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(candidate, 'components'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find Pipewright's resources/components folder above ${start}; set PIPEWRIGHT_RESOURCES.`);
  }
}

/** The app's root folder (the one holding resources/ and, once built, dist/). */
export function repoRoot(): string {
  return path.dirname(resourcesDir());
}

/**
 * How a node whose program is `pipewright` (the drift-check component) starts this app's CLI on the
 * host: the running Node (Electron's, as plain Node) with the CLI entry, so it needs nothing on PATH.
 * A packaged desktop app runs the bundled CLI; the source tree runs bin/pipewright.mjs through tsx.
 */
export function pipewrightCommand(): { argv: string[]; env: Record<string, string> } {
  const bundled = path.join(repoRoot(), 'dist', 'cli', 'pipewright.mjs');
  const electron = Boolean(process.versions.electron);
  const entry = electron && existsSync(bundled) ? bundled : path.join(repoRoot(), 'bin', 'pipewright.mjs');
  return { argv: [process.execPath, entry], env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}

export interface LoadedLibrary {
  library: ComponentLibrary;
  issues: Issue[];
}

export async function loadLibrary(dir: string = path.join(resourcesDir(), 'components')): Promise<LoadedLibrary> {
  const issues: Issue[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const message = `The component library folder ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`;
    return { library: libraryOf([]), issues: [{ severity: 'error', code: 'schema', file: dir, path: [], message }] };
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      const inner = await readdir(path.join(dir, entry.name));
      files.push(...inner.filter((f) => YAML_FILE.test(f)).sort().map((f) => path.join(dir, entry.name, f)));
    } else if (YAML_FILE.test(entry.name)) {
      issues.push({ severity: 'warning', code: 'schema', file: path.join(dir, entry.name), path: [],
        message: `Component files belong in <id>/<version>.yaml; ${entry.name} is ignored.` });
    }
  }

  const loaded = await Promise.all(files.map(async (file) => {
    const text = await readFile(file, 'utf8');
    return { file, text, ...parseComponentYaml(text, file) };
  }));
  const components: Component[] = [];
  const seen = new Map<string, string>();
  for (const { file, component, issues: fileIssues, text } of loaded) {
    issues.push(...fileIssues);
    if (!component) continue;
    const placement = placementIssue(file, component, text);
    if (placement) {
      issues.push(placement);
      continue;
    }
    const ref = `${component.metadata.id}@${component.metadata.version}`;
    const first = seen.get(ref);
    if (first) {
      issues.push({ severity: 'error', code: 'duplicate-id', file, path: ['metadata'],
        message: `Component ${ref} is defined twice: here and in ${first}; this copy is ignored.` });
      continue;
    }
    seen.set(ref, file);
    components.push(component);
  }
  return { library: libraryOf(components), issues };
}

/** The folder is the id and the file name the version, so `uses: id@version` maps to one predictable file. */
function placementIssue(file: string, c: Component, text: string): Issue | undefined {
  const folder = path.basename(path.dirname(file));
  const version = path.basename(file).replace(YAML_FILE, '');
  const [field, expected, actual] = folder !== c.metadata.id
    ? ['id', folder, c.metadata.id]
    : version !== c.metadata.version ? ['version', version, c.metadata.version] : [];
  if (!field) return undefined;
  const pos = positionOf(text, ['metadata', field]);
  return { severity: 'error', code: 'schema', file, line: pos?.line, column: pos?.column, path: ['metadata', field],
    message: `metadata.${field} is '${actual}' but the file is ${path.join(folder, path.basename(file))}; `
      + `a component lives in <id>/<version>.yaml, so ${field} should be '${expected}' (or the file moved).` };
}
