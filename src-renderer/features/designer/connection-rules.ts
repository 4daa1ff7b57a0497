/**
 * Which ports may be wired together, and the words for why not. Highlighting while dragging is pure CSS:
 * each handle lists the types it accepts (or feeds), and the canvas states what is being dragged, so
 * lighting up compatible handles re-renders nothing.
 */
import { compatible } from '../../../shared/spec/resolve.js';
import { PORT_TYPES, type PortType } from '../../../shared/spec/schema.js';

/** Types an input of type `to` accepts. */
export const acceptsList = (to: PortType) => PORT_TYPES.filter((t) => compatible(t, to)).join(' ');
/** Types an output of type `from` can feed. */
export const feedsList = (from: PortType) => PORT_TYPES.filter((t) => compatible(from, t)).join(' ');

export function refusalReason(from: PortType, to: PortType, input: string): string {
  const article = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');
  return `${capital(from)} can't go into ${article(to)} ${to} input '${input}'`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** CSS for every (direction, type) pair: compatible handles glow, the rest fade. */
export function connectionCss(scope: string): string {
  const rules: string[] = [];
  for (const t of PORT_TYPES) {
    const fromSource = `${scope}[data-connect-from="source"][data-connect-type="${t}"]`;
    const fromTarget = `${scope}[data-connect-from="target"][data-connect-type="${t}"]`;
    rules.push(
      `${fromSource} .react-flow__handle.target[data-accepts~="${t}"] { box-shadow: 0 0 0 4px var(--accent-soft); transform: translate(-50%,-50%) scale(1.35); }`,
      `${fromSource} .react-flow__handle.target:not([data-accepts~="${t}"]) { opacity: .18; }`,
      `${fromTarget} .react-flow__handle.source[data-feeds~="${t}"] { box-shadow: 0 0 0 4px var(--accent-soft); transform: translate(50%,-50%) scale(1.35); }`,
      `${fromTarget} .react-flow__handle.source:not([data-feeds~="${t}"]) { opacity: .18; }`,
    );
  }
  rules.push(
    `${scope}[data-connect-from="source"] .react-flow__handle.source:not(.connectingfrom) { opacity: .18; }`,
    `${scope}[data-connect-from="target"] .react-flow__handle.target:not(.connectingfrom) { opacity: .18; }`,
  );
  return rules.join('\n');
}
