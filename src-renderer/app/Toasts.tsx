/** The toast stack, bottom right. */
import { useToasts } from './toast.store.js';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="pw-toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`pw-toast pw-toast--${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={t.kind}>
          <div className="pw-toast__body">
            <div className="pw-toast__message">{t.message}</div>
            {t.detail && <div className="pw-toast__detail">{t.detail}</div>}
          </div>
          {t.action && (
            <button type="button" className="pw-btn is-ghost pw-toast__action" data-testid="toast-action"
              onClick={() => { t.action!.run(); useToasts.getState().dismiss(t.id); }}>{t.action.label}</button>
          )}
          <button type="button" className="pw-icon-btn" aria-label="Dismiss" onClick={() => useToasts.getState().dismiss(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
