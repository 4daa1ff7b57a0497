/** Reading spec files from disk with the checks that keep bad input from crashing anything. */
import { readFile, stat } from 'node:fs/promises';
import type { Issue } from '../../shared/spec/issues.js';
import type { ComponentLibrary, Pipeline } from '../../shared/spec/schema.js';
import { validateSpec } from '../../shared/spec/validate.js';

/** Larger files are refused before they are read: a pipeline spec is text a person writes. */
export const MAX_SPEC_BYTES = 20 * 1024 * 1024;

export interface LoadedSpec {
  file: string;
  text?: string;
  spec?: Pipeline;
  issues: Issue[];
}

function fileIssue(file: string, code: Issue['code'], message: string): Issue {
  return { severity: 'error', code, message, file, path: [] };
}

/** Reads a text file, refusing what is missing, a folder, too large or not UTF-8, with a sentence naming it. */
export async function readTextFile(file: string, maxBytes = MAX_SPEC_BYTES): Promise<{ text?: string; issues: Issue[] }> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) return { issues: [fileIssue(file, 'bad-value', `${file} is a folder, not a file`)] };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code})`;
    return { issues: [fileIssue(file, 'bad-value', `${file} ${why}`)] };
  }
  if (size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return { issues: [fileIssue(file, 'too-large', `${file} is ${mb(size)}; files over ${mb(maxBytes)} are refused (is this really a pipeline spec?)`)] };
  }
  const bytes = await readFile(file);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), issues: [] };
  } catch {
    return { issues: [fileIssue(file, 'yaml-syntax', `${file} is not UTF-8 text`)] };
  }
}

/** Reads and validates a spec file against the library. Never throws for bad input. */
export async function loadSpecFile(file: string, library: ComponentLibrary): Promise<LoadedSpec> {
  const { text, issues } = await readTextFile(file);
  if (text === undefined) return { file, issues };
  const result = validateSpec(text, { file, library });
  return { file, text, ...(result.spec ? { spec: result.spec } : {}), issues: result.issues };
}
