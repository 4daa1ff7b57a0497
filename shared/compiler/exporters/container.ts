/**
 * Container pieces the Argo and Kubernetes Jobs exporters build the same way: the image fallback, env
 * (secrets only as references), the /dev/shm volume and escaping for Kubernetes `$(VAR)` expansion.
 */
import type { EnvValue } from '../../spec/schema.js';
import type { PlanNode } from '../plan.js';

/**
 * Image for a node that names none (inline nodes may leave it out for the local process executor).
 * It is the image the built-in components run in: Python 3 with the `pipewright_components` package.
 */
export const DEFAULT_IMAGE = 'pipewright/runtime:1';

/** Labels every exported object and pod carries, so `kubectl get -l` finds a pipeline's pieces. */
export const LABEL_PIPELINE = 'pipewright.dev/pipeline';
export const LABEL_NODE = 'pipewright.dev/node';

/** Volume name of the memory-backed /dev/shm. */
export const SHM_VOLUME = 'dshm';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fileKeyRef?: { volumeName: string; path: string; key: string };
  };
}
export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  persistentVolumeClaim?: { claimName: string };
}
export interface VolumeMount { name: string; mountPath: string; subPath?: string; readOnly?: boolean }

/** The node's image, or DEFAULT_IMAGE with a warning: a pod cannot run without one. */
export function imageOf(node: PlanNode, warnings: string[]): string {
  if (node.image) return node.image;
  warnings.push(`Node '${node.id}' names no image, so it runs in ${DEFAULT_IMAGE}; set one if the node needs more than that.`);
  return DEFAULT_IMAGE;
}

/**
 * Kubernetes expands `$(VAR)` in command, args and env values, and turns `$$` into `$`. Doubling every
 * `$` makes literal text come through unchanged (`$(HOME)` -> `$$(HOME)` -> `$(HOME)`; `$$` stays `$$`).
 */
export function escapeK8sExpansion(s: string): string {
  return s.includes('$') ? s.replaceAll('$', '$$$$') : s;
}

/**
 * Container env: literals as (escaped) values, secrets only as `secretKeyRef`. A secret's value never
 * reaches an exported file; the cluster must hold a Secret with that name and key.
 */
export function envVars(env: Record<string, EnvValue>): EnvVar[] {
  return Object.entries(env).map(([name, v]) =>
    typeof v === 'string'
      ? { name, value: escapeK8sExpansion(v) }
      : { name, valueFrom: { secretKeyRef: { name: v.secret, key: v.key } } });
}

/** Secret names that are not valid Kubernetes object names, which the cluster would reject. */
export function secretNameWarnings(node: PlanNode): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(node.env)) {
    if (typeof v !== 'string' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v.secret)) {
      out.push(`Node '${node.id}': env ${name} reads secret '${v.secret}', which is not a valid Kubernetes Secret name; the cluster will reject it.`);
    }
  }
  return out;
}

/**
 * A memory-backed emptyDir mounted at /dev/shm: container runtimes give 64Mi by default, too little for
 * PyTorch data loaders. sizeLimit caps it (the memory counts against the container's memory limit).
 */
export function shmVolume(node: PlanNode): { volume: Volume; mount: VolumeMount } | undefined {
  if (!node.resources.shm) return undefined;
  return {
    volume: { name: SHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: node.resources.shm } },
    mount: { name: SHM_VOLUME, mountPath: '/dev/shm' },
  };
}

/**
 * Whole seconds for a deadline, or undefined for none. Engines take integers and rounding up never cuts a
 * run short; 0 means no timeout, as for the local process executor.
 */
export function deadlineSeconds(seconds: number | undefined): number | undefined {
  return seconds ? Math.ceil(seconds) : undefined;
}

/** One warning for the whole export: neither target has Pipewright's content-addressed cache. */
export function cacheWarning(nodes: PlanNode[], target: string): string[] {
  const cached = nodes.filter((n) => n.cache).map((n) => n.id);
  return cached.length
    ? [`${target} has no step cache like Pipewright's, so ${cached.join(', ')} run every time (cache: true is not exported).`]
    : [];
}

/**
 * Inputs that name a folder on the designer's machine (`format: dir`, e.g. a model registry) mean nothing
 * on a cluster: the path is exported as written, and the cluster must provide it (a mounted volume).
 */
export function hostFolderWarnings(nodes: PlanNode[], target: string): string[] {
  return nodes.flatMap((n) => n.inputs
    .filter((i) => i.format === 'dir' && i.source.kind === 'value')
    .map((i) => `node '${n.id}' input '${i.name}' is a folder on this machine (${String((i.source as { value: unknown }).value)}); ${target} gets the path as written, so mount a volume there (e.g. a PVC) for the node to use`));
}
