/** What every exporter shares: the result shape, Kubernetes naming, resources, artifact paths, YAML output. */
import { DNS1123_LABEL_MAX } from '../../spec/names.js';
import { emitYaml } from '../../yaml/emit.js';
import type { Resources } from '../../spec/schema.js';
import type { Plan } from '../plan.js';

export type ExportTarget = 'argo' | 'kfp' | 'k8s';

export interface ExportResult {
  /**
   * The exported objects, as plain data. Built on first read: the exporters write `yaml` straight from
   * the plan, and building the objects of a 10,000-node pipeline costs about as much again.
   */
  objects: unknown[];
  /** How many objects (YAML documents) there are: `objects.length` without building them. */
  documents: number;
  /** The YAML text to write (several documents separated by `---` where the target needs them). */
  yaml: string;
  /** What the target cannot express, said plainly; never silently dropped. */
  warnings: string[];
}

export type Exporter = (plan: Plan) => ExportResult;

/** Where a container sees its inputs and writes its outputs, in every exported target. */
export const ARTIFACT_ROOT = '/pipewright';
export const inputArtifactPath = (name: string) => `${ARTIFACT_ROOT}/inputs/${name}`;
export const outputPath = (name: string) => `${ARTIFACT_ROOT}/outputs/${name}`;

/** FNV-1a, 32 bit, as 8 hex digits: a short stable suffix for names that had to be shortened. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A DNS-1123 label from parts, shortened with a hash suffix (never silently colliding) when too long. */
export function k8sName(...parts: string[]): string {
  const joined = parts.join('-').toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  if (joined.length <= DNS1123_LABEL_MAX) return joined;
  const suffix = shortHash(joined);
  return `${joined.slice(0, DNS1123_LABEL_MAX - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

/**
 * Container resources. Values are strings: the published Argo schema types quantities as strings while
 * engines also accept numbers, and quoting satisfies both. GPUs go to limits as nvidia.com/gpu.
 */
export function k8sResources(r: Resources): { requests?: Record<string, string>; limits?: Record<string, string> } | undefined {
  const hasRequests = r.cpu !== undefined || r.memory !== undefined;
  if (!hasRequests && !r.gpu) return undefined;
  const limits: Record<string, string> = {};
  if (r.cpu !== undefined) limits.cpu = String(r.cpu);
  if (r.memory !== undefined) limits.memory = r.memory;
  if (r.gpu) limits['nvidia.com/gpu'] = String(r.gpu);
  if (!hasRequests) return { limits };
  const requests: Record<string, string> = {};
  if (r.cpu !== undefined) requests.cpu = String(r.cpu);
  if (r.memory !== undefined) requests.memory = r.memory;
  return { requests, limits };
}

/** Stable YAML for exported files: block style, one line per command argument, no anchors; fast at 10k nodes. */
export function toYaml(docs: unknown[]): string {
  return docs.map((d) => emitYaml(d)).join('---\n');
}
