/**
 * Back-end calls for store actions: `invoke` plus an error toast, so a failed call is never silent.
 * Returns undefined on failure; callers that must react to a specific error code use `invoke` directly.
 */
import type { Method, Req, Res } from '../../shared/contract/api.js';
import { invoke } from '../api/client.js';
import { reportError } from './toast.store.js';

export async function call<M extends Method>(method: M, input: Req<M>, failure: string): Promise<Res<M> | undefined> {
  try {
    return await invoke(method, input);
  } catch (e) {
    reportError(failure, e);
    return undefined;
  }
}
