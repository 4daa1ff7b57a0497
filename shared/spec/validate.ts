/**
 * Validates a pipeline spec and reports every problem at once: YAML errors, schema violations, then
 * the semantic rules in `rules/`, each issue with its severity, code, path, node and, for YAML text,
 * line and column. Never throws, whatever the input.
 *
 * The semantic rules also run when the schema check fails, on the parts that passed it (see
 * `salvage.ts`), so a typo in one node does not hide a cycle elsewhere.
 */
import { hasErrors, type Issue } from './issues.js';
import { pipelineJsonSchema } from './json-schema.js';
import { parseSpecText, type Location, type SpecPath } from './parse.js';
import { validPart } from './salvage.js';
import { SchemaChecker } from './schema-check.js';
import { schemaIssues } from './schema-messages.js';
import type { ComponentLibrary, Pipeline } from './schema.js';
import { createContext, type Rule, type RuleIssue } from './rules/context.js';
import { components } from './rules/components.js';
import { graph } from './rules/graph.js';
import { identifiers, kubernetesNames } from './rules/names.js';
import { duplicateIds, layout, references } from './rules/references.js';
import { resources } from './rules/resources.js';
import { templates } from './rules/templates.js';
import { pipelineParams } from './rules/values.js';

/** Options of `validateSpec`. */
export interface ValidateOptions {
  library: ComponentLibrary;
  /** Shown in issues; typically the path the text came from. */
  file?: string;
}

/** Options of `validatePipeline`. */
export interface PipelineValidateOptions extends ValidateOptions {
  /** Line and column of a path, from `parseSpecText`; without it issues carry no position. */
  locate?: (path: SpecPath) => Location | undefined;
}

/** What validation returns. */
export interface ValidationResult {
  /** The spec, when it passed the schema check (it may still have semantic errors: see `issues`). */
  spec?: Pipeline;
  /** Errors and warnings, in file order. */
  issues: Issue[];
}

/** Every semantic rule, in the order their issues are listed for the same line. */
export const RULES: readonly Rule[] = [
  duplicateIds, kubernetesNames, identifiers, pipelineParams, components, references, templates, graph, resources, layout,
];

let checker: SchemaChecker | undefined;

/** The compiled pipeline schema (compiled on first use). */
export function pipelineChecker(): SchemaChecker {
  checker ??= new SchemaChecker(pipelineJsonSchema());
  return checker;
}

/** Parses and validates the text of a spec (YAML or JSON). Never throws. */
export function validateSpec(text: string, opts: ValidateOptions): ValidationResult {
  const parsed = parseSpecText(text, opts.file);
  if (parsed.value === undefined || hasErrors(parsed.issues)) return { issues: parsed.issues };
  const result = validatePipeline(parsed.value, { ...opts, locate: parsed.locate });
  return { ...result, issues: parsed.issues.length ? sortIssues([...parsed.issues, ...result.issues]) : result.issues };
}

/** Validates a spec that is already data (from the editor's model, or parsed elsewhere). Never throws. */
export function validatePipeline(value: unknown, opts: PipelineValidateOptions): ValidationResult {
  const issues: Issue[] = [];
  let spec: Pipeline | undefined;
  try {
    const check = pipelineChecker();
    const violations = check.valid(value) ? [] : check.violations(value);
    issues.push(...schemaIssues(violations, value, check));
    if (violations.length === 0) spec = value as Pipeline;
    const part = validPart(value, violations, check);
    if (part) {
      const report = (i: RuleIssue) => issues.push(i);
      const ctx = createContext(part.spec, part.nodes, opts.library, part, report);
      for (const rule of RULES) {
        try {
          rule(ctx);
        } catch (e) {
          issues.push(internalError(e)); // one rule's bug must not hide what the others find
        }
      }
    }
  } catch (e) {
    issues.push(internalError(e));
  }
  return { ...(spec ? { spec } : {}), issues: sortIssues(issues.map((i) => place(i, opts))) };
}

/** A bug in the validator must not take the editor down; say so instead of hiding it. */
function internalError(e: unknown): Issue {
  return {
    severity: 'error', code: 'schema', path: [],
    message: `Pipewright could not finish checking this pipeline (internal error: ${(e as Error)?.message ?? String(e)}).`,
  };
}

function place(issue: Issue, opts: PipelineValidateOptions): Issue {
  let loc: Location | undefined;
  try {
    loc = opts.locate?.(issue.path);
  } catch {
    loc = undefined;
  }
  return {
    ...issue,
    ...(opts.file === undefined ? {} : { file: opts.file }),
    ...(loc ? { line: loc.line, column: loc.column } : {}),
  };
}

/** File order; issues without a position keep their relative order after those with one. */
function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}
