/**
 * Command templates: strings in `command`/`args` may hold `{{inputs.NAME}}` (an input artifact's path or a
 * parameter's value) and `{{outputs.NAME}}` (where the node writes an output). Each executor and exporter
 * renders them in its own terms (a host path, `{{inputs.parameters.x}}` for Argo, `{{$.inputs...}}` for KFP).
 */

export type TemplatePart =
  | { text: string }
  | { ref: 'inputs' | 'outputs'; name: string };

const PLACEHOLDER = /\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Splits one template string into literal text and placeholders. */
export function parseTemplate(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of s.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ text: s.slice(last, m.index) });
    parts.push({ ref: m[1] as 'inputs' | 'outputs', name: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < s.length || parts.length === 0) parts.push({ text: s.slice(last) });
  return parts;
}

/** Every `{{...}}` in a string that is not a well-formed placeholder (for the validator). */
export function malformedPlaceholders(s: string): string[] {
  const all = s.match(/\{\{[^}]*\}\}/g) ?? [];
  return all.filter((p) => !new RegExp(`^${PLACEHOLDER.source}$`).test(p));
}

export function placeholderNames(s: string): { ref: 'inputs' | 'outputs'; name: string }[] {
  return parseTemplate(s).filter((p): p is { ref: 'inputs' | 'outputs'; name: string } => 'ref' in p);
}

/** Renders a template string, asking `resolve` for the text of each placeholder. */
export function renderTemplate(s: string, resolve: (ref: 'inputs' | 'outputs', name: string) => string): string {
  return parseTemplate(s).map((p) => ('text' in p ? p.text : resolve(p.ref, p.name))).join('');
}
