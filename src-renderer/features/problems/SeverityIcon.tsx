/** Error, warning and all-clear icons, inline SVG. */
export function SeverityIcon({ severity }: { severity: 'error' | 'warning' | 'ok' }) {
  if (severity === 'error') {
    return (
      <svg className="pw-sev pw-sev--error" width="14" height="14" viewBox="0 0 16 16" aria-label="error">
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="var(--bg-panel)" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    );
  }
  if (severity === 'warning') {
    return (
      <svg className="pw-sev pw-sev--warning" width="14" height="14" viewBox="0 0 16 16" aria-label="warning">
        <path d="M8 1.5l7 12.5H1L8 1.5z" fill="currentColor" />
        <path d="M8 6v4M8 12v.2" stroke="var(--bg-panel)" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    );
  }
  return (
    <svg className="pw-sev pw-sev--ok" width="16" height="16" viewBox="0 0 16 16" aria-label="no problems">
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M4.8 8.2l2.2 2.2 4.2-4.6" stroke="var(--bg-panel)" strokeWidth="1.7" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
