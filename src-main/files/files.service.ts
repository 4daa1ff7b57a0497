/**
 * Pipeline files for the UI: open, save (atomic, with a guard against overwriting newer changes on disk),
 * the workspace listing, recent files and the autosave recovery copy. Reads are limited to the workspace
 * and the shipped examples, writes to the workspace, so the UI's API cannot touch the rest of the disk.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/contract/api.js';
import { readTextFile } from '../spec/spec-file.js';

const RECENT_MAX = 10;

export class FilesService {
  /** Files the user picked in a native dialog (desktop app): allowed beyond the workspace. */
  private readonly picked = new Set<string>();

  constructor(
    readonly workspace: string,
    private readonly dataDir: string,
    private readonly readOnlyRoots: string[],
  ) {
    mkdirSync(workspace, { recursive: true });
  }

  /** Lets the UI open or save `path`, which the user chose in a native file dialog. */
  allow(path: string): void {
    this.picked.add(resolve(path));
  }

  /** Absolute path of `p` (relative to the workspace), refused when outside every allowed root. */
  resolvePath(p: string, forWrite: boolean): string {
    const abs = isAbsolute(p) ? resolve(p) : resolve(this.workspace, p);
    if (this.picked.has(abs)) return abs;
    const roots = forWrite ? [this.workspace] : [this.workspace, ...this.readOnlyRoots];
    if (!roots.some((r) => isInside(r, abs))) {
      throw new ApiError('bad-input', forWrite
        ? `${abs} is outside the workspace (${this.workspace}); save pipelines inside it`
        : `${abs} is outside the workspace and the examples`);
    }
    return abs;
  }

  async open(p: string): Promise<{ path: string; text: string; modifiedAt: number }> {
    const path = this.resolvePath(p, false);
    const { text, issues } = await readTextFile(path);
    if (text === undefined) throw new ApiError('not-found', issues[0]?.message ?? `cannot read ${path}`);
    await this.touchRecent(path);
    return { path, text, modifiedAt: (await stat(path)).mtimeMs };
  }

  async save(p: string, text: string, expectModifiedAt?: number): Promise<{ path: string; modifiedAt: number }> {
    const path = this.resolvePath(p, true);
    if (expectModifiedAt !== undefined) {
      const current = await stat(path).then((s) => s.mtimeMs, () => undefined);
      if (current !== undefined && Math.abs(current - expectModifiedAt) > 1) {
        throw new ApiError('conflict', `${path} changed on disk since it was opened; reload it or save under another name`);
      }
    }
    // "Save as pipelines/churn.yaml" in a workspace without that folder yet creates it (inside the workspace).
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.pipewright-${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, path);
    await this.touchRecent(path);
    return { path, modifiedAt: (await stat(path)).mtimeMs };
  }

  list(): { workspace: string; files: { path: string; modifiedAt: number }[] } {
    const files: { path: string; modifiedAt: number }[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 3) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full, depth + 1);
        else if (/\.ya?ml$/.test(e.name)) files.push({ path: full, modifiedAt: statSync(full).mtimeMs });
      }
    };
    walk(this.workspace, 0);
    return { workspace: this.workspace, files: files.sort((a, b) => a.path.localeCompare(b.path)) };
  }

  async recent(): Promise<string[]> {
    try { return JSON.parse(await readFile(join(this.dataDir, 'recent.json'), 'utf8')) as string[]; } catch { return []; }
  }

  private async touchRecent(path: string): Promise<void> {
    const list = [path, ...(await this.recent()).filter((p) => p !== path)].slice(0, RECENT_MAX);
    await writeFile(join(this.dataDir, 'recent.json'), JSON.stringify(list));
  }

  async autosave(text: string, path?: string): Promise<{ savedAt: number }> {
    const savedAt = Date.now();
    const file = join(this.dataDir, 'recovery.json');
    await writeFile(`${file}.tmp`, JSON.stringify({ text, savedAt, ...(path ? { path } : {}) }));
    await rename(`${file}.tmp`, file);
    return { savedAt };
  }

  async recovery(): Promise<{ path?: string; text: string; savedAt: number } | null> {
    try { return JSON.parse(await readFile(join(this.dataDir, 'recovery.json'), 'utf8')); } catch { return null; }
  }

  async discardRecovery(): Promise<void> {
    await rm(join(this.dataDir, 'recovery.json'), { force: true });
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
