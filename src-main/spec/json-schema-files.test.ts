/**
 * The shipped JSON Schemas (resources/schema) are current, and standard tooling (ajv) accepts the
 * shipped examples and components with them, as the app does. Lives in src-main because it reads files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasErrors } from '../../shared/spec/issues.js';
import { componentJsonSchema, pipelineJsonSchema, schemaFileText } from '../../shared/spec/json-schema.js';
import { validateSpec } from '../../shared/spec/validate.js';
import { loadLibrary } from '../library/library.js';

const resources = join(import.meta.dirname, '../../resources');
const yamlFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []);

describe('resources/schema', () => {
  for (const [name, schema] of [['pipeline', pipelineJsonSchema()], ['component', componentJsonSchema()]] as const) {
    it(`${name}.schema.json is up to date (else run: npx tsx scripts/gen-schema.ts)`, () => {
      expect(readFileSync(join(resources, 'schema', `${name}.schema.json`), 'utf8')).toBe(schemaFileText(schema));
    });
  }

  it('accept the shipped examples and components (checked with ajv)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const checks = [
      { validate: ajv.compile(JSON.parse(readFileSync(join(resources, 'schema', 'pipeline.schema.json'), 'utf8'))), dir: 'examples' },
      { validate: ajv.compile(JSON.parse(readFileSync(join(resources, 'schema', 'component.schema.json'), 'utf8'))), dir: 'components' },
    ];
    for (const { validate, dir } of checks) {
      const files = yamlFiles(join(resources, dir));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(validate(parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('resources/examples', () => {
  it('validate without errors against the shipped component library', async () => {
    const { library } = await loadLibrary(join(resources, 'components'));
    for (const file of yamlFiles(join(resources, 'examples'))) {
      const { issues } = validateSpec(readFileSync(file, 'utf8'), { library, file });
      expect(hasErrors(issues), JSON.stringify(issues, null, 1)).toBe(false);
    }
  });
});
