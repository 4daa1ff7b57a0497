/** `pipewright validate`: every problem with file:line:column, node and field path; unreadable files refused by name. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, json, ROOT, tempDir } from './testing/cli-harness.js';

interface ValidateJson {
  files: { file: string; valid: boolean; issues: { severity: string; code: string; message: string; line?: number; column?: number; nodeId?: string; path: (string | number)[]; file?: string }[] }[];
}

const CYCLE = 'shared/spec/fixtures/invalid/cycle.yaml';
let tmp: ReturnType<typeof tempDir>;

beforeAll(() => {
  tmp = tempDir('pw-cli-validate-');
  // Line 7 opens a flow sequence that never closes.
  writeFileSync(join(tmp.dir, 'malformed.yaml'), 'apiVersion: pipewright.dev/v1\nkind: Pipeline\nmetadata:\n  name: x\nnodes:\n  - id: a\n    kind: [oops\n');
  // Valid YAML, but the second node has a typo in a field name (line 10) and the first has an unknown kind.
  writeFileSync(join(tmp.dir, 'fields.yaml'), [
    'apiVersion: pipewright.dev/v1', 'kind: Pipeline', 'metadata: {name: fields}', 'nodes:',
    '  - id: first', '    kind: wizard', '    container: {command: [echo]}',
    '  - id: second', '    kind: custom', '    contianer: {command: [echo]}', '',
  ].join('\n'));
  writeFileSync(join(tmp.dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: pipewright.dev/v1\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
  mkdirSync(join(tmp.dir, 'a-folder.yaml'));
  writeFileSync(join(tmp.dir, 'huge.yaml'), Buffer.alloc(25 * 1024 * 1024, 0x20));
});
afterAll(() => tmp.cleanup());

describe('pipewright validate', () => {
  it.each(EXAMPLES.map((e) => [e.name, e.file]))('the %s example is valid (exit 0)', async (name, file) => {
    const rel = relative(ROOT, file);
    const r = await cli(['validate', rel]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`^${rel.replace(/[.]/g, '\\.')}: valid \\(0 errors, \\d+ warnings?\\)$`, 'm'));
    expect(r.err).not.toMatch(/: error/);
  });

  it('the gpu-training warning is located and named but does not fail', async () => {
    const r = await cli(['validate', 'resources/examples/gpu-training.yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toContain("resources/examples/gpu-training.yaml:33:5: warning [node features]: Output 'holdout' (dataset) of node 'features' is never used");
    expect(r.err).toContain('(at nodes[1].uses)');
    expect(r.err).toContain('resources/examples/gpu-training.yaml: valid (0 errors, 1 warning)');
  });

  it('several files at once: one invalid makes it exit 1, and every file is reported', async () => {
    const r = await cli(['validate', 'resources/examples/churn.yaml', CYCLE, 'resources/examples/sweep.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('resources/examples/churn.yaml: valid (0 errors, 0 warnings)');
    expect(r.err).toContain(`${CYCLE}: invalid (2 errors, 0 warnings)`);
    expect(r.err).toContain('resources/examples/sweep.yaml: valid (0 errors, 0 warnings)');
    // Reported in the order given.
    const order = ['churn.yaml: valid', 'cycle.yaml: invalid', 'sweep.yaml: valid'].map((s) => r.err.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('two invalid files: the problems of both are listed with their own file names', async () => {
    const fields = join(tmp.dir, 'fields.yaml');
    const r = await cli(['validate', CYCLE, fields]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${CYCLE}:15:18: error [node a]:`);
    expect(r.err).toContain(`${CYCLE}: invalid (2 errors, 0 warnings)`);
    expect(r.err).toContain(`${fields}:10:5: error [node second]: Unknown field 'contianer'`);
    expect(r.err).toContain(`${fields}: invalid (3 errors, 0 warnings)`);
  });

  it('a cycle names its nodes in order, with the line:column and field path of the edge', async () => {
    const r = await cli(['validate', CYCLE]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${CYCLE}:15:18: error [node a]: These nodes wait for each other in a cycle, so none of them can run: a → b → c → a. (at nodes[1].inputs.x.from)`);
    expect(r.err).toContain(`${CYCLE}:30:18: error [node d]: These nodes wait for each other in a cycle, so none of them can run: d → e → d. (at nodes[4].inputs.x.from)`);
  });

  it('schema problems name the file, line:column, node and field path', async () => {
    const r = await cli(['validate', 'fields.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    const kind = lines.find((l) => l.includes('[node first]'));
    expect(kind).toMatch(/^fields\.yaml:6:5: error \[node first\]: nodes\[0\]\.kind must be one of data, .*, not 'wizard'.*\(at nodes\[0\]\.kind\)$/);
    const typo = lines.find((l) => l.includes('[node second]') && l.includes('contianer'));
    expect(typo).toBe("fields.yaml:10:5: error [node second]: Unknown field 'contianer' in node 'second' — did you mean 'container'? (at nodes[1].contianer)");
    expect(r.err).toContain("fields.yaml:8:5: error [node second]: Node 'second' has nothing to run");
    expect(r.err).toContain('fields.yaml: invalid (3 errors, 0 warnings)');
  });

  it('a malformed YAML file: a syntax error with its line:column, exit 1', async () => {
    const r = await cli(['validate', 'malformed.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^malformed\.yaml:(7|8):\d+: error: YAML syntax error: .*flow sequence/im);
    expect(r.err).toContain('malformed.yaml: invalid (1 error, 0 warnings)');
  });

  it('a missing file is reported by name, exit 1', async () => {
    const r = await cli(['validate', 'no-such-file.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`no-such-file.yaml: error: ${join(tmp.dir, 'no-such-file.yaml')} does not exist`);
    expect(r.err).toContain('no-such-file.yaml: invalid (1 error, 0 warnings)');
  });

  it('a folder is refused as a folder, exit 1', async () => {
    const r = await cli(['validate', 'a-folder.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`a-folder.yaml: error: ${join(tmp.dir, 'a-folder.yaml')} is a folder, not a file`);
  });

  it('a 25 MB file is refused before it is read, with its size and the limit', async () => {
    const r = await cli(['validate', 'huge.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`huge.yaml: error: ${join(tmp.dir, 'huge.yaml')} is 25.0 MB; files over 20.0 MB are refused`);
  });

  it('a file that is not UTF-8 is refused as such', async () => {
    const r = await cli(['validate', 'latin1.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`latin1.yaml: error: ${join(tmp.dir, 'latin1.yaml')} is not UTF-8 text`);
  });

  it('--json prints {files: [{file, valid, issues}]} on stdout only, in the order given', async () => {
    const r = await cli(['validate', '--json', 'resources/examples/churn.yaml', CYCLE, join(tmp.dir, 'huge.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const j = json<ValidateJson>(r.out);
    expect(Object.keys(j)).toEqual(['files']);
    expect(j.files.map((f) => [f.file, f.valid])).toEqual([
      ['resources/examples/churn.yaml', true], [CYCLE, false], [join(tmp.dir, 'huge.yaml'), false],
    ]);
    for (const f of j.files) expect(Object.keys(f).sort()).toEqual(['file', 'issues', 'valid']);
    expect(j.files[0]!.issues).toEqual([]);
    const cycle = j.files[1]!.issues;
    expect(cycle).toHaveLength(2);
    expect(cycle[0]).toMatchObject({ severity: 'error', code: 'cycle', line: 15, column: 18, nodeId: 'a', path: ['nodes', 1, 'inputs', 'x', 'from'], file: CYCLE });
    expect(cycle[0]!.message).toContain('a → b → c → a');
    expect(j.files[2]!.issues[0]).toMatchObject({ severity: 'error', code: 'too-large' });
  });

  it('--json of a valid file with a warning: valid true, the warning listed', async () => {
    const r = await cli(['validate', 'resources/examples/gpu-training.yaml', '--json']);
    expect(r.code).toBe(0);
    const j = json<ValidateJson>(r.out);
    expect(j.files[0]).toMatchObject({ file: 'resources/examples/gpu-training.yaml', valid: true });
    expect(j.files[0]!.issues).toEqual([expect.objectContaining({ severity: 'warning', line: 33, column: 5, nodeId: 'features' })]);
  });
});
