/**
 * Browser mode: the app's UI and API on 127.0.0.1 only. Serves the built renderer, `POST /api/<method>`
 * through the shared dispatcher, and run events on `/ws`. Every request and upgrade is checked (see auth.ts).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../shared/contract/api.js';
import type { RunEvent } from '../../shared/contract/events.js';
import { isInside } from '../files/files.service.js';
import { dispatch } from '../transport/dispatch.js';
import { check, COOKIE, newToken, writeTokenFile } from './auth.js';

export interface UiServerOptions {
  handlers: Handlers;
  /** Subscribes to run events; returns the unsubscribe function. */
  onEvent(listener: (e: RunEvent) => void): () => void;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  tokenFile: string;
  port?: number;
}

export interface UiServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 25 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.ttf': 'font/ttf', '.woff2': 'font/woff2',
};

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0;
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_BODY) { fail(new Error('request body too large')); req.destroy(); return; }
      parts.push(b);
    });
    req.on('end', () => ok(Buffer.concat(parts).toString('utf8')));
    req.on('error', fail);
  });
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
      "font-src 'self' data:", `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`, "worker-src 'self' blob:",
      "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const token = newToken();
  let port = 0;
  const root = resolve(opts.staticDir);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const verdict = check(req, token, port, false);
    if (!verdict.ok) return send(res, verdict.status, verdict.message);
    if (url.pathname === '/api/health') return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'use POST');
      let input: unknown;
      try { const body = await readBody(req); input = body ? JSON.parse(body) : {}; } catch (e) {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'bad-input', message: (e as Error).message } }), 'application/json');
      }
      const result = await dispatch(opts.handlers, decodeURIComponent(url.pathname.slice(5)), input);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let file = resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!isInside(root, file)) return send(res, 403, 'forbidden');
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) return send(res, 503, 'the UI is not built: run `npm run build:ui`');
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...securityHeaders(port) };
    // The first visit carries the token in the URL; from then on the page's requests carry it as a cookie.
    if (url.searchParams.get('token')) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const verdict = new URL(req.url ?? '/', 'http://x').pathname === '/ws'
      ? check(req, token, port, true) : { ok: false as const, status: 403 as const, message: 'no such endpoint' };
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
    });
  });
  const unsubscribe = opts.onEvent((e) => {
    const text = JSON.stringify(e);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as { port: number }).port;
  writeTokenFile(opts.tokenFile, token);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, port, token,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((ok) => { wss.close(); server.close(() => ok()); server.closeAllConnections(); });
    },
  };
}
