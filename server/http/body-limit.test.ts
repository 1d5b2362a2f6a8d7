import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Hono } from 'hono';
import { bodyLimit } from './body-limit.ts';
import { listenLoopback, type LoopbackServer } from './listen-loopback.ts';

// Over a real socket (the lazy Request of @hono/node-server, globals not replaced), as both
// listeners run: a streamed body under the limit must reach the handler whole.
const app = new Hono();
app.use('/small/*', bodyLimit({ maxSize: 10, onTooLarge: (c) => c.text('too large', 413) }));
app.use('*', bodyLimit({ maxSize: (c) => (c.req.header('x-big') ? 1000 : 100), onTooLarge: (c) => c.text('too large', 413) }));
app.post('*', async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)));

let server: LoopbackServer;
before(async () => {
  server = await listenLoopback(app.fetch, 0);
});
after(() => server.close());

function post(path: string, chunks: string[], headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

test('a chunked body under the limit arrives whole; over it, 413', async () => {
  assert.deepEqual(await post('/', ['a'.repeat(60), 'b'.repeat(40)]), { status: 200, body: '100' });
  assert.equal((await post('/', ['a'.repeat(60), 'b'.repeat(41)])).status, 413);
});

test('the limit counts bytes, and may depend on the request', async () => {
  assert.equal((await post('/', ['é'.repeat(50), 'x'])).status, 413, '101 bytes in 51 characters');
  assert.deepEqual(await post('/', ['x'.repeat(500)], { 'x-big': '1' }), { status: 200, body: '500' });
  assert.equal((await post('/small/x', ['x'.repeat(11)])).status, 413);
});

test('a declared Content-Length over the limit is refused unread', async () => {
  const body = 'x'.repeat(101);
  assert.equal((await post('/', [body], { 'content-length': String(body.length) })).status, 413);
  assert.deepEqual(await post('/', ['x'.repeat(100)], { 'content-length': '100' }), { status: 200, body: '100' });
});
