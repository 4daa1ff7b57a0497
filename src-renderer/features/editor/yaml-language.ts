/**
 * Completion, hover and problem markers for the YAML tab. Keys and values come from the pipeline JSON
 * Schema (`pipelineJsonSchema()`); on top of it the library and the open pipeline supply what a schema
 * cannot know: component refs for `uses`, a component's input names, `node.output` refs and param names.
 * Markers are the store's issues (the same list as the Problems panel), placed in the editor's text.
 */
import type * as Monaco from 'monaco-editor';
import type { Issue } from '../../../shared/spec/issues.js';
import { pipelineJsonSchema, type JsonSchema } from '../../../shared/spec/json-schema.js';
import { parseSpecText } from '../../../shared/spec/parse.js';
import { componentOf } from '../../../shared/spec/resolve.js';
import type { Component, ComponentLibrary, Pipeline } from '../../../shared/spec/schema.js';
import { cursorContext, expand, lineInfo, schemaAt, siblingKeys, type Seg } from './yaml-context.js';

export interface YamlSources { library: ComponentLibrary; spec(): Pipeline }

/** The `uses:` written in the list item (a node) that holds line `lineNo`, at key column `col`. */
function itemComponent(lines: readonly string[], lineNo: number, col: number, library: ComponentLibrary): Component | undefined {
  let start = -1;
  let dash = 0;
  for (let i = lineNo; i >= 0; i--) {
    const l = lineInfo(lines[i]!);
    const d = l?.dashes.find((x) => x < col);
    if (d !== undefined) { start = i; dash = d; break; }
  }
  if (start < 0) return undefined;
  for (let i = start; i < lines.length; i++) {
    const l = lineInfo(lines[i]!);
    if (!l) continue;
    if (i > start && (l.dashes[0] ?? l.keyCol) <= dash) break;
    if (l.key === 'uses' && l.keyCol === dash + 2) return componentOf({ id: '', kind: 'custom', uses: l.value.trim().replace(/^["']|["']$/g, '') }, library);
  }
  return undefined;
}

const isInputs = (path: readonly Seg[]) => path.length === 3 && path[0] === 'nodes' && path[2] === 'inputs';
const describe = (s: JsonSchema[]) => s.map((x) => x.description).find((d): d is string => typeof d === 'string');

export function registerPipelineYaml(m: typeof Monaco, sources: () => YamlSources): Monaco.IDisposable {
  const root = pipelineJsonSchema();
  const K = m.languages.CompletionItemKind;

  const completion = m.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':', '{', '.', '@'],
    provideCompletionItems(model, pos) {
      const lines = model.getLinesContent();
      const c = cursorContext(lines, pos.lineNumber - 1, pos.column - 1);
      if (!c) return { suggestions: [] };
      const range = new m.Range(pos.lineNumber, pos.column - c.part.length, pos.lineNumber, pos.column);
      const { library, spec } = sources();
      const S = m.languages.CompletionItemInsertTextRule.InsertAsSnippet;
      const suggestions: Monaco.languages.CompletionItem[] = [];
      const pad = ' '.repeat(c.keyCol + 2);

      if (c.onKey) {
        const taken = c.inFlow ? new Set<string>() : siblingKeys(lines, pos.lineNumber - 1, c.keyCol);
        const inputsOf = isInputs(c.path) && !c.inFlow ? itemComponent(lines, pos.lineNumber - 1, c.keyCol, library) : undefined;
        if (inputsOf) {
          inputsOf.inputs.filter((i) => !taken.has(i.name)).forEach((i, k) => suggestions.push({
            label: i.name, kind: K.Field, detail: `${i.type}${i.optional || i.default !== undefined ? '' : ' · required'}`,
            documentation: i.description, insertText: `${i.name}: `, range, sortText: String(k).padStart(3, '0'),
            command: { id: 'editor.action.triggerSuggest', title: '' },
          }));
          return { suggestions };
        }
        const props = new Map<string, JsonSchema>();
        for (const s of schemaAt(root, c.path)) for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) if (!props.has(k)) props.set(k, v);
        [...props].filter(([k]) => !taken.has(k)).forEach(([k, v], n) => {
          const kinds = expand(v, root);
          const isArray = kinds.every((x) => x.type === 'array');
          const isObject = kinds.every((x) => x.type === 'object');
          const insertText = c.inFlow ? `${k}: $0` : isArray ? `${k}:\n${pad}- $0` : isObject ? `${k}:\n${pad}$0` : `${k}: $0`;
          suggestions.push({
            label: k, kind: isObject || isArray ? K.Module : K.Property, documentation: describe(kinds), insertText,
            insertTextRules: S, range, sortText: String(n).padStart(3, '0'), command: { id: 'editor.action.triggerSuggest', title: '' },
          });
        });
        return { suggestions };
      }

      const field = c.flowKey ?? c.key!;
      const valuePath = c.flowKey ? [...c.path, c.key!, c.flowKey] : [...c.path, c.key!];
      if (field === 'uses' && !c.flowKey) {
        for (const comp of library.all()) {
          const ref = `${comp.metadata.id}@${comp.metadata.version}`;
          suggestions.push({ label: ref, kind: K.Module, detail: comp.metadata.name, documentation: comp.metadata.description, insertText: ref, range });
        }
      } else if (field === 'from') {
        for (const n of spec().nodes) {
          const outs = componentOf(n, library)?.outputs.map((o) => [o.name, o.type] as const) ?? Object.entries(n.outputs ?? {}).map(([k, o]) => [k, o.type] as const);
          for (const [o, t] of outs) suggestions.push({ label: `${n.id}.${o}`, kind: K.Reference, detail: t, insertText: `${n.id}.${o}`, range });
        }
      } else if (field === 'param') {
        for (const [p, def] of Object.entries(spec().params ?? {})) {
          suggestions.push({ label: p, kind: K.Variable, detail: def.type, documentation: def.description, insertText: p, range });
        }
      } else if (isInputs(c.path) && !c.flowKey) {
        const input = itemComponent(lines, pos.lineNumber - 1, c.keyCol, library)?.inputs.find((i) => i.name === c.key);
        for (const v of input?.enum ?? []) suggestions.push({ label: String(v), kind: K.EnumMember, insertText: String(v), range });
        if (input?.type === 'boolean') for (const v of ['true', 'false']) suggestions.push({ label: v, kind: K.Value, insertText: v, range });
        suggestions.push(
          { label: '{from: …}', kind: K.Snippet, detail: 'wire the output of another node', insertText: '{from: $1}', insertTextRules: S, range, command: { id: 'editor.action.triggerSuggest', title: '' } },
          { label: '{param: …}', kind: K.Snippet, detail: 'read a pipeline param', insertText: '{param: $1}', insertTextRules: S, range, command: { id: 'editor.action.triggerSuggest', title: '' } },
        );
      }
      for (const s of schemaAt(root, valuePath)) {
        for (const v of (s.enum as unknown[] | undefined) ?? (s.const !== undefined ? [s.const] : [])) {
          suggestions.push({ label: String(v), kind: K.EnumMember, insertText: String(v), range, documentation: s.description as string | undefined });
        }
        if (s.type === 'boolean') for (const v of ['true', 'false']) suggestions.push({ label: v, kind: K.Value, insertText: v, range });
      }
      const seen = new Set<string>();
      return { suggestions: suggestions.filter((s) => !seen.has(s.label as string) && seen.add(s.label as string)) };
    },
  });

  const hover = m.languages.registerHoverProvider('yaml', {
    provideHover(model, pos) {
      const lines = model.getLinesContent();
      const text = lines[pos.lineNumber - 1] ?? '';
      const l = lineInfo(text);
      if (!l?.key) return null;
      const keyEnd = text.indexOf(':', l.keyCol);
      const c = cursorContext(lines, pos.lineNumber - 1, keyEnd);
      if (!c) return null;
      const { library } = sources();
      const onKey = pos.column - 1 <= keyEnd;
      let doc: string | undefined;
      if (onKey && isInputs(c.path)) {
        const i = itemComponent(lines, pos.lineNumber - 1, c.keyCol, library)?.inputs.find((x) => x.name === l.key);
        if (i) doc = `**${i.label ?? i.name}** · \`${i.type}\`${i.default !== undefined ? ` · default \`${JSON.stringify(i.default)}\`` : ''}\n\n${i.description ?? ''}`;
      } else if (!onKey && l.key === 'uses') {
        const comp = componentOf({ id: '', kind: 'custom', uses: l.value.trim() }, library);
        if (comp) doc = `**${comp.metadata.name}** \`${comp.metadata.id}@${comp.metadata.version}\`\n\n${comp.metadata.description ?? ''}`;
      } else if (onKey) {
        const d = describe(schemaAt(root, [...c.path, l.key]));
        if (d) doc = `**${l.key}**\n\n${d}`;
      }
      if (!doc) return null;
      return { contents: [{ value: doc }], range: new m.Range(pos.lineNumber, l.keyCol + 1, pos.lineNumber, onKey ? keyEnd + 1 : text.length + 1) };
    },
  });

  return { dispose: () => { completion.dispose(); hover.dispose(); } };
}

/** Shows issues as markers, located in the editor's own text (which may be formatted unlike the file). */
export function setIssueMarkers(m: typeof Monaco, model: Monaco.editor.ITextModel, issues: readonly Issue[]): void {
  let parsed: ReturnType<typeof parseSpecText> | undefined;
  const markers = issues.map((i): Monaco.editor.IMarkerData => {
    let loc = i.path.length ? (parsed ??= parseSpecText(model.getValue())).locate(i.path) : undefined;
    if (!loc && i.line) loc = { line: i.line, column: i.column ?? 1 };
    const line = Math.min(Math.max(loc?.line ?? 1, 1), model.getLineCount());
    const start = Math.min(loc?.column ?? 1, model.getLineMaxColumn(line));
    const end = Math.max(model.getLineLastNonWhitespaceColumn(line), start + 1);
    return {
      severity: i.severity === 'error' ? m.MarkerSeverity.Error : m.MarkerSeverity.Warning,
      message: i.message, code: i.code, source: 'pipewright',
      startLineNumber: line, startColumn: start, endLineNumber: line, endColumn: end,
    };
  });
  m.editor.setModelMarkers(model, 'pipewright', markers);
}
