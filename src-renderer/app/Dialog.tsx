/** A modal dialog: dims the app, closes on Escape or a click outside, keeps focus inside while open. */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}

export function Dialog({ title, testId, onClose, children, footer, wide }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // Focus the first field, else the primary button, so Enter and typing work at once.
    const target = ref.current?.querySelector<HTMLElement>('input, textarea, [data-autofocus]') ?? ref.current?.querySelector<HTMLElement>('button.is-primary');
    target?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.stopPropagation(); onClose(); }
    if (e.key === 'Tab') trapFocus(e, ref.current);
  };
  return (
    <div className="pw-dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div ref={ref} className={wide ? 'pw-dialog is-wide' : 'pw-dialog'} role="dialog" aria-modal="true" aria-label={title}
        data-testid={testId} onKeyDown={onKeyDown}>
        <header className="pw-dialog__header">
          <h2>{title}</h2>
          <button type="button" className="pw-icon-btn" aria-label="Close" onClick={onClose} data-testid={`${testId}-close`}>×</button>
        </header>
        <div className="pw-dialog__body">{children}</div>
        {footer && <footer className="pw-dialog__footer">{footer}</footer>}
      </div>
    </div>
  );
}

function trapFocus(e: React.KeyboardEvent, root: HTMLElement | null) {
  const items = root ? [...root.querySelectorAll<HTMLElement>('button:not([disabled]), input, textarea, select, [tabindex="0"]')] : [];
  if (!items.length) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault(); first.focus();
  }
}
