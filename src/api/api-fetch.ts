/**
 * Every API request the page makes goes through `apiFetch`: it adds this browser session's key
 * (stored in localStorage when the start URL signed the browser in; see
 * server/guard/launch-token.ts) in `X-Workshop-Key`. The session cookie alone is not enough.
 */
export const KEY_STORAGE = 'sts-workshop-key';

export function apiFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  let key: string | null = null;
  try {
    key = localStorage.getItem(KEY_STORAGE);
  } catch {
    // Storage blocked: the server answers 401 and the page says how to sign in.
  }
  if (key) headers.set('x-workshop-key', key);
  return fetch(input, { ...init, headers });
}
