/** Light or dark, as the page renders: <html>'s computed color-scheme, else the system preference. */
import { useEffect, useState } from 'react';

function current(): 'light' | 'dark' {
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  const system = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  if (scheme.includes('dark') && scheme.includes('light')) return system;
  if (scheme.includes('dark')) return 'dark';
  if (scheme.includes('light')) return 'light';
  return system === 'dark' && document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function useColorScheme(): 'light' | 'dark' {
  const [scheme, setScheme] = useState(current);
  useEffect(() => {
    const update = () => setScheme(current());
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    // The shell switches themes by changing a class, style or data attribute on <html> or <body>.
    const observer = new MutationObserver(update);
    for (const el of [document.documentElement, document.body]) observer.observe(el, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
    return () => { media.removeEventListener('change', update); observer.disconnect(); };
  }, []);
  return scheme;
}
