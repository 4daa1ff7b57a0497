import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesService } from './files.service.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-files-'));
// The back end creates its data folder before the files service is made.
mkdirSync(join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FilesService.save', () => {
  const files = new FilesService(join(dir, 'ws'), join(dir, 'data'), []);

  it('creates a sub-folder of the workspace that does not exist yet', async () => {
    const saved = await files.save('pipelines/new/built.yaml', 'a: 1\n');
    expect(saved.path).toBe(join(dir, 'ws', 'pipelines', 'new', 'built.yaml'));
    expect(readFileSync(saved.path, 'utf8')).toBe('a: 1\n');
  });

  it('still refuses a path outside the workspace, and creates nothing there', async () => {
    await expect(files.save('../outside/x.yaml', 'a: 1\n')).rejects.toThrow(/outside the workspace/);
    expect(() => readFileSync(join(dir, 'outside', 'x.yaml'))).toThrow();
  });
});
