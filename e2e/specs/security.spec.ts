/**
 * Browser mode's access checks, against the real server: the token (query, bearer, cookie), the Origin
 * of API calls and WebSocket upgrades, and the Host header (DNS rebinding).
 */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import type { Backend } from '../fixtures/backend.js';
import { expect, test } from '../fixtures/test.js';

const FOREIGN = 'http://evil.example';

/** POSTs an API method with raw headers; returns the status and body. */
async function post(backend: Backend, method: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${backend.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  return { status: res.status, body: await res.text() };
}

/** Opens /ws with the given headers; resolves with "open" or the HTTP status of the refusal. */
function upgrade(backend: Backend, headers: Record<string, string>, query = `?token=${backend.token}`): Promise<'open' | number> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${backend.port}/ws${query}`, { headers });
    ws.once('open', () => { ws.close(); done('open'); });
    ws.once('unexpected-response', (_req, res) => { done(res.statusCode ?? 0); ws.terminate(); });
    ws.once('error', (e) => fail(e));
  });
}

/** A GET with a forged Host header (fetch does not let a script set Host). */
function getWithHost(backend: Backend, host: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port: backend.port, path: `/?token=${backend.token}`, headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.once('error', fail);
    req.end();
  });
}

test.describe('refused requests', () => {
  test('a request without the token is refused', async ({ backend, page }) => {
    // The API: no token, a wrong token, then the right one as a bearer header.
    const none = await post(backend, 'app.info', {});
    expect(none.status).toBe(401);
    expect(none.body).toContain('missing or wrong token');
    expect((await post(backend, 'app.info', { authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await post(backend, 'files.list', { cookie: 'pw_token=not-the-token' })).status).toBe(401);
    const ok = await post(backend, 'app.info', { authorization: `Bearer ${backend.token}` });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });

    // The page itself: without the token the server sends no app at all.
    const bare = await page.goto(`${backend.origin}/`);
    expect(bare?.status()).toBe(401);
    await expect(page.locator('#root')).toHaveCount(0);
    const asset = await page.request.get(`${backend.origin}/index.html`);
    expect(asset.status()).toBe(401);

    // With it, the app loads and a cookie (HttpOnly, SameSite=Strict) carries the token from then on.
    const first = await page.goto(backend.url);
    expect(first?.status()).toBe(200);
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
    const cookies = await page.context().cookies(backend.origin);
    expect(cookies).toEqual([expect.objectContaining({ name: 'pw_token', value: backend.token, httpOnly: true, sameSite: 'Strict' })]);
    // HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  test('a WebSocket from a foreign Origin is refused', async ({ backend }) => {
    expect(await upgrade(backend, { origin: FOREIGN })).toBe(403);
    expect(await upgrade(backend, {})).toBe(403);
    expect(await upgrade(backend, { origin: `http://localhost.evil.example:${backend.port}` })).toBe(403);
    // Right Origin, no token: still refused.
    expect(await upgrade(backend, { origin: backend.origin }, '')).toBe(401);
    // Right Origin and token: accepted (so the refusals above are the checks, not a broken endpoint).
    expect(await upgrade(backend, { origin: backend.origin })).toBe('open');
    expect(await upgrade(backend, { origin: `http://localhost:${backend.port}` })).toBe('open');
  });

  test('an API call from a foreign Origin, even with the token, is refused', async ({ backend }) => {
    const res = await post(backend, 'files.list', { authorization: `Bearer ${backend.token}`, origin: FOREIGN });
    expect(res.status).toBe(403);
    expect(res.body).toContain('cross-origin');
  });

  test('a foreign Host header (DNS rebinding) is refused', async ({ backend }) => {
    expect(await getWithHost(backend, `evil.example:${backend.port}`)).toBe(403);
    expect(await getWithHost(backend, `127.0.0.1:${backend.port}`)).toBe(200);
  });

  test('the page opens its WebSocket on 127.0.0.1 and requests nothing off it', async ({ app }) => {
    // The `app` fixture fails any test whose page asked for something off 127.0.0.1; here the page
    // also loads Monaco (workers, fonts), the heaviest part of the UI.
    await app.gallery.openExample('churn');
    await app.designer.showRight('yaml');
    await expect(app.designer.yamlEditor.locator('.monaco-editor')).toBeVisible();
    await expect.poll(() => app.seen.sockets).toEqual([`ws://127.0.0.1:${app.backend.port}/ws`]);
    expect(app.seen.offHost).toEqual([]);
  });
});
