/** Toolbar icons: inline SVG paths on a 24px grid, drawn with the current text colour. */
const PATHS = {
  new: 'M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8l-5-5Zm0 0v5h5M12 11v6M9 14h6',
  open: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v1H3V7Zm0 3h18l-2 9H5L3 10Z',
  save: 'M5 3h11l3 3v13a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm2 0v5h8V3M7 21v-7h10v7',
  saveAs: 'M5 3h11l3 3v5M7 3v5h8V3M7 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2M14 21l1-3 5-5 2 2-5 5-3 1Z',
  undo: 'M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3',
  layout: 'M4 5h5v4H4zM15 3h5v4h-5zM15 17h5v4h-5zM9 7h3v12h3M12 5h3',
  fit: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5M9 9h6v6H9z',
  find: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm5 12 5 5',
  sun: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8ZM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4',
  moon: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z',
  chevronDown: 'M6 9l6 6 6-6',
  chevronUp: 'M6 15l6-6 6 6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}

/** Pipewright's mark: three connected steps. */
export function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="2" y="9" width="6" height="6" rx="1.5" fill="var(--kind-data)" />
      <rect x="16" y="3" width="6" height="6" rx="1.5" fill="var(--kind-train)" />
      <rect x="16" y="15" width="6" height="6" rx="1.5" fill="var(--kind-deploy)" />
      <path d="M8 12h3c2 0 2-6 5-6M11 12c2 0 2 6 5 6" stroke="var(--fg-muted)" strokeWidth="1.6" fill="none" />
    </svg>
  );
}
