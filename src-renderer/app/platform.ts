/** Shortcut labels as the platform writes them: ⌘S on macOS, Ctrl+S elsewhere. */
export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function keyLabel(key: string, opts: { shift?: boolean } = {}): string {
  if (IS_MAC) return `${opts.shift ? '⇧' : ''}⌘${key}`;
  return `Ctrl+${opts.shift ? 'Shift+' : ''}${key}`;
}
