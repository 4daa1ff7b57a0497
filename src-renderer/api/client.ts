/**
 * The UI's only way to the back end: `invoke` for API methods and `onEvent` for run events, over Electron
 * IPC (window.pipewright, from the preload) or, in browser mode, HTTP and a WebSocket to the same origin.
 * Store actions call these; components never do.
 */
import type { Method, Req, Res, Result } from '../../shared/contract/api.js';
import type { RunEvent } from '../../shared/contract/events.js';

interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (e: RunEvent) => void): () => void;
}

declare global {
  interface Window { pipewright?: Bridge }
}

export class ApiClientError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

async function httpInvoke(method: string, input: unknown): Promise<Result<unknown>> {
  const res = await fetch(`./api/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}), credentials: 'same-origin',
  });
  if (res.status === 401 || res.status === 403) {
    return { ok: false, error: { code: 'failed', message: 'The back end refused this page: open the URL printed by `pipewright ui` (it carries the access token).' } };
  }
  return (await res.json()) as Result<unknown>;
}

const listeners = new Set<(e: RunEvent) => void>();
let socket: WebSocket | undefined;

function connectSocket(): void {
  const url = new URL('./ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url);
  socket.onmessage = (m) => {
    const e = JSON.parse(String(m.data)) as RunEvent;
    for (const l of listeners) l(e);
  };
  // Reconnect after the server restarts or the laptop wakes up.
  socket.onclose = () => { socket = undefined; if (listeners.size) setTimeout(connectSocket, 1000); };
}

/** Calls an API method; throws ApiClientError with the back end's message on failure. */
export async function invoke<M extends Method>(method: M, input: Req<M>): Promise<Res<M>> {
  const result = window.pipewright ? await window.pipewright.invoke(method, input) : await httpInvoke(method, input);
  if (!result.ok) throw new ApiClientError(result.error.code, result.error.message);
  return result.value as Res<M>;
}

/** Subscribes to run events; returns the unsubscribe function. */
export function onEvent(listener: (e: RunEvent) => void): () => void {
  if (window.pipewright) return window.pipewright.onEvent(listener);
  listeners.add(listener);
  if (!socket) connectSocket();
  return () => listeners.delete(listener);
}
