import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Hono } from 'hono';
import { hostAllowlist, isAllowedHost, loopbackHosts } from './host-allowlist.ts';
import type { NodeEnv } from './node-env.ts';

const list = loopbackHosts(4321);

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
  const app = new Hono<NodeEnv>();
  app.use('*', hostAllowlist(() => list, (c) => c.text('refused', 403)));
  app.get('*', (c) => {
    reached++;
    return c.text('ok');
  });
  assert.equal((await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } })).status, 200);
  assert.equal((await app.request('http://evil.test/', { headers: { host: 'evil.test:4321' } })).status, 403);
  const absolute = await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } }, { incoming: { url: 'http://evil.test/api/x' } });
  assert.equal(absolute.status, 403);
  assert.equal(await absolute.text(), 'refused', 'each listener words its own refusal');
  const ours = await app.request('http://127.0.0.1:4321/', { headers: { host: 'localhost.:4321' } }, { incoming: { url: 'http://LOCALHOST:4321/x' } });
  assert.equal(ours.status, 200, 'an absolute-form target naming us, and a trailing dot, pass');
  const defaultPort = await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } }, { incoming: { url: 'http://127.0.0.1/x' } });
  assert.equal(defaultPort.status, 403, 'an absolute target without a port means port 80');
  const unparsable = await app.request('http://127.0.0.1:4321/', { headers: { host: '127.0.0.1:4321' } }, { incoming: { url: 'http://[nope/x' } });
  assert.equal(unparsable.status, 403);
  assert.equal(reached, 2);
});
