import { mkdtempSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Handlers } from '../../shared/contract/api.js';
import type { RunEvent } from '../../shared/contract/events.js';
import { startUiServer, type UiServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-server-'));
const staticDir = join(dir, 'ui');
mkdirSync(staticDir);
writeFileSync(join(staticDir, 'index.html'), '<html>ui</html>');
let emit: (e: RunEvent) => void = () => undefined;
const handlers = { 'app.info': async () => ({ version: 't', dataDir: dir, workspace: dir, shell: 'browser', executors: ['process'], pathSeparator: '/' }) } as unknown as Handlers;
let server: UiServer;

beforeAll(async () => {
  server = await startUiServer({ handlers, staticDir, tokenFile: join(dir, 'token'), onEvent: (l) => { emit = l; return () => undefined; } });
});
afterAll(() => server.close());

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (b) => { text += b; });
      res.on('end', () => ok({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', fail);
    req.end(body);
  });
}
const auth = () => ({ authorization: `Bearer ${server.token}` });

describe('browser-mode server', () => {
  it('uses a token of at least 128 bits, stored with mode 0600', () => {
    expect(Buffer.from(server.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(statSync(join(dir, 'token')).mode & 0o777).toBe(0o600);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await get('/api/health')).status).toBe(401);
    expect((await get('/')).status).toBe(401);
    expect((await get('/api/health', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get(`/?token=${server.token}x`)).status).toBe(401);
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    expect((await get('/api/health', { ...auth(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/api/health', { ...auth(), host: 'evil.example' })).status).toBe(403);
  });

  it('serves the UI with the token in the URL, sets an HttpOnly cookie and a strict CSP', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/pw_token=.*HttpOnly; SameSite=Strict/);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/', { cookie: `pw_token=${server.token}` })).body).toBe('<html>ui</html>');
  });

  it('dispatches API calls and validates their input', async () => {
    const ok = await get('/api/app.info', { ...auth(), origin: `http://127.0.0.1:${server.port}` }, 'POST', '{}');
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { version: 't' } });
    const unknown = JSON.parse((await get('/api/nope.x', auth(), 'POST', '{}')).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const bad = JSON.parse((await get('/api/files.open', auth(), 'POST', '{"path": 3}')).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect((await get('/api/health', auth())).status).toBe(200);
  });

  it('never serves files outside the UI folder', async () => {
    const res = await get('/../token', auth());
    expect(res.body).not.toContain(server.token);
  });

  it('refuses WebSockets from a foreign Origin or without the token, and streams events to a good one', async () => {
    const open = (headers: Record<string, string>, query = '') => new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    const refused = (ws: WebSocket) => new Promise<number>((ok) => ws.on('unexpected-response', (_q, res) => ok(res.statusCode!)).on('error', () => undefined));
    expect(await refused(open({ origin: 'http://evil.example' }, `?token=${server.token}`))).toBe(403);
    expect(await refused(open({ origin: `http://127.0.0.1:${server.port}` }))).toBe(401);
    const ws = open({ origin: `http://127.0.0.1:${server.port}` }, `?token=${server.token}`);
    await new Promise((ok) => ws.on('open', ok));
    const got = new Promise<string>((ok) => ws.on('message', (m) => ok(String(m))));
    emit({ type: 'runFinished', runId: 'r1', status: 'succeeded', time: 1 });
    expect(JSON.parse(await got)).toMatchObject({ type: 'runFinished', runId: 'r1' });
    ws.close();
  });
});
