/**
 * Serves the built renderer from `app://pipewright/` with a strict CSP, instead of file:// (where no
 * headers can be set and every file on disk shares one origin).
 */
import { net, protocol } from 'electron';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInside } from '../files/files.service.js';

export const APP_ORIGIN = 'app://pipewright';

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    let file = resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'pipewright' || !isInside(root, file)) return new Response('forbidden', { status: 403 });
    if (url.pathname === '/' || url.pathname === '') file = join(root, 'index.html');
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
