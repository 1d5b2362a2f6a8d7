import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { GuardEnv } from './guard-env.ts';
import { BrowserSessions, KEY_HEADER, requireToken, SESSION_COOKIE, tokenExchange, tokenMatches } from './launch-token.ts';

const TOKEN = 'a'.repeat(43);

function app() {
  const sessions = new BrowserSessions();
  const app = new Hono<GuardEnv>();
  app.use('*', tokenExchange(TOKEN, sessions));
  app.use('/api/*', requireToken(TOKEN, sessions));
  app.get('/api/x', (c) => c.json({ via: c.get('authVia') }));
  app.get('/lessons/', (c) => c.text('page'));
  return app;
}

/** Signs a browser in: the session cookie and the key the enter page would store. */
async function signIn(a: Hono<GuardEnv>) {
  const res = await a.request(`/lessons/?token=${TOKEN}&x=1`);
  const cookie = /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
  const html = await res.text();
  const key = /name="sts-workshop-key" content="([^"]+)"/.exec(html)![1];
  return { res, cookie, key, html };
}

test('tokenMatches is exact', () => {
  assert.ok(tokenMatches(TOKEN, TOKEN));
  assert.ok(!tokenMatches(TOKEN + 'a', TOKEN));
  assert.ok(!tokenMatches(undefined, TOKEN));
  assert.ok(!tokenMatches('', TOKEN));
});

test('the start URL sets an HttpOnly SameSite=Strict session cookie and hands the page its key', async () => {
  const { res, cookie, key, html } = await signIn(app());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const setCookie = res.headers.get('set-cookie') ?? '';
  assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.ok(!cookie.includes(TOKEN), 'the cookie is not the launch token');
  assert.notEqual(key, TOKEN);
  assert.match(html, /name="sts-workshop-next" content="\/lessons\/\?x=1"/);
  assert.match(html, /<script type="module" src="\/enter.js"><\/script>/);
});

test('a wrong token in the URL is refused', async () => {
  assert.equal((await app().request('/lessons/?token=wrong')).status, 401);
});

test('the API needs the bearer token, or the session cookie together with its key', async () => {
  const a = app();
  const { cookie, key } = await signIn(a);
  assert.equal((await a.request('/api/x')).status, 401);
  assert.equal((await a.request('/api/x', { headers: { authorization: 'Bearer nope' } })).status, 401);
  assert.deepEqual(await (await a.request('/api/x', { headers: { authorization: `Bearer ${TOKEN}` } })).json(), { via: 'bearer' });
  assert.deepEqual(await (await a.request('/api/x', { headers: { cookie, [KEY_HEADER]: key } })).json(), { via: 'cookie' });
  assert.equal((await a.request('/api/x', { headers: { cookie } })).status, 401, 'the cookie alone (which other loopback ports can receive) is not enough');
  assert.equal((await a.request('/api/x', { headers: { [KEY_HEADER]: key } })).status, 401);
  assert.equal((await a.request('/api/x', { headers: { cookie, [KEY_HEADER]: key + 'x' } })).status, 401);
  assert.equal((await a.request('/api/x', { headers: { cookie: `${SESSION_COOKIE}=${TOKEN}`, [KEY_HEADER]: TOKEN } })).status, 401, 'the launch token is no session');
});

test('the page after the exchange never leaves the site', async () => {
  const res = await app().request(`http://127.0.0.1:4321//evil.test/x?token=${TOKEN}`);
  assert.match(await res.text(), /name="sts-workshop-next" content="\/evil.test\/x"/);
  const backslash = await app().request(`http://127.0.0.1:4321/%5C%5Cevil.test/?token=${TOKEN}`);
  assert.doesNotMatch(await backslash.text(), /content="\/\//);
});

test('the page after the exchange never hands the token back, whatever else the URL carries', async () => {
  for (const rest of [`/x/${TOKEN}`, `/?next=${TOKEN}`, `/?a=%zz&next=${TOKEN.replace(/a/g, '%61')}`, `/${encodeURIComponent(TOKEN)}/`]) {
    const res = await app().request(`http://127.0.0.1:4321${rest}${rest.includes('?') ? '&' : '?'}token=${TOKEN}`);
    assert.equal(res.status, 200, rest);
    const html = await res.text();
    assert.ok(!html.includes(TOKEN) && !html.includes('%61%61%61'), `${rest}: ${html}`);
    assert.match(html, /name="sts-workshop-next" content="\/"/, rest);
  }
  const kept = await app().request(`http://127.0.0.1:4321/lessons/?a=1&token=${TOKEN}`);
  assert.match(await kept.text(), /name="sts-workshop-next" content="\/lessons\/\?a=1"/);
});
