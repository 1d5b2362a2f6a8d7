/**
 * The page's typed calls to the notebook's JSON API: `apiGet('/api/lessons')` answers a
 * LessonsAnswer, `apiPost('/api/sandbox/clock', { seconds })` a ClockAnswer, each type taken
 * from contract.ts by path, so the page never parses `unknown`. A 204 answers undefined; any
 * other non-2xx answer rejects with an ApiError carrying the status, the API's error code and
 * the sentence to show (render-event.ts's apiErrorMessage); no answer at all (the server is
 * gone) rejects with fetch's own TypeError. The session key goes along (api-fetch.ts). The
 * streamed step runs (NDJSON) and the Markdown report are not JSON and use apiFetch directly.
 */
import { apiFetch } from './api-fetch.ts';
import { apiErrorMessage } from '../components/step/render-event.ts';
import type { ApiErrorBody, GetRoutes, PostRoutes } from './contract.ts';

export class ApiError extends Error {
  readonly status: number;
  /** The API's error code (`NotTornDown`, `ConfirmAccount`…), or '' when the body was not the API's. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function apiGet<P extends keyof GetRoutes & string>(path: P, init: RequestInit = {}): Promise<GetRoutes[P]> {
  return call(path, { cache: 'no-store', ...init, headers: { accept: 'application/json' } });
}

export function apiPost<P extends keyof PostRoutes & string>(path: P, body: PostRoutes[P]['body'], init: RequestInit = {}): Promise<PostRoutes[P]['answer']> {
  return call(path, {
    cache: 'no-store',
    ...init,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const res = await apiFetch(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorCode(text), apiErrorMessage(res.status, text));
  return JSON.parse(text) as T;
}

function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as Partial<ApiErrorBody>).error?.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}
