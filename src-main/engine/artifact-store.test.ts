import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactEscapeError, ArtifactStore, hashPath } from './artifact-store.js';

const fresh = () => new ArtifactStore(mkdtempSync(join(tmpdir(), 'pw-artifacts-')));

describe('ArtifactStore', () => {
  it('stores a file under its sha256 and deduplicates equal content', async () => {
    const store = fresh();
    const a = join(await store.scratch('r1', 'n', 'out'), 'x');
    writeFileSync(a, 'hello');
    const stored = await store.ingest(a);
    expect(stored.digest).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(readFileSync(store.pathOf(stored.digest), 'utf8')).toBe('hello');
    expect(existsSync(a)).toBe(false);
    const b = join(await store.scratch('r2', 'n', 'out'), 'y');
    writeFileSync(b, 'hello');
    expect((await store.ingest(b)).path).toBe(stored.path);
    expect(existsSync(b)).toBe(false);
  });

  it('hashes folders by content and names, not by where they are', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-tree-'));
    for (const d of ['one', 'two']) {
      mkdirSync(join(root, d, 'sub'), { recursive: true });
      writeFileSync(join(root, d, 'sub', 'f.txt'), 'data');
      writeFileSync(join(root, d, 'g.txt'), 'more');
    }
    expect((await hashPath(join(root, 'one'))).digest).toBe((await hashPath(join(root, 'two'))).digest);
    writeFileSync(join(root, 'two', 'g.txt'), 'changed');
    expect((await hashPath(join(root, 'one'))).digest).not.toBe((await hashPath(join(root, 'two'))).digest);
  });

  it('refuses links inside outputs and non-digest lookups', async () => {
    const store = fresh();
    const dir = join(await store.scratch('r', 'n', 'out'), 'model');
    mkdirSync(dir);
    symlinkSync('/etc/passwd', join(dir, 'leak'));
    await expect(store.ingest(dir)).rejects.toBeInstanceOf(ArtifactEscapeError);
    expect(() => store.pathOf('../../etc/passwd')).toThrow(ArtifactEscapeError);
    await expect(store.scratch('..', 'x')).rejects.toBeInstanceOf(ArtifactEscapeError);
  });
});
