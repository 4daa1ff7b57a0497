/**
 * Browser-mode access checks: a random token (query, bearer header or cookie), a Host header naming this
 * loopback server (against DNS rebinding), and an Origin, when present, of this server only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';

export const COOKIE = 'pw_token';

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Stores the token where only this user can read it (mode 0600), for scripts and the SSH-tunnel case. */
export function writeTokenFile(file: string, token: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenOf(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`));
  return cookie?.slice(COOKIE.length + 1);
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function check(req: IncomingMessage, token: string, port: number, requireOrigin: boolean): Verdict {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(req.headers.host ?? '')) return { ok: false, status: 403, message: 'unexpected Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined || requireOrigin) {
    if (!origin || !allowed.map((h) => `http://${h}`).includes(origin)) return { ok: false, status: 403, message: 'cross-origin request refused' };
  }
  const given = tokenOf(req);
  if (!given || !sameSecret(given, token)) return { ok: false, status: 401, message: 'missing or wrong token: open the URL that `pipewright ui` printed' };
  return { ok: true };
}
