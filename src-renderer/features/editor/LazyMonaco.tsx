/** Monaco is a few megabytes: it loads with the first editor tab opened, not with the app. */
import { lazy, Suspense } from 'react';
import type { MonacoPaneProps } from './MonacoPane.js';

const MonacoPane = lazy(() => import('./MonacoPane.js'));

export function LazyMonaco(props: MonacoPaneProps) {
  return (
    <Suspense fallback={<div className="ed-monaco" data-testid={props.testId}><div className="ed-loading">Loading editor…</div></div>}>
      <MonacoPane {...props} />
    </Suspense>
  );
}
