/**
 * What the docker executor asks Docker for: a node's create options (argv, mounts, env, limits, labels),
 * kept apart from the run flow so each rule can be read on its own. Pure apart from checking that input
 * paths exist on the host.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type Docker from 'dockerode';
import { ARTIFACT_ROOT, inputArtifactPath, outputPath } from '../../shared/compiler/exporters/common.js';
import type { PlanNode } from '../../shared/compiler/plan.js';
import { renderCommand, staticParameterValue } from '../../shared/compiler/render.js';
import { parseQuantity } from '../../shared/spec/units.js';
import { contractEnv, type ExecRequest } from './executor.js';

/** In-container folders; inputs and outputs use the exporters' paths so a node sees the same everywhere. */
export const CONTAINER_OUTPUT_DIR = `${ARTIFACT_ROOT}/outputs`;
export const CONTAINER_WORK_DIR = `${ARTIFACT_ROOT}/work`;
const CONTAINER_METRICS_DIR = `${ARTIFACT_ROOT}/metrics`;

/** Docker refuses memory limits under 6 MiB; say so in our words rather than its. */
const MIN_MEMORY = 6 * 2 ** 20;

/** How the executor was configured, as far as a container's options depend on it. */
export interface ContainerSettings {
  /** The node's image, or the executor's default for a node that names none. */
  image: string;
  networkMode: string;
  labelPrefix: string;
  /** `uid:gid` to run as; undefined keeps the image's USER. */
  user?: string;
  /** Run docker-init as PID 1: it forwards SIGTERM to the program and reaps its children. */
  init: boolean;
  /** Written as `<prefix>.instance` when set, so clean-up touches only this app's containers. */
  instance?: string;
}

/** A node that cannot be turned into a container (bad resources, missing input); the message names it. */
export class ContainerSpecError extends Error {}

/** Label keys every container gets; `recover` finds leftovers by them. */
export function labelKeys(prefix: string) {
  return { run: `${prefix}.run`, node: `${prefix}.node`, attempt: `${prefix}.attempt`, instance: `${prefix}.instance` };
}

/** A GPU request for Docker's NVIDIA device driver: a count, or 'all' (Count -1). */
export function gpuRequest(gpu: number | 'all'): Docker.DeviceRequest {
  return { Driver: 'nvidia', Count: gpu === 'all' ? -1 : gpu, Capabilities: [['gpu']] };
}

/** Host folder mounted into the container. */
interface BindMount { host: string; target: string; readOnly: boolean }

/**
 * The create options of one node's container. Argv goes to Docker as an array (Entrypoint = program,
 * Cmd = arguments), so no shell ever sees it; the image's own ENTRYPOINT is replaced, as a Kubernetes
 * `command` would.
 */
/** Where a writable host folder (`format: dir` input) appears inside the container. */
export const hostDirPath = (name: string) => `/pipewright/dirs/${name}`;

export function containerSpec(req: ExecRequest, s: ContainerSettings): Docker.ContainerCreateOptions {
  const { node } = req;
  const mounts: BindMount[] = [
    { host: resolve(req.outputDir), target: CONTAINER_OUTPUT_DIR, readOnly: false },
    { host: resolve(req.workDir), target: CONTAINER_WORK_DIR, readOnly: false },
  ];
  for (const input of node.inputs) {
    if (input.source.kind !== 'artifact') continue;
    const host = req.inputPaths[input.name];
    if (!host || !existsSync(host)) {
      throw new ContainerSpecError(`node '${node.id}': input '${input.name}' is missing on the host${host ? ` (${host})` : ''}`);
    }
    mounts.push({ host: resolve(host), target: inputArtifactPath(input.name), readOnly: true });
  }
  for (const [name, host] of Object.entries(req.hostDirs)) {
    mounts.push({ host: resolve(host), target: hostDirPath(name), readOnly: false });
  }
  const metricsFile = containerPathOf(resolve(req.metricsFile), mounts);
  const flagsFile = containerPathOf(resolve(req.flagsFile), mounts);
  const argv = renderCommand(node, {
    artifactPath: (i) => inputArtifactPath(i.name),
    parameterValue: (i) => (i.source.kind === 'parameter' ? req.runtimeParams[i.name] ?? ''
      : req.hostDirs[i.name] ? hostDirPath(i.name) : staticParameterValue(i)),
    outputPath: (o) => outputPath(o),
  });
  if (!argv.length) throw new ContainerSpecError(`node '${node.id}' has an empty command`);

  const env: Record<string, string> = {
    // A uid with no passwd entry gets HOME=/, which it cannot write; tools that keep caches need a home.
    ...(s.user && !/^0(:|$)/.test(s.user) ? { HOME: '/tmp' } : {}),
    ...req.env,
    PYTHONUNBUFFERED: '1',
    ...contractEnv(req, { outputDir: CONTAINER_OUTPUT_DIR, metricsFile, flagsFile }),
  };
  const wd = node.workingDir;
  const keys = labelKeys(s.labelPrefix);
  return {
    name: containerName(s.labelPrefix, req),
    Image: s.image,
    Entrypoint: [argv[0]!],
    Cmd: argv.slice(1),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: wd ? (posix.isAbsolute(wd) ? wd : posix.join(CONTAINER_WORK_DIR, wd)) : CONTAINER_WORK_DIR,
    ...(s.user ? { User: s.user } : {}),
    Labels: {
      [keys.run]: req.runId,
      [keys.node]: node.id,
      [keys.attempt]: String(req.attempt),
      ...(s.instance ? { [keys.instance]: s.instance } : {}),
    },
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      NetworkMode: s.networkMode,
      Init: s.init,
      Mounts: mounts.map((m) => ({ Type: 'bind' as const, Source: m.host, Target: m.target, ReadOnly: m.readOnly })),
      ...resourceLimits(node),
    },
  };
}

/**
 * Where the container sees a host file: under a folder already mounted read-write when it lies in one
 * (usually the work dir), else its folder is mounted at /pipewright/metrics. Adds that mount to `mounts`.
 */
function containerPathOf(hostFile: string, mounts: BindMount[]): string {
  for (const m of mounts) {
    if (m.readOnly) continue;
    const rel = relative(m.host, hostFile);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return posix.join(m.target, ...rel.split(sep));
  }
  mounts.push({ host: dirname(hostFile), target: CONTAINER_METRICS_DIR, readOnly: false });
  return posix.join(CONTAINER_METRICS_DIR, hostFile.slice(dirname(hostFile).length + 1));
}

/** CPU, memory (swap included, as Kubernetes counts it), /dev/shm size and GPUs, from the node's resources. */
export function resourceLimits(node: PlanNode): Partial<Docker.HostConfig> {
  const r = node.resources;
  const out: Partial<Docker.HostConfig> = {};
  if (r.cpu !== undefined) {
    const cores = parseQuantity(r.cpu);
    if (!cores) throw new ContainerSpecError(`node '${node.id}': resources.cpu '${r.cpu}' is not a number of cores`);
    out.NanoCpus = Math.round(cores * 1e9);
  }
  if (r.memory !== undefined) {
    const bytes = parseQuantity(r.memory);
    if (!bytes || bytes < MIN_MEMORY) {
      throw new ContainerSpecError(`node '${node.id}': resources.memory '${r.memory}' is below the 6Mi Docker needs`);
    }
    // Without MemorySwap Docker lets a container use as much swap again; the limit would not mean what it says.
    out.Memory = out.MemorySwap = Math.floor(bytes);
  }
  if (r.shm !== undefined) {
    const bytes = parseQuantity(r.shm);
    if (!bytes) throw new ContainerSpecError(`node '${node.id}': resources.shm '${r.shm}' is not a size`);
    out.ShmSize = Math.floor(bytes);
  }
  if (r.gpu) out.DeviceRequests = [gpuRequest(r.gpu)];
  return out;
}

/**
 * A readable, unique container name (`docker ps` shows which run and node it is); the random suffix
 * keeps a retried or recovered attempt from clashing with a leftover of the same name.
 */
function containerName(prefix: string, req: ExecRequest): string {
  const base = `${prefix}-${req.runId}-${req.node.id}-${req.attempt}`.replace(/[^a-zA-Z0-9_.-]+/g, '-').slice(0, 100);
  return `${base}-${randomBytes(3).toString('hex')}`;
}
