/**
 * Secrets named in a spec (`{secret, key}`) are read on the desktop from the environment, as
 * PIPEWRIGHT_SECRET_<SECRET>_<KEY> (upper case, other characters as _). Values never enter the spec,
 * the store or the logs (the log sink masks them).
 */
import type { EnvValue } from '../../shared/spec/schema.js';

export function secretVariable(secret: string, key: string): string {
  return `PIPEWRIGHT_SECRET_${`${secret}_${key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The node's environment with secrets resolved, and the values to mask; throws naming what is missing. */
export function resolveEnv(nodeId: string, env: Record<string, EnvValue>, source: NodeJS.ProcessEnv = process.env):
  { env: Record<string, string>; secrets: string[] } {
  const out: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, v] of Object.entries(env)) {
    if (typeof v === 'string') { out[name] = v; continue; }
    const variable = secretVariable(v.secret, v.key);
    const value = source[variable];
    if (value === undefined) {
      throw new Error(`node '${nodeId}': env ${name} needs secret '${v.secret}' key '${v.key}'; set ${variable} in the environment that starts Pipewright`);
    }
    out[name] = value;
    secrets.push(value);
  }
  return { env: out, secrets };
}
