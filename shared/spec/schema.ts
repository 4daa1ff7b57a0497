/**
 * The pipeline spec v1 and the component format, declared once with zod.
 * TypeScript types are inferred from these schemas and the published JSON Schema is generated from
 * them (`pipewright schema`), so the three can never disagree.
 */
import { z } from 'zod';
import { COMPONENT_REF, IDENTIFIER, SEMVER } from './names.js';
import { DURATION_PATTERN, QUANTITY_PATTERN } from './units.js';

export const API_VERSION = 'pipewright.dev/v1';

export const NODE_KINDS = ['data', 'validate', 'feature', 'train', 'evaluate', 'deploy', 'monitor', 'custom'] as const;
export const ARTIFACT_TYPES = ['dataset', 'model', 'metrics', 'file'] as const;
export const PARAMETER_TYPES = ['string', 'number', 'integer', 'boolean', 'json'] as const;
export const PORT_TYPES = [...ARTIFACT_TYPES, ...PARAMETER_TYPES] as const;

export const NodeKind = z.enum(NODE_KINDS).describe('What the node does; picks its icon and palette category.');
export const ArtifactType = z.enum(ARTIFACT_TYPES);
export const ParameterType = z.enum(PARAMETER_TYPES);
export const PortType = z.enum(PORT_TYPES).describe('dataset, model, metrics and file are artifacts (files); the rest are parameters (values).');

export type NodeKind = z.infer<typeof NodeKind>;
export type ArtifactType = z.infer<typeof ArtifactType>;
export type ParameterType = z.infer<typeof ParameterType>;
export type PortType = z.infer<typeof PortType>;

export function isArtifactType(t: PortType): t is ArtifactType {
  return (ARTIFACT_TYPES as readonly string[]).includes(t);
}

const Identifier = z.string().regex(IDENTIFIER, 'must start with a letter or _ and hold only letters, digits and _');
const Duration = z.union([z.number().nonnegative(), z.string().regex(new RegExp(DURATION_PATTERN)).min(2)])
  .describe('Seconds, or a duration such as "90s", "30m", "1h30m".');
const Quantity = z.string().regex(new RegExp(QUANTITY_PATTERN));
const Json: z.ZodType<unknown> = z.json();

/** Constraints a form can be generated from; shared by pipeline params and component inputs. */
const ValueConstraints = {
  description: z.string().optional(),
  default: Json.optional(),
  enum: z.array(Json).min(1).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  pattern: z.string().optional(),
};

// ---------------------------------------------------------------- pipeline

export const PipelineParam = z.strictObject({
  type: ParameterType,
  ...ValueConstraints,
}).describe('A pipeline parameter that nodes read with `{param: NAME}` and runs may override.');
export type PipelineParam = z.infer<typeof PipelineParam>;

export const FromRef = z.strictObject({
  from: z.string().describe('`node.output`: the output of another node.'),
});
export const ParamRef = z.strictObject({
  param: z.string().describe('The name of a pipeline parameter.'),
});
export const LiteralValue = z.strictObject({
  value: Json.describe('A literal value (use this form for lists and objects).'),
});
export const InputValue = z.union([FromRef, ParamRef, LiteralValue, z.string(), z.number(), z.boolean()])
  .describe('Wired from another node (`{from: node.output}`), a pipeline param (`{param: name}`), or a literal.');
export type FromRef = z.infer<typeof FromRef>;
export type ParamRef = z.infer<typeof ParamRef>;
export type InputValue = z.infer<typeof InputValue>;

export const SecretRef = z.strictObject({
  secret: z.string().describe('Name of the secret (a Kubernetes Secret when exported; a local keychain entry on the desktop).'),
  key: z.string(),
});
export const EnvValue = z.union([z.string(), SecretRef]);
export type EnvValue = z.infer<typeof EnvValue>;
export type SecretRef = z.infer<typeof SecretRef>;

export const InlineContainer = z.strictObject({
  image: z.string().min(1).optional().describe('Container image; optional for the local process executor.'),
  command: z.array(z.string()).min(1).optional()
    .describe('Program and its first arguments, never run through a shell. Required unless the node uses a component (then `image` alone overrides its image).'),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), EnvValue).optional(),
  workingDir: z.string().optional(),
}).describe('An inline process/container definition. Strings may hold {{inputs.NAME}} and {{outputs.NAME}}.');
export type InlineContainer = z.infer<typeof InlineContainer>;

export const OutputDecl = z.strictObject({
  type: PortType,
  description: z.string().optional(),
});
export type OutputDecl = z.infer<typeof OutputDecl>;

export const Resources = z.strictObject({
  cpu: z.union([z.number().positive(), Quantity]).optional().describe('Cores: 2, "500m".'),
  memory: Quantity.optional().describe('Bytes: "4Gi", "512Mi".'),
  gpu: z.number().int().nonnegative().optional().describe('NVIDIA GPUs.'),
  shm: Quantity.optional().describe('Size of /dev/shm, e.g. "2Gi" (PyTorch data loaders need more than the 64Mi default).'),
});
export type Resources = z.infer<typeof Resources>;

export const Retries = z.strictObject({
  count: z.number().int().min(0).max(20),
  backoff: z.strictObject({
    initial: Duration.optional().describe('Wait before the first retry (default 1s).'),
    factor: z.number().min(1).optional().describe('Multiplier per retry (default 2).'),
    max: Duration.optional().describe('Longest wait (default 5m).'),
  }).optional(),
});
export type Retries = z.infer<typeof Retries>;

export const PipelineNode = z.strictObject({
  id: z.string().min(1).describe('Unique within the pipeline; a Kubernetes name (lowercase letters, digits, -).'),
  kind: NodeKind,
  name: z.string().optional().describe('Display name on the canvas.'),
  description: z.string().optional(),
  uses: z.string().regex(COMPONENT_REF, 'must be <component-id>@<version>, e.g. train-sklearn@1.0.0').optional()
    .describe('A component from the library: <id>@<version>.'),
  container: InlineContainer.optional(),
  inputs: z.record(z.string(), InputValue).optional(),
  outputs: z.record(z.string(), OutputDecl).optional().describe('Outputs of an inline node (components declare their own).'),
  env: z.record(z.string(), EnvValue).optional(),
  resources: Resources.optional(),
  retries: z.union([z.number().int().min(0).max(20), Retries]).optional(),
  timeout: Duration.optional(),
  cache: z.boolean().optional().describe('Reuse outputs of an identical earlier execution (default true).'),
});
export type PipelineNode = z.infer<typeof PipelineNode>;

export const Layout = z.strictObject({
  nodes: z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() })).optional(),
  viewport: z.strictObject({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
}).describe('Canvas positions only; kept apart so the semantic part of the spec diffs cleanly.');
export type Layout = z.infer<typeof Layout>;

export const Metadata = z.strictObject({
  name: z.string().describe('A DNS-1123 label: lowercase letters, digits and -, at most 63 characters.'),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const Pipeline = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Pipeline'),
  metadata: Metadata,
  params: z.record(z.string(), PipelineParam).optional(),
  nodes: z.array(PipelineNode),
  layout: Layout.optional(),
}).describe('A Pipewright pipeline (pipewright.dev/v1).');
export type Pipeline = z.infer<typeof Pipeline>;

// ---------------------------------------------------------------- component library

export const ComponentInput = z.strictObject({
  name: Identifier,
  type: PortType,
  label: z.string().optional(),
  optional: z.boolean().optional().describe('May be left unset (a default also makes an input optional).'),
  format: z.enum(['python', 'multiline', 'path', 'dir', 'column', 'columns']).optional()
    .describe('Editor hint for the form. `path`: a host file the node reads (checksummed); `dir`: a host folder the node may write (created if missing).'),
  ...ValueConstraints,
});
export type ComponentInput = z.infer<typeof ComponentInput>;

/** What an output artifact holds, when the app treats it specially. */
export const OUTPUT_FORMATS = ['drift-report'] as const;

export const ComponentOutput = z.strictObject({
  name: Identifier,
  type: PortType,
  description: z.string().optional(),
  format: z.enum(OUTPUT_FORMATS).optional()
    .describe('`drift-report`: a Pipewright drift report (JSON); the run links it and the drift history keeps it.'),
});
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type ComponentOutput = z.infer<typeof ComponentOutput>;

export const Component = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Component'),
  metadata: z.strictObject({
    id: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    version: z.string().regex(SEMVER),
    name: z.string(),
    category: NodeKind,
    description: z.string().optional(),
  }),
  inputs: z.array(ComponentInput).default([]),
  outputs: z.array(ComponentOutput).default([]),
  implementation: z.strictObject({
    container: z.strictObject({
      image: z.string().min(1),
      command: z.array(z.string()).min(1),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
    }),
  }),
}).describe('A reusable pipeline step (pipewright.dev/v1 Component).');
export type Component = z.infer<typeof Component>;

/** The library the validator and compiler resolve `uses:` against: id -> version -> component. */
export interface ComponentLibrary {
  get(id: string, version: string): Component | undefined;
  versions(id: string): string[];
  all(): Component[];
}

export function libraryOf(components: Component[]): ComponentLibrary {
  const byId = new Map<string, Map<string, Component>>();
  for (const c of components) {
    const versions = byId.get(c.metadata.id) ?? new Map<string, Component>();
    versions.set(c.metadata.version, c);
    byId.set(c.metadata.id, versions);
  }
  return {
    get: (id, version) => byId.get(id)?.get(version),
    versions: (id) => [...(byId.get(id)?.keys() ?? [])],
    all: () => components,
  };
}
