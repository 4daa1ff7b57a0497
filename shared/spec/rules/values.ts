/**
 * Literal values against their declared type and constraints: component input literals, and pipeline
 * param defaults and enums against the param's own declaration.
 */
import type { ParameterType, PipelineParam, PortType } from '../schema.js';
import type { RuleContext } from './context.js';
import { showValue, typeWords } from './words.js';

/** The constraints a value may be checked against (a component input or a pipeline param). */
export interface ValueDecl {
  type: PortType;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** Why `value` does not fit `decl`, as the end of a sentence ("must be an integer; it is 2.5"), or undefined. */
export function valueProblem(value: unknown, decl: ValueDecl): string | undefined {
  const t = decl.type;
  const typeOk = t === 'json' ? true
    : t === 'string' ? typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      : t === 'integer' ? Number.isInteger(value)
        : t === 'number' ? typeof value === 'number' && Number.isFinite(value)
          : t === 'boolean' ? typeof value === 'boolean'
            : false; // artifacts: not a literal at all (reported as a type mismatch by the caller)
  if (!typeOk) return `must be ${typeWords(t)}; it is ${showValue(value)}`;
  if (decl.enum && !decl.enum.some((o) => sameValue(o, value))) {
    return `must be one of ${decl.enum.map(showValue).join(', ')}; it is ${showValue(value)}`;
  }
  if (typeof value === 'number') {
    if (decl.minimum !== undefined && value < decl.minimum) return `must be at least ${decl.minimum}; it is ${value}`;
    if (decl.maximum !== undefined && value > decl.maximum) return `must be at most ${decl.maximum}; it is ${value}`;
  }
  if (typeof value === 'string' && decl.pattern !== undefined) {
    const re = compilePattern(decl.pattern);
    if (re && !re.test(value)) return `must match the pattern ${decl.pattern}; it is ${showValue(value)}`;
  }
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

const patterns = new Map<string, RegExp | null>();

/** A user-written pattern as a RegExp, or null when it is not a valid one. */
export function compilePattern(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re;
}

/** Pipeline params: defaults and enum entries fit the param's type and range; the range and pattern make sense. */
export function pipelineParams(ctx: RuleContext): void {
  const params = ctx.spec.params;
  if (!params) return;
  for (const [name, p] of Object.entries(params)) {
    const at = ['params', name];
    const bad = (sub: (string | number)[], message: string, severity: 'error' | 'warning' = 'error') =>
      ctx.report({ severity, code: 'bad-value', path: [...at, ...sub], message });
    const typeOnly: ValueDecl = { type: p.type };
    if (p.pattern !== undefined && compilePattern(p.pattern) === null) {
      bad(['pattern'], `The pattern of pipeline param '${name}' is not a valid regular expression: ${p.pattern}`);
    }
    if (p.minimum !== undefined && p.maximum !== undefined && p.minimum > p.maximum) {
      bad(['minimum'], `Pipeline param '${name}' has a minimum (${p.minimum}) above its maximum (${p.maximum}), so no value fits.`);
    }
    if (!isNumeric(p.type) && (p.minimum !== undefined || p.maximum !== undefined)) {
      bad([p.minimum !== undefined ? 'minimum' : 'maximum'],
        `Pipeline param '${name}' is ${typeWords(p.type)}, so its minimum and maximum are never checked.`, 'warning');
    }
    p.enum?.forEach((option, k) => {
      const problem = valueProblem(option, typeOnly);
      if (problem) bad(['enum', k], `Option ${k + 1} of pipeline param '${name}' ${problem}.`);
    });
    if (p.default !== undefined) {
      const problem = valueProblem(p.default, declOf(p));
      if (problem) bad(['default'], `The default of pipeline param '${name}' ${problem}.`);
    }
  }
}

function declOf(p: PipelineParam): ValueDecl {
  return { type: p.type, enum: p.enum, minimum: p.minimum, maximum: p.maximum, pattern: p.pattern };
}

function isNumeric(t: ParameterType): boolean {
  return t === 'number' || t === 'integer';
}
