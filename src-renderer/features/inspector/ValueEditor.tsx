/**
 * The editor of one literal value, picked from its type and format hint: text, number, switch, select,
 * JSON, column chips, multi-line text or code. Text that does not parse or breaks a constraint stays in
 * the field with a message and never reaches the spec.
 */
import { useState, type ChangeEvent, type KeyboardEvent } from 'react';
import type { ComponentInput } from '../../../shared/spec/schema.js';
import { Switch, useDraft } from './controls.js';
import { checkValue, formatValue, parseText, type Constraints } from './values.js';

export type ValueDecl = Constraints & Pick<ComponentInput, 'format' | 'default' | 'description'> & { name: string };

export interface ValueEditorProps {
  decl: ValueDecl;
  /** The literal set in the spec; undefined when unset (the default applies). */
  value: unknown;
  required: boolean;
  /** Called with a valid value, or undefined to unset. */
  onChange(value: unknown): void;
  onError(error: string | undefined): void;
  id: string;
  testId: string;
  disabled?: boolean;
}

export function ValueEditor(props: ValueEditorProps) {
  const { decl, value, onChange, id, testId, disabled } = props;
  const fallback = value === undefined ? decl.default : value;
  if (decl.enum && decl.type !== 'json' && decl.type !== 'boolean') {
    const current = value === undefined ? '' : JSON.stringify(value);
    return (
      <select id={id} className="k-select" data-testid={testId} disabled={disabled} value={current}
        onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}>
        <option value="">{decl.default !== undefined ? `Default (${formatValue(decl.default, decl.type)})` : '— choose —'}</option>
        {decl.enum.map((v) => <option key={JSON.stringify(v)} value={JSON.stringify(v)}>{formatValue(v, decl.type)}</option>)}
      </select>
    );
  }
  if (decl.type === 'boolean') {
    return (
      <div className="k-switch-row">
        <Switch checked={fallback === true} onChange={onChange} disabled={disabled} testId={testId} label={decl.name} />
        <span>{fallback === true ? 'On' : 'Off'}{value === undefined && decl.default !== undefined ? ' (default)' : ''}</span>
      </div>
    );
  }
  if (decl.type === 'json' && decl.format === 'columns' && (value === undefined || Array.isArray(value))) {
    return <ColumnsEditor {...props} />;
  }
  return <TextValue {...props} />;
}

function TextValue({ decl, value, required, onChange, onError, id, testId, disabled }: ValueEditorProps) {
  const draft = useDraft(formatValue(value, decl.type));
  const numeric = decl.type === 'number' || decl.type === 'integer';
  const multiline = decl.type === 'json' ? draft.text.includes('\n') || draft.text.length > 40
    : decl.format === 'multiline' || decl.format === 'python';
  const placeholder = decl.default !== undefined
    ? (typeof decl.default === 'object' && decl.default !== null ? JSON.stringify(decl.default) : formatValue(decl.default, decl.type)).replace(/\n[\s\S]*/, ' …')
    : required ? 'Required' : 'Not set';

  const edit = (text: string, badInput = false) => {
    draft.setText(text);
    if (badInput) { onError(decl.type === 'integer' ? 'Enter a whole number' : 'Enter a number'); return; }
    const parsed = parseText(text, decl.type);
    if (!parsed.ok) { onError(parsed.error); return; }
    if ('empty' in parsed) {
      onError(required && decl.default === undefined ? 'Required' : undefined);
      draft.committed('');
      onChange(undefined);
      return;
    }
    const problem = checkValue(parsed.value, decl);
    onError(problem);
    if (problem) return;
    draft.committed(formatValue(parsed.value, decl.type));
    onChange(parsed.value);
  };
  const common = {
    id, disabled, placeholder, 'data-testid': testId, value: draft.text, spellCheck: false,
    className: `${multiline ? 'k-textarea' : 'k-input'}${decl.type === 'json' || decl.format === 'python' || decl.format === 'path' ? ' k-mono' : ''}`,
  };
  if (multiline) {
    const rows = Math.min(14, Math.max(decl.format === 'python' ? 6 : 3, draft.text.split('\n').length + 1));
    return <textarea {...common} rows={rows} onChange={(e) => edit(e.target.value)} />;
  }
  if (numeric) {
    return (
      <input {...common} type="number" inputMode={decl.type === 'integer' ? 'numeric' : 'decimal'}
        step={decl.type === 'integer' ? 1 : 'any'} min={decl.minimum} max={decl.maximum}
        onChange={(e: ChangeEvent<HTMLInputElement>) => edit(e.target.value, e.target.validity.badInput)} />
    );
  }
  return <input {...common} type="text" onChange={(e) => edit(e.target.value)} />;
}

/** A list of column names as removable chips; Enter or comma adds the typed name. */
function ColumnsEditor({ decl, value, onChange, id, testId, disabled }: ValueEditorProps) {
  const [text, setText] = useState('');
  const list = (value ?? decl.default ?? []) as unknown[];
  const set = (next: unknown[]) => onChange(next);
  const add = () => {
    const names = text.split(',').map((s) => s.trim()).filter((s) => s && !list.includes(s));
    if (names.length) set([...list, ...names]);
    setText('');
  };
  const key = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); add(); }
    if (e.key === 'Backspace' && text === '' && list.length) set(list.slice(0, -1));
  };
  return (
    <div className={`ins-chips${disabled ? ' disabled' : ''}`} onClick={(e) => (e.currentTarget.querySelector('input') as HTMLInputElement | null)?.focus()}>
      {list.map((c, i) => (
        <span key={`${String(c)}-${i}`} className="ins-chip">
          {String(c)}
          {!disabled && <button type="button" aria-label={`Remove ${String(c)}`} onClick={() => set(list.filter((_, k) => k !== i))}>×</button>}
        </span>
      ))}
      <input id={id} data-testid={testId} disabled={disabled} value={text} spellCheck={false}
        placeholder={list.length ? '' : 'Add a column name…'}
        onChange={(e) => setText(e.target.value)} onKeyDown={key} onBlur={add} />
    </div>
  );
}
