import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, apiPost, ApiError } from './api-client.ts';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function answer(status: number, body: string | null, seen: { url?: string; init?: RequestInit } = {}) {
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    seen.url = url;
    seen.init = init;
    return new Response(body, { status, headers: body === null ? {} : { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return seen;
}

test('apiGet answers the parsed JSON, asked for JSON and never cached', async () => {
  const seen = answer(200, JSON.stringify({ target: 'sandbox', lessons: [] }));
  const lessons = await apiGet('/api/lessons');
  assert.deepEqual(lessons, { target: 'sandbox', lessons: [] });
  assert.equal(seen.url, '/api/lessons');
  assert.equal(seen.init?.cache, 'no-store');
  assert.equal(new Headers(seen.init?.headers).get('accept'), 'application/json');
});

test('a 204 answers undefined: nothing there yet is not an error', async () => {
  answer(204, null);
  assert.equal(await apiGet('/api/lessons/assume-role-mfa/authenticator'), undefined);
});

test('apiPost sends the body as JSON', async () => {
  const seen = answer(200, JSON.stringify({ now: '2026-01-01T00:00:00Z', offsetSeconds: 30 }));
  const moved = await apiPost('/api/sandbox/clock', { seconds: 30 });
  assert.equal(moved.offsetSeconds, 30);
  assert.equal(seen.init?.method, 'POST');
  assert.equal(seen.init?.body, '{"seconds":30}');
  assert.equal(new Headers(seen.init?.headers).get('content-type'), 'application/json');
});

test('an error answer rejects with its status, code and message', async () => {
  answer(409, JSON.stringify({ error: { code: 'NotTornDown', message: 'Run the teardown first.' } }));
  await assert.rejects(apiPost('/api/lessons/who-am-i/reset', {}), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 409);
    assert.equal(err.code, 'NotTornDown');
    assert.equal(err.message, 'Run the teardown first.');
    return true;
  });
});

test('an error answer that is not the API\'s still says the status', async () => {
  answer(502, '<html>bad gateway</html>');
  await assert.rejects(apiGet('/api/session'), (err: unknown) => err instanceof ApiError && err.status === 502 && err.code === '' && /502/.test(err.message));
});
