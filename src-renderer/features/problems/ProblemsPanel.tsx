/**
 * Every issue of the open pipeline: severity, node, field path and message. Clicking one selects and
 * centres the node and asks the inspector to focus the field (`focusPath` in the designer store).
 */
import { formatPath, type Issue } from '../../../shared/spec/issues.js';
import { useUi } from '../../app/ui.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { SeverityIcon } from './SeverityIcon.js';

export function ProblemsPanel() {
  const issues = useDesigner((s) => s.issues);
  if (!issues.length) {
    return (
      <div className="pw-problems__empty" data-testid="problems-empty">
        <SeverityIcon severity="ok" /> No problems
      </div>
    );
  }
  return (
    <div className="pw-problems" data-testid="problems" role="list">
      {issues.map((issue, i) => <ProblemRow key={`${i}-${issue.code}-${issue.message}`} issue={issue} index={i} />)}
    </div>
  );
}

function ProblemRow({ issue, index }: { issue: Issue; index: number }) {
  const onClick = () => {
    useDesigner.getState().focus(issue.nodeId, issue.path);
    useUi.getState().setRightTab('inspector');
  };
  const where = issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : '';
  return (
    <button type="button" role="listitem" className={`pw-problem pw-problem--${issue.severity}`} onClick={onClick}
      data-testid={`problem-${index}`} data-severity={issue.severity} data-node={issue.nodeId ?? ''}>
      <SeverityIcon severity={issue.severity} />
      <span className="pw-problem__node">{issue.nodeId ?? 'pipeline'}</span>
      <span className="pw-problem__path">{formatPath(issue.path)}</span>
      <span className="pw-problem__message">{issue.message}</span>
      <span className="pw-problem__code">{issue.code}{where ? ` · ${where}` : ''}</span>
    </button>
  );
}

/** Error and warning counts for the Problems tab. */
export function ProblemCounts() {
  const [errors, warnings] = useDesigner((s) => countIssues(s.issues));
  return (
    <span className="pw-tab__counts">
      {errors > 0 && <span className="pw-count pw-count--error" data-testid="problems-count-errors">{errors}</span>}
      {warnings > 0 && <span className="pw-count pw-count--warning" data-testid="problems-count-warnings">{warnings}</span>}
    </span>
  );
}

const counted = new WeakMap<readonly Issue[], [number, number]>();
/** Memoized per issues array, so the selector returns the same tuple until validation runs again. */
function countIssues(issues: readonly Issue[]): [number, number] {
  let c = counted.get(issues);
  if (!c) {
    const errors = issues.filter((i) => i.severity === 'error').length;
    c = [errors, issues.length - errors];
    counted.set(issues, c);
  }
  return c;
}
