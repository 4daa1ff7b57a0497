/**
 * JSON Schemas for pipeline specs and components, generated from the zod schemas in `schema.ts` so they
 * can never drift from what the app accepts. They are shipped as `resources/schema/*.schema.json` (for
 * editors: a `# yaml-language-server: $schema=` comment gives completion in VS Code), fed to the
 * Monaco editor, and compiled by `schema-check.ts` into the validator's fast structural check.
 */
import { z } from 'zod';
import { Component, Pipeline } from './schema.js';

/** A JSON Schema document (draft 2020-12), as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** `$id` of the pipeline schema (a stable name, not necessarily a reachable URL). */
export const PIPELINE_SCHEMA_ID = 'https://pipewright.dev/schema/v1/pipeline.schema.json';
/** `$id` of the component schema. */
export const COMPONENT_SCHEMA_ID = 'https://pipewright.dev/schema/v1/component.schema.json';

let pipeline: JsonSchema | undefined;
let component: JsonSchema | undefined;

/**
 * The JSON Schema of a pipeline spec (what a file may contain, so zod's input side). Built once and
 * shared: treat it as read-only.
 */
export function pipelineJsonSchema(): JsonSchema {
  pipeline ??= generate(Pipeline, PIPELINE_SCHEMA_ID, 'Pipewright pipeline');
  return pipeline;
}

/** The JSON Schema of a component file (`kind: Component`). Built once and shared: treat it as read-only. */
export function componentJsonSchema(): JsonSchema {
  component ??= generate(Component, COMPONENT_SCHEMA_ID, 'Pipewright component');
  return component;
}

/** A schema as the text of its shipped file: two-space indented JSON with a final newline. */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function generate(schema: z.ZodType, id: string, title: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  return nameDefinitions({ $schema, $id: id, title, ...rest });
}

/**
 * zod names shared definitions `__schema0`, `__schema1`...; the only one the spec has is the recursive
 * JSON value (`z.json()`), which deserves a readable name in a published schema.
 */
function nameDefinitions(schema: JsonSchema): JsonSchema {
  const defs = schema.$defs as Record<string, JsonSchema> | undefined;
  if (!defs) return schema;
  let text = JSON.stringify(schema);
  for (const [name, def] of Object.entries(defs)) {
    if (!name.startsWith('__schema') || !isJsonValue(def, name)) continue;
    text = text.replaceAll(`"#/$defs/${name}"`, '"#/$defs/JsonValue"').replace(`"${name}":`, '"JsonValue":');
  }
  return JSON.parse(text) as JsonSchema;
}

function isJsonValue(def: JsonSchema, name: string): boolean {
  const types = (def.anyOf as JsonSchema[] | undefined)?.map((b) => b.type);
  return JSON.stringify(types) === JSON.stringify(['string', 'number', 'boolean', 'null', 'array', 'object'])
    && JSON.stringify(def).split(`#/$defs/${name}`).length === 3;
}
