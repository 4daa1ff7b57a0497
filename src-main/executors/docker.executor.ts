/**
 * Runs nodes in containers on a local Docker engine. Inputs are bind-mounted read-only at
 * /pipewright/inputs/<name>, outputs read-write at /pipewright/outputs, the work dir at /pipewright/work
 * (the metrics file's folder too, at /pipewright/metrics, when it lies elsewhere); argv goes to Docker as
 * an array, never through a shell.
 *
 * Design notes:
 * - Network: 'none' unless `networkFor(node)` says otherwise, so a step depends on its inputs and image only.
 * - User: the host uid:gid on Linux (outputs belong to the user, not root); see `resolveUser`.
 * - Lifecycle: create → attach → wait(next-exit) → start → exit → logs drained → remove. We remove the
 *   container ourselves rather than with AutoRemove, so that a crashed app leaves it behind, labelled
 *   (`<prefix>.run/.node/.attempt`), for `recover` — and so nothing is removed before the logs are in.
 * - Clean-up after a crash: `recover(runIds)` removes the containers of runs the store shows as still
 *   running; `pruneOrphans(liveRunIds)` removes every other container of this instance. Reattaching to a
 *   node that survived the app would need a way to hand a running node back to the engine (not in the
 *   Executor interface yet); the labels are what it would look for.
 * - Secrets arrive in `req.env` and go into the container's env (visible to `docker inspect` while it
 *   exists); their values are masked in every message this executor returns.
 */
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { DEFAULT_IMAGE } from '../../shared/compiler/exporters/container.js';
import type { PlanNode } from '../../shared/compiler/plan.js';
import { containerSpec, ContainerSpecError, labelKeys, type ContainerSettings } from './docker.container.js';
import {
  DaemonTimeoutError, daemonAddress, dockerText, explain, missingImageMessage, redact, unreachableMessage,
} from './docker.messages.js';
import type { ExecRequest, ExecResult, Executor, LogStream } from './executor.js';

export interface DockerExecutorOptions {
  /** Image of a node that names none; default the exporters' DEFAULT_IMAGE, so it runs in the same image locally as on a cluster. */
  defaultImage?: string;
  /**
   * Network of a node's container unless `networkFor` names one. 'none' (default) keeps pipeline steps
   * offline, so a step's result depends only on its inputs and image.
   */
  networkMode?: string;
  /**
   * Per-node network, e.g. 'bridge' for a deploy step that calls an API; undefined falls back to
   * `networkMode`. Stands in until the spec has a field for it (proposed: `resources.network`).
   */
  networkFor?: (node: PlanNode) => string | undefined;
  /** Prefix of every label we set: `<prefix>.run`, `.node`, `.attempt`, `.instance`. Default 'pipewright'. */
  labelPrefix?: string;
  /** Tells this app's containers from another Pipewright's on the same engine (e.g. a hash of the data dir). */
  instance?: string;
  /**
   * Who the program runs as: 'host' (default) = this process's uid:gid on Linux with a rootful engine,
   * so output files belong to the user; 'image' keeps the image's USER; or an explicit 'uid:gid'.
   */
  user?: string;
  /** docker-init as PID 1 (default true): signals reach the program and its children are reaped. */
  init?: boolean;
  /** Seconds between SIGTERM and SIGKILL on cancel or timeout (default 3). */
  killGraceSeconds?: number;
  /** How long the engine gets to answer a ping or an image lookup before it counts as unreachable (default 2000). */
  daemonTimeoutMs?: number;
}

type DialOptions = Parameters<Docker['modem']['dial']>[0];
interface WaitBody { StatusCode: number; Error?: { Message?: string } | null }

/** Logs normally end within milliseconds of the exit; this bounds a stuck attach stream. */
const LOG_DRAIN_MS = 2000;

export class DockerExecutor implements Executor {
  readonly name = 'docker' as const;
  private readonly labelPrefix: string;
  private user?: Promise<string | undefined>;

  constructor(private readonly docker: Docker, private readonly options: DockerExecutorOptions = {}) {
    this.labelPrefix = options.labelPrefix ?? 'pipewright';
  }

  /**
   * Pings the engine (2 s) and looks up every distinct image the nodes use. Resolves to sentences, one
   * per problem, [] when the run can start. A GPU request is not checked here: Docker only says whether
   * it has an NVIDIA runtime when a container starts, and `run` explains that failure.
   */
  async preflight(nodes: PlanNode[]): Promise<string[]> {
    try {
      await this.dial({ path: '/_ping', method: 'GET', statusCodes: { 200: true, 500: 'server error' } }, this.daemonTimeout);
    } catch (e) {
      return [sentence(unreachableMessage(e, this.docker) ?? `the Docker engine at ${daemonAddress(this.docker)} is not healthy: ${dockerText(e)}`)];
    }
    const users = new Map<string, string[]>();
    for (const n of nodes) {
      const image = this.imageOf(n);
      users.set(image, [...(users.get(image) ?? []), n.id]);
    }
    const lookups = await Promise.all([...users].map(async ([image, ids]) => {
      const who = `used by node${ids.length > 1 ? 's' : ''} ${ids.map((i) => `'${i}'`).join(', ')}`;
      try {
        await this.inspectImage(image);
        return undefined;
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return sentence(missingImageMessage(image, who));
        return sentence(unreachableMessage(e, this.docker) ?? `could not look up image '${image}' (${who}): ${dockerText(e)}`);
      }
    }));
    return lookups.filter((p): p is string => p !== undefined);
  }

  /** Runs one node in a fresh container and removes it afterwards; never throws for Docker's reasons. */
  async run(req: ExecRequest): Promise<ExecResult> {
    const { node } = req;
    // Values of the node's secret env entries: kept out of every message we return.
    const secrets = Object.entries(node.env).filter(([, v]) => typeof v !== 'string').map(([k]) => req.env[k] ?? '');
    const failed = (error: string, imageId?: string): ExecResult =>
      ({ exitCode: null, timedOut: false, cancelled: false, error: redact(error, secrets), ...(imageId ? { imageId } : {}) });
    if (req.signal.aborted) return cancelled(node.id);
    // The image lookup comes first: it is also the check that the engine answers (within daemonTimeoutMs).
    let imageId: string;
    try {
      imageId = (await this.inspectImage(this.imageOf(node))).Id;
    } catch (e) {
      return failed(explain(e, this.context(node, 'image')));
    }
    let create: Docker.ContainerCreateOptions;
    try {
      create = containerSpec(req, await this.settings(node));
    } catch (e) {
      if (e instanceof ContainerSpecError) return failed(e.message, imageId);
      throw e;
    }
    const result = await this.runContainer(req, create, imageId);
    return result.error ? { ...result, error: redact(result.error, secrets) } : result;
  }

  private async runContainer(req: ExecRequest, create: Docker.ContainerCreateOptions, imageId: string): Promise<ExecResult> {
    const { node } = req;
    const flags = { timedOut: false, cancelled: false, started: false, stderrTail: '' };
    let container: Docker.Container | undefined;
    let stopping: Promise<unknown> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let phase: 'create' | 'start' | 'run' = 'create';
    // Aborts our own pending requests (attach, wait) when we leave early, e.g. after a failed start.
    const requests = new AbortController();
    // `docker stop`: SIGTERM, then SIGKILL after the grace period; the engine does the escalation itself.
    const stop = () => {
      if (container && flags.started && !stopping) stopping = container.stop({ t: this.options.killGraceSeconds ?? 3 }).catch(() => undefined);
    };
    const onAbort = () => { flags.cancelled = true; stop(); };
    req.signal.addEventListener('abort', onAbort, { once: true });
    try {
      container = await this.createContainer(create);
      if (req.signal.aborted) return { ...cancelled(node.id), imageId };
      // Attach and wait are registered before start, so no early output and no quick exit is missed.
      const { logsEnded } = await this.attachLogs(container, req, requests.signal, flags);
      const { exit } = await this.waitForExit(container.id, requests.signal);
      exit.catch(() => undefined); // rejected only when we abort it on the way out
      if (req.signal.aborted) return { ...cancelled(node.id), imageId };
      if (req.timeoutSeconds) timer = setTimeout(() => { flags.timedOut = true; stop(); }, req.timeoutSeconds * 1000);
      phase = 'start';
      await container.start();
      flags.started = true;
      phase = 'run';
      if (flags.cancelled || flags.timedOut) stop();
      const body = await exit;
      await Promise.race([logsEnded, new Promise((r) => setTimeout(r, LOG_DRAIN_MS).unref())]);
      return await this.outcome(req, container, body, flags, imageId);
    } catch (e) {
      return { exitCode: null, timedOut: flags.timedOut, cancelled: flags.cancelled, imageId, error: explain(e, this.context(node, phase)) };
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      requests.abort();
      await stopping;
      // `--rm`, done by us after the logs are in; force also covers a container whose start failed.
      if (container) await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  /** The result for an exited container; only a SIGKILL exit costs an inspect (to tell an out-of-memory kill). */
  private async outcome(req: ExecRequest, container: Docker.Container, body: WaitBody,
    flags: { timedOut: boolean; cancelled: boolean; stderrTail: string }, imageId: string): Promise<ExecResult> {
    const id = req.node.id;
    const base = { timedOut: flags.timedOut, cancelled: flags.cancelled, imageId };
    if (flags.timedOut) return { ...base, exitCode: null, error: `node '${id}' timed out after ${req.timeoutSeconds} s and was stopped` };
    if (flags.cancelled) return { ...base, exitCode: null, error: `node '${id}' was cancelled` };
    if (body.StatusCode === 0) return { ...base, exitCode: 0 };
    // Under docker-init a program that cannot be executed is tini's exit 127 (126), not a failed start.
    const exec = /\[FATAL tini \(\d+\)\] exec (.+) failed: (No such file or directory|Permission denied)/.exec(flags.stderrTail);
    if (exec && (body.StatusCode === 127 || body.StatusCode === 126)) {
      const why = exec[2] === 'Permission denied' ? 'is not executable' : 'was not found';
      return { ...base, exitCode: body.StatusCode, error: `node '${id}': program '${exec[1]}' ${why} in image '${this.imageOf(req.node)}'` };
    }
    const limit = req.node.resources.memory;
    if (body.StatusCode === 137 && await this.wasOomKilled(container)) {
      return { ...base, exitCode: null, error: `node '${id}' ran out of memory${limit ? ` (limit ${limit})` : ''} and was killed` };
    }
    if (body.StatusCode === 137) {
      // The engine misses some OOM events (seen here in ~1 of 15 kills); with a limit set, say what is likely.
      const hint = limit ? `, most likely for running out of memory (limit ${limit})` : '';
      return { ...base, exitCode: null, error: `node '${id}' was killed (SIGKILL)${hint}` };
    }
    return { ...base, exitCode: body.StatusCode, error: `node '${id}' exited with code ${body.StatusCode}` };
  }

  /**
   * Whether the kernel's OOM killer ended the container. The engine learns of the OOM from an event that
   * can arrive just after the exit, so a SIGKILL exit gets a few looks before we call it something else.
   */
  private async wasOomKilled(container: Docker.Container): Promise<boolean> {
    for (let look = 0; look < 5; look++) {
      if (look) await new Promise((r) => setTimeout(r, 100));
      const state = await container.inspect().then((i) => i.State, () => undefined);
      if (!state || state.OOMKilled) return Boolean(state?.OOMKilled);
    }
    return false;
  }

  /** Streams the container's stdout and stderr, demultiplexed, to onLog; `logsEnded` settles when both end. */
  private async attachLogs(container: Docker.Container, req: ExecRequest, signal: AbortSignal,
    keep: { stderrTail: string }): Promise<{ logsEnded: Promise<void> }> {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true, abortSignal: signal });
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const sink = (name: LogStream) => new Writable({
      write(chunk: Buffer, _enc, done) {
        const text = decoders[name].write(chunk);
        if (text) req.onLog(name, text);
        // The end of stderr tells some failures apart (see outcome); 4 KB is plenty for that.
        if (name === 'stderr') keep.stderrTail = (keep.stderrTail + text).slice(-4096);
        done();
      },
    });
    this.docker.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
    const logsEnded = new Promise<void>((resolve) => {
      const flush = () => {
        for (const name of ['stdout', 'stderr'] as const) {
          const rest = decoders[name].end();
          if (rest) req.onLog(name, rest);
        }
        resolve();
      };
      stream.once('end', flush);
      stream.once('close', flush);
      stream.once('error', flush);
    });
    return { logsEnded };
  }

  /**
   * Registers `wait(next-exit)` and resolves once the engine has: it sends the response headers after
   * registering, and the body (the exit code) when the container exits. dockerode's `wait()` resolves only
   * with the body, which would leave a race between registering the wait and `start()`. (The exit promise
   * is wrapped in an object: a promise resolved with a promise would wait for it.)
   */
  private waitForExit(id: string, signal: AbortSignal): Promise<{ exit: Promise<WaitBody> }> {
    return new Promise((registered, reject) => {
      this.docker.modem.dial({
        path: `/containers/${id}/wait?`, method: 'POST', options: { condition: 'next-exit' }, isStream: true,
        abortSignal: signal, statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' },
      }, (err, res) => {
        if (err) return reject(err);
        const response = res as IncomingMessage;
        const exit = new Promise<WaitBody>((resolve, fail) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => {
            try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WaitBody); } catch (e) { fail(e); }
          });
          response.on('error', fail);
          response.on('close', () => fail(new Error('the wait for the container was interrupted')));
        });
        registered({ exit });
      });
    });
  }

  /**
   * Removes what an engine that died mid-run left behind: every container labelled with one of these
   * runs (and, when `instance` is set, this instance), running or not. Call it at start-up with the runs
   * the store still shows as running, after marking them interrupted. Resolves to one sentence per
   * container; an unreachable engine gives one sentence saying nothing could be checked.
   */
  async recover(runIds: string[]): Promise<string[]> {
    const runs = new Set(runIds);
    return runs.size ? this.removeWhere((run) => runs.has(run)) : [];
  }

  /**
   * Removes every Pipewright container (of this instance) whose run is not in `liveRunIds`: the full
   * clean-up for when the store lost track (a deleted run, a crash before the run was saved). Only call it
   * with every run this instance is executing, or it removes their containers too.
   */
  async pruneOrphans(liveRunIds: string[]): Promise<string[]> {
    const live = new Set(liveRunIds);
    return this.removeWhere((run) => !live.has(run));
  }

  private async removeWhere(pick: (runId: string) => boolean): Promise<string[]> {
    const keys = labelKeys(this.labelPrefix);
    const label = [keys.run, ...(this.options.instance ? [`${keys.instance}=${this.options.instance}`] : [])];
    let list: Docker.ContainerInfo[];
    try {
      // One label filter: Docker ANDs repeated label filters, so the run ids are matched here instead.
      list = await this.docker.listContainers({ all: true, filters: { label } });
    } catch (e) {
      return [sentence(`could not look for leftover containers: ${unreachableMessage(e, this.docker) ?? dockerText(e)}`)];
    }
    const done: string[] = [];
    for (const c of list) {
      const run = c.Labels[keys.run] ?? '';
      if (!pick(run)) continue;
      const what = `container ${c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)} (run ${run}, node ${c.Labels[keys.node]}, attempt ${c.Labels[keys.attempt]})`;
      try {
        await this.docker.getContainer(c.Id).remove({ force: true, v: true });
        done.push(`Removed ${what}${c.State === 'running' ? ', which was still running' : ''}.`);
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) done.push(`Could not remove ${what}: ${dockerText(e)}.`);
      }
    }
    return done;
  }

  private get daemonTimeout(): number {
    return this.options.daemonTimeoutMs ?? 2000;
  }

  private imageOf(node: PlanNode): string {
    return node.image ?? this.options.defaultImage ?? DEFAULT_IMAGE;
  }

  private context(node: PlanNode, phase: 'image' | 'create' | 'start' | 'run') {
    return { docker: this.docker, node: node.id, image: this.imageOf(node), phase, ...(node.resources.gpu ? { gpu: node.resources.gpu } : {}) };
  }

  private async settings(node: PlanNode): Promise<ContainerSettings> {
    const user = await (this.user ??= this.resolveUser());
    return {
      image: this.imageOf(node),
      networkMode: this.options.networkFor?.(node) ?? this.options.networkMode ?? 'none',
      labelPrefix: this.labelPrefix,
      init: this.options.init ?? true,
      ...(user ? { user } : {}),
      ...(this.options.instance ? { instance: this.options.instance } : {}),
    };
  }

  /**
   * The host user's uid:gid, so files in the output and work folders belong to them, where that holds:
   * on Linux (Docker Desktop's file sharing maps owners itself) and not with rootless Docker, whose
   * container root already is the host user (a host uid inside would land on a sub-uid).
   */
  private async resolveUser(): Promise<string | undefined> {
    const wanted = this.options.user ?? 'host';
    if (wanted === 'image') return undefined;
    if (wanted !== 'host') return wanted;
    if (process.platform !== 'linux' || !process.getuid || !process.getgid) return undefined;
    const mine = `${process.getuid()}:${process.getgid()}`;
    const info = await this.dial<{ SecurityOptions?: string[] }>({ path: '/info', method: 'GET', statusCodes: { 200: true } },
      this.daemonTimeout).catch(() => undefined);
    return info?.SecurityOptions?.some((o) => o.includes('name=rootless')) ? undefined : mine;
  }

  /**
   * dockerode's createContainer copies every option into the URL's query string as well as the body, so
   * env values (secrets) would reach the engine's request log and any proxy's; only the name goes there.
   */
  private async createContainer(create: Docker.ContainerCreateOptions): Promise<Docker.Container> {
    const { name, ...body } = create;
    const created = await new Promise<{ Id: string }>((resolve, reject) => {
      this.docker.modem.dial({
        path: '/containers/create?', method: 'POST', options: { _query: name ? { name } : {}, _body: body },
        statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict', 500: 'server error' },
      }, (err, data) => (err ? reject(err) : resolve(data as { Id: string })));
    });
    return this.docker.getContainer(created.Id);
  }

  private inspectImage(image: string): Promise<{ Id: string }> {
    return this.dial({ path: `/images/${image}/json`, method: 'GET', statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } },
      this.daemonTimeout);
  }

  /** One engine request with a deadline; past it the request is aborted and a DaemonTimeoutError raised. */
  private dial<T>(opts: DialOptions, timeoutMs: number): Promise<T> {
    const deadline = AbortSignal.timeout(timeoutMs);
    return new Promise((resolve, reject) => {
      this.docker.modem.dial({ ...opts, abortSignal: deadline }, (err, data) => {
        if (err) reject(deadline.aborted ? new DaemonTimeoutError(timeoutMs) : err);
        else resolve(data as T);
      });
    });
  }
}

function cancelled(id: string): ExecResult {
  return { exitCode: null, timedOut: false, cancelled: true, error: `node '${id}' was cancelled` };
}

/** A message as a sentence: capital first letter, full stop. */
function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
