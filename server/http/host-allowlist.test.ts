import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Hono } from 'hono';
import type { GuardEnv } from './guard-env.ts';
import { allowedHosts, hostAllowlist, isAllowedHost } from './host-allowlist.ts';

const list = allowedHosts(4321);

test('only loopback names on our port pass', () => {
  for (const ok of ['localhost:4321', '127.0.0.1:4321', '[::1]:4321', 'LOCALHOST:4321', 'localhost.:4321']) assert.ok(isAllowedHost(ok, list), ok);
  for (const bad of ['localhost', 'localhost:4322', 'evil.test:4321', '127.0.0.1.nip.io:4321', 'localhost.evil:4321', '0.0.0.0:4321', '', undefined]) {
    assert.ok(!isAllowedHost(bad, list), String(bad));
  }
});

test('generated host names never pass unless they are in the allowlist', () => {
  fc.assert(
    fc.property(fc.oneof(fc.domain(), fc.ipV4(), fc.string()), fc.integer({ min: 0, max: 65535 }), (name, port) => {
      const host = `${name}:${port}`;
      assert.equal(isAllowedHost(host, list), list.includes(host.toLowerCase().replace(/\.(?=:\d+$)/, '')));
    }),
    { numRuns: 300 },
  );
});

test('the middleware refuses a foreign Host and an absolute-form target before any route', async () => {
  let reached = 0;
  const app = new Hono<GuardEnv>();
  app.use('*', hostAllowlist(() => list));
  app.get('*', (c) => {
    reached++;
    return c.text('ok');
  });
  assert.equal((await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } })).status, 200);
  assert.equal((await app.request('http://evil.test/', { headers: { host: 'evil.test:4321' } })).status, 403);
  const absolute = await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } }, { incoming: { url: 'http://evil.test/api/x' } });
  assert.equal(absolute.status, 403);
  assert.equal(reached, 1);
});
