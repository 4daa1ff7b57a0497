/**
 * Turns what Docker and the socket report into sentences a user can act on: which node, what is wrong,
 * what to do. No stack traces, no HTTP codes, and never a secret's value.
 */
import type Docker from 'dockerode';

/** How the user builds Pipewright's own images; named in every missing-image message. */
export const BUILD_IMAGES = 'bash scripts/build-images.sh';

/** Socket-level failures that mean "no daemon answers there". */
const UNREACHABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE']);

/** Raised by our own deadline around a daemon call. */
export class DaemonTimeoutError extends Error {
  constructor(readonly ms: number) { super(`no answer within ${ms} ms`); }
}

interface DockerishError { code?: string; statusCode?: number; message?: string; json?: unknown }

/** Where the client talks to: a socket path or a URL, as the user would write DOCKER_HOST. */
export function daemonAddress(docker: Docker): string {
  const m = docker.modem as unknown as { socketPath?: unknown; host?: string; port?: number | string; protocol?: string };
  if (typeof m.socketPath === 'string') return m.socketPath.startsWith('//./pipe') ? `npipe://${m.socketPath}` : `unix://${m.socketPath}`;
  if (m.host) return `${m.protocol ?? 'http'}://${m.host}${m.port ? `:${m.port}` : ''}`;
  return 'the configured Docker host';
}

/** Docker's own text without dockerode's "(HTTP code 500) server error - " prefix. */
export function dockerText(err: unknown): string {
  const e = err as DockerishError;
  const json = e.json as { message?: string } | undefined;
  const text = typeof json?.message === 'string' ? json.message : String(e.message ?? err);
  return text.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/** The daemon-unreachable sentence, or undefined when `err` is something else. */
export function unreachableMessage(err: unknown, docker: Docker): string | undefined {
  const e = err as DockerishError;
  const where = daemonAddress(docker);
  if (err instanceof DaemonTimeoutError) {
    return `the Docker engine at ${where} did not answer within ${err.ms / 1000} s; check that Docker is running`;
  }
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return `this user may not use the Docker engine at ${where} (permission denied); add the user to the 'docker' group`;
  }
  if (e.code && UNREACHABLE_CODES.has(e.code)) {
    return `the Docker engine is not reachable at ${where} (${e.code}); start Docker and try again`;
  }
  return undefined;
}

/** The missing-image sentence; Pipewright's own images are built, anything else is pulled. */
export function missingImageMessage(image: string, users: string): string {
  const fix = image.startsWith('pipewright/')
    ? `build Pipewright's images with \`${BUILD_IMAGES}\``
    : `pull it (\`docker pull ${image}\`) or build it; Pipewright's own images come from \`${BUILD_IMAGES}\``;
  return `image '${image}' (${users}) is not on this machine; ${fix}`;
}

/** What went wrong, for the phase a run was in; `node` and `image` name the culprit. */
export interface ExplainContext { docker: Docker; node: string; image: string; phase: 'image' | 'create' | 'start' | 'run'; gpu?: number }

/** One sentence for a failed Docker call during a node's run, naming the node. */
export function explain(err: unknown, ctx: ExplainContext): string {
  const who = `node '${ctx.node}'`;
  const unreachable = unreachableMessage(err, ctx.docker);
  if (unreachable) return `${who}: ${unreachable}`;
  const e = err as DockerishError;
  const text = dockerText(err);
  if ((ctx.phase === 'image' || ctx.phase === 'create') && (e.statusCode === 404 || /no such image/i.test(text))) {
    return `${who}: ${missingImageMessage(ctx.image, 'its image')}`;
  }
  if (/could not select device driver "nvidia"/i.test(text)) {
    return `${who} asks for ${ctx.gpu ?? 'a'} GPU${ctx.gpu === 1 ? '' : 's'}, but this machine has no NVIDIA container runtime `
      + '(the NVIDIA Container Toolkit for Docker); run it on a machine that has one, or drop resources.gpu';
  }
  const notFound = /exec: "([^"]+)": (?:executable file not found|stat [^:]*: no such file or directory)/.exec(text);
  if (notFound) return `${who}: program '${notFound[1]}' was not found in image '${ctx.image}'`;
  const what = { image: 'look up its image', create: 'create its container', start: 'start its container', run: 'run it' }[ctx.phase];
  return `${who}: Docker could not ${what}: ${text}`;
}

/** Replaces each secret value in `text` with ***; values shorter than 4 characters would mask too much. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
