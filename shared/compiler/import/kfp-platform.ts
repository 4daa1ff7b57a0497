/**
 * The kfp-kubernetes PlatformSpec (the optional second document of a KFP IR file): secrets as env,
 * timeouts and shared memory map onto a node; every other Kubernetes setting is listed as not imported.
 */
import type { EnvValue, PipelineNode } from '../../spec/schema.js';
import { arr, obj, quoteList, str, type Json } from './common.js';

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Applies an executor's Kubernetes settings to the node made from it. */
export interface PlatformImport {
  apply(executorLabel: string, node: PipelineNode, where: string): void;
}

/** Reads the platform documents (everything after the PipelineSpec). */
export function importPlatform(docs: unknown[], notes: string[]): PlatformImport {
  const platforms = obj(obj(docs[0]).platforms);
  const others = Object.keys(platforms).filter((p) => p !== 'kubernetes');
  if (others.length) notes.push(`platform settings for ${quoteList(others)} were not imported.`);
  if (docs.length > 1) notes.push(`${docs.length - 1} YAML document(s) after the platform spec were not imported.`);
  const executors = obj(obj(obj(platforms.kubernetes).deploymentSpec).executors);
  return {
    apply(label, node, where) {
      const cfg = obj(executors[label]);
      const skipped: string[] = [];
      for (const [key, value] of Object.entries(cfg)) {
        if (key === 'secretAsEnv') secrets(arr(value), node, where, notes);
        else if (key === 'activeDeadlineSeconds' && Number(value) > 0) node.timeout = Number(value);
        else if (key === 'emptyDirMounts') arr(value).forEach((m) => emptyDir(obj(m), node, where, notes));
        else if (key === 'enabledSharedMemory' && QUANTITY.test(str(obj(value).size) ?? '')) shm(node, str(obj(value).size)!);
        else skipped.push(key);
      }
      if (skipped.length) notes.push(`${where}: Kubernetes settings ${quoteList(skipped)} were not imported.`);
    },
  };
}

function secrets(list: unknown[], node: PipelineNode, where: string, notes: string[]): void {
  for (const s of list.map(obj)) {
    const param = obj(s.secretNameParameter);
    const name = str(obj(param.runtimeValue).constant) ?? (Object.keys(param).length ? undefined : str(s.secretName));
    if (!name) {
      notes.push(`${where}: a secret whose name is chosen at run time (${JSON.stringify(param)}) was not imported.`);
      continue;
    }
    const env: Record<string, EnvValue> = { ...node.container?.env };
    // Only the secret's name and key come across; its value stays in the cluster.
    for (const k of arr(s.keyToEnv).map(obj)) {
      if (str(k.envVar) && str(k.secretKey)) env[str(k.envVar)!] = { secret: name, key: str(k.secretKey)! };
    }
    if (node.container) node.container.env = env;
    if (s.optional === true) notes.push(`${where}: secret '${name}' is optional in KFP; Pipewright requires it.`);
  }
}

function emptyDir(m: Json, node: PipelineNode, where: string, notes: string[]): void {
  const size = str(m.sizeLimit);
  if (m.mountPath === '/dev/shm' && m.medium === 'Memory' && size && QUANTITY.test(size)) shm(node, size);
  else notes.push(`${where}: emptyDir volume '${str(m.volumeName) ?? '?'}' at ${str(m.mountPath) ?? '?'} was not imported.`);
}

function shm(node: PipelineNode, size: string): void {
  node.resources = { ...node.resources, shm: size };
}
