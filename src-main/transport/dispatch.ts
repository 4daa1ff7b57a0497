/** The one dispatcher both shells (Electron IPC, browser-mode HTTP) call: validate, run, wrap in a Result. */
import { ApiError, api, isMethod, type Handlers, type Result } from '../../shared/contract/api.js';

export async function dispatch(handlers: Handlers, method: string, input: unknown): Promise<Result<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `no API method '${method}'` } };
  const parsed = api[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    return { ok: false, error: { code: 'bad-input', message: `${method}: ${first?.message ?? 'invalid input'}${where}` } };
  }
  try {
    const handler = handlers[method] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message } };
    return { ok: false, error: { code: 'failed', message: (e as Error).message } };
  }
}
