/**
 * Writes the published JSON Schemas, generated from the zod schemas in shared/spec/schema.ts:
 *   resources/schema/pipeline.schema.json and resources/schema/component.schema.json
 * Run after changing schema.ts: npx tsx scripts/gen-schema.ts (a test fails while they are stale).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentJsonSchema, pipelineJsonSchema, schemaFileText } from '../shared/spec/json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'resources', 'schema');
mkdirSync(out, { recursive: true });
for (const [name, schema] of [['pipeline', pipelineJsonSchema()], ['component', componentJsonSchema()]] as const) {
  const file = join(out, `${name}.schema.json`);
  writeFileSync(file, schemaFileText(schema));
  console.log(`wrote ${file}`);
}
