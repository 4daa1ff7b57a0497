/** Helpers for asserting on exported objects as plain data. */

/** Every object (not array) inside `value`, depth first, including `value` itself. */
export function allObjects(value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out;
}

/** Every container env entry inside `value` (objects holding `name` plus `value` or `valueFrom`). */
export function envEntries(value: unknown): { name: string; value?: string; valueFrom?: Record<string, { name: string; key: string }> }[] {
  return allObjects(value)
    .filter((o): o is Record<string, unknown> & { env: unknown[] } => Array.isArray(o.env))
    .flatMap((o) => o.env as { name: string; value?: string; valueFrom?: Record<string, { name: string; key: string }> }[]);
}

