import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { GuardEnv } from './guard-env.ts';
import { requireToken, TOKEN_COOKIE, tokenExchange, tokenMatches } from './launch-token.ts';

const TOKEN = 'a'.repeat(43);

function app() {
  const app = new Hono<GuardEnv>();
  app.use('*', tokenExchange(TOKEN));
  app.use('/api/*', requireToken(TOKEN));
  app.get('/api/x', (c) => c.json({ via: c.get('authVia') }));
  app.get('/lessons/', (c) => c.text('page'));
  return app;
}

test('tokenMatches is exact', () => {
  assert.ok(tokenMatches(TOKEN, TOKEN));
  assert.ok(!tokenMatches(TOKEN + 'a', TOKEN));
  assert.ok(!tokenMatches(undefined, TOKEN));
  assert.ok(!tokenMatches('', TOKEN));
});

test('the start URL sets an HttpOnly SameSite=Strict cookie and redirects without the token', async () => {
  const res = await app().request(`/lessons/?token=${TOKEN}&x=1`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/lessons/?x=1');
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, new RegExp(`^${TOKEN_COOKIE}=${TOKEN};`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
});

test('a wrong token in the URL is refused', async () => {
  assert.equal((await app().request('/lessons/?token=wrong')).status, 401);
});

test('the API needs the cookie or a bearer token', async () => {
  assert.equal((await app().request('/api/x')).status, 401);
  assert.equal((await app().request('/api/x', { headers: { authorization: 'Bearer nope' } })).status, 401);
  const bearer = await app().request('/api/x', { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.deepEqual(await bearer.json(), { via: 'bearer' });
  const cookie = await app().request('/api/x', { headers: { cookie: `${TOKEN_COOKIE}=${TOKEN}` } });
  assert.deepEqual(await cookie.json(), { via: 'cookie' });
});

test('the redirect after the exchange never leaves the site', async () => {
  const res = await app().request(`http://127.0.0.1:4321//evil.test/x?token=${TOKEN}`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/evil.test/x');
  const backslash = await app().request(`http://127.0.0.1:4321/%5C%5Cevil.test/?token=${TOKEN}`);
  assert.ok(!backslash.headers.get('location')!.startsWith('//'));
});
