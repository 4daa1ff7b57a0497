/** Pipelines and the content-addressed history of their specs. */
import type Database from 'better-sqlite3';
import { NotFoundError } from './errors.js';
import { newId } from './ids.js';
import type { PipelineRow, SavePipelineInput } from './types.js';

interface RawPipeline {
  id: string;
  name: string;
  spec_hash: string;
  spec_yaml: string;
  file_path: string | null;
  created_at: number;
  updated_at: number;
}

const SELECT = `SELECT p.id, p.name, p.spec_hash, s.spec_yaml, p.file_path, p.created_at, p.updated_at
  FROM pipelines p JOIN pipeline_specs s ON s.spec_hash = p.spec_hash`;

export class PipelineRepo {
  private readonly insertSpec;
  private readonly upsert;
  private readonly byId;
  private readonly specByHash;

  constructor(private readonly db: Database.Database) {
    this.insertSpec = db.prepare('INSERT OR IGNORE INTO pipeline_specs (spec_hash, spec_yaml, created_at) VALUES (?, ?, ?)');
    this.upsert = db.prepare(`INSERT INTO pipelines (id, name, spec_hash, file_path, created_at, updated_at)
      VALUES (@id, @name, @specHash, @filePath, @now, @now)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec_hash = excluded.spec_hash,
        file_path = excluded.file_path, updated_at = excluded.updated_at`);
    this.byId = db.prepare<[string], RawPipeline>(`${SELECT} WHERE p.id = ?`);
    this.specByHash = db.prepare<[string], { spec_yaml: string }>('SELECT spec_yaml FROM pipeline_specs WHERE spec_hash = ?');
  }

  /**
   * Create the pipeline, or update its name, current spec and file path if `input.id` exists.
   * The spec is also kept by hash forever (the YAML first saved under a hash wins), so older runs can
   * still show what they ran.
   */
  save(input: SavePipelineInput, now: number = Date.now()): PipelineRow {
    const id = input.id ?? newId(now);
    this.db.transaction(() => {
      this.insertSpec.run(input.specHash, input.specYaml, now);
      this.upsert.run({ id, name: input.name, specHash: input.specHash, filePath: input.filePath ?? null, now });
    })();
    return this.get(id);
  }

  /** @throws NotFoundError */
  get(id: string): PipelineRow {
    const row = this.find(id);
    if (!row) throw new NotFoundError('Pipeline', id);
    return row;
  }

  /** The pipeline, or undefined. */
  find(id: string): PipelineRow | undefined {
    const raw = this.byId.get(id);
    return raw && toRow(raw);
  }

  /** Pipelines with this name (names are not unique: two files may declare the same one). */
  findByName(name: string): PipelineRow[] {
    return this.db.prepare<[string], RawPipeline>(`${SELECT} WHERE p.name = ? ORDER BY p.updated_at DESC`).all(name).map(toRow);
  }

  /** All pipelines, most recently updated first. */
  list(): PipelineRow[] {
    return this.db.prepare<[], RawPipeline>(`${SELECT} ORDER BY p.updated_at DESC, p.id DESC`).all().map(toRow);
  }

  /** The YAML of any spec version ever saved, by hash. */
  getSpec(specHash: string): string | undefined {
    return this.specByHash.get(specHash)?.spec_yaml;
  }
}

function toRow(r: RawPipeline): PipelineRow {
  return {
    id: r.id,
    name: r.name,
    specHash: r.spec_hash,
    specYaml: r.spec_yaml,
    filePath: r.file_path,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
