/** Small form controls shared by the inspector and the run dialog. */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';

export function Switch({ checked, onChange, disabled, testId, label }: {
  checked: boolean; onChange(v: boolean): void; disabled?: boolean; testId?: string; label?: string;
}) {
  return (
    <button type="button" role="switch" className="k-switch" aria-checked={checked} aria-label={label} disabled={disabled}
      data-testid={testId} onClick={() => onChange(!checked)} />
  );
}

/**
 * The text of a field that edits a stored value: it follows the stored value when that changes
 * elsewhere (undo, the YAML tab), but never overwrites what the user is typing with the value their
 * own typing produced (e.g. "1.50" stays "1.50" although the spec holds 1.5).
 */
export function useDraft(stored: string): { text: string; setText(t: string): void; committed(t: string): void } {
  const [text, setText] = useState(stored);
  const last = useRef(stored);
  useEffect(() => {
    if (stored !== last.current) { last.current = stored; setText(stored); }
  }, [stored]);
  return { text, setText, committed: (t) => { last.current = t; } };
}

/** Closes a popup on a click outside `ref` or on Escape. */
export function useDismiss(ref: RefObject<HTMLElement | null>, open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const down = (e: MouseEvent) => { if (ref.current && !ref.current.contains(e.target as Node)) close(); };
    const key = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } };
    document.addEventListener('mousedown', down);
    document.addEventListener('keydown', key, true);
    return () => { document.removeEventListener('mousedown', down); document.removeEventListener('keydown', key, true); };
  }, [ref, open, close]);
}

/** A button that opens a small menu below it. */
export function MenuButton({ label, title, children, testId, disabled }: {
  label: ReactNode; title: string; testId?: string; disabled?: boolean; children(close: () => void): ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  const close = () => setOpen(false);
  useDismiss(ref, open, close);
  return (
    <span ref={ref} style={{ position: 'relative', display: 'inline-flex' }}>
      <button type="button" className="k-icon-btn" title={title} aria-label={title} aria-haspopup="menu" aria-expanded={open}
        data-testid={testId} disabled={disabled} onClick={() => setOpen(!open)}>{label}</button>
      {open && <div className="k-menu" role="menu" style={{ right: 0, top: 26 }}>{children(close)}</div>}
    </span>
  );
}

/** Label, required marker, actions, the control, then an error or the help text. */
export function Field({ label, required, help, error, warning, actions, children, path, htmlFor }: {
  label: ReactNode; required?: boolean; help?: string; error?: string; warning?: string; actions?: ReactNode; children: ReactNode;
  /** The spec path this field edits (e.g. `inputs.seed`), for focusing it from the Problems panel. */
  path?: string; htmlFor?: string;
}) {
  const helpId = useId();
  return (
    <div className={`ins-field${error ? ' has-error' : ''}`} data-focus-path={path}>
      <div className="ins-field-head">
        <label htmlFor={htmlFor} className="ins-label">{label}{required && <span className="ins-req" title="Required">*</span>}</label>
        {actions && <span className="ins-field-actions">{actions}</span>}
      </div>
      <div aria-describedby={helpId}>{children}</div>
      {error ? <div id={helpId} className="ins-error" role="alert">{error}</div>
        : warning ? <div id={helpId} className="ins-warning">{warning}</div>
          : help ? <div id={helpId} className="ins-help">{help}</div> : null}
    </div>
  );
}

/** A collapsible section of the inspector. */
export function Section({ title, children, defaultOpen = true, aside }: { title: string; children: ReactNode; defaultOpen?: boolean; aside?: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <section className="ins-section">
      <div className="ins-section-head">
        <button type="button" className="ins-section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className={`ins-chevron${open ? ' open' : ''}`} aria-hidden>›</span>{title}
        </button>
        {aside}
      </div>
      {open && <div className="ins-section-body">{children}</div>}
    </section>
  );
}
