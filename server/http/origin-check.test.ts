import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { loopbackOrigins, originAllowed, originCheck } from './origin-check.ts';

type Env = { Variables: { authVia: 'bearer' | 'cookie' } };

function app(via: 'bearer' | 'cookie') {
  let runs = 0;
  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    c.set('authVia', via);
    await next();
  });
  app.use(
    '*',
    originCheck<Env>({
      origins: () => loopbackOrigins(4321),
      mayOmitOrigin: (c) => c.get('authVia') === 'bearer',
      contentType: 'application/json',
      refuse: (c, problem) => c.json({ problem }, problem === 'origin' ? 403 : 415),
    }),
  );
  app.post('/run', (c) => {
    runs++;
    return c.json({ ok: true });
  });
  app.get('/list', (c) => c.json([]));
  return { app, runs: () => runs };
}

const json = { 'content-type': 'application/json' };

test('a POST from our own origin with JSON passes', async () => {
  const { app: a, runs } = app('cookie');
  const res = await a.request('/run', { method: 'POST', headers: { ...json, origin: 'http://127.0.0.1:4321' }, body: '{}' });
  assert.equal(res.status, 200);
  assert.equal(runs(), 1);
});

test('foreign, IP-literal, null and missing origins are refused for cookie callers', async () => {
  const { app: a, runs } = app('cookie');
  for (const origin of ['http://evil.test', 'http://127.0.0.2:4321', 'http://127.0.0.1:4322', 'null', undefined]) {
    const headers: Record<string, string> = { ...json };
    if (origin) headers.origin = origin;
    assert.equal((await a.request('/run', { method: 'POST', headers, body: '{}' })).status, 403, String(origin));
  }
  assert.equal(runs(), 0);
});

test('bearer scripts may omit Origin but still need JSON', async () => {
  const { app: a } = app('bearer');
  assert.equal((await a.request('/run', { method: 'POST', headers: json, body: '{}' })).status, 200);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'Text/Plain', '']) {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    assert.equal((await a.request('/run', { method: 'POST', headers, body: '{}' })).status, 415, type);
  }
});

test('GET passes without Origin and no CORS header is ever set', async () => {
  const { app: a } = app('cookie');
  const res = await a.request('/list', { headers: { origin: 'http://evil.test' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
});

test('originAllowed: exact origins only; a missing or opaque Origin only when the rule says so', () => {
  const ours = loopbackOrigins(4566);
  assert.ok(originAllowed('http://127.0.0.1:4566', ours));
  assert.ok(!originAllowed('http://127.0.0.1:4567', ours));
  assert.ok(!originAllowed(undefined, ours));
  assert.ok(originAllowed(undefined, ours, { missing: true }));
  assert.ok(!originAllowed('null', ours, { missing: true }));
  assert.ok(originAllowed('null', ours, { opaque: true }));
});
