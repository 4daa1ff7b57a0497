import { describe, expect, it } from 'vitest';
import { COMPONENT_SCHEMA_ID, componentJsonSchema, PIPELINE_SCHEMA_ID, pipelineJsonSchema, schemaFileText } from './json-schema.js';

describe('JSON Schemas', () => {
  it('carry an id, a title and the draft', () => {
    expect(pipelineJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema', $id: PIPELINE_SCHEMA_ID, title: 'Pipewright pipeline', type: 'object',
    });
    expect(componentJsonSchema()).toMatchObject({ $id: COMPONENT_SCHEMA_ID, title: 'Pipewright component' });
    expect(Object.keys(pipelineJsonSchema()).slice(0, 3)).toEqual(['$schema', '$id', 'title']);
  });

  it('describe the file as written (zod input side): component inputs and outputs may be left out', () => {
    expect(componentJsonSchema().required).toEqual(['apiVersion', 'kind', 'metadata', 'implementation']);
  });

  it('give the recursive JSON value a readable name', () => {
    for (const schema of [pipelineJsonSchema(), componentJsonSchema()]) {
      const text = schemaFileText(schema);
      expect(text).not.toContain('__schema');
      expect(Object.keys(schema.$defs as object)).toEqual(['JsonValue']);
    }
  });
});
