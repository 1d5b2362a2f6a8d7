/**
 * The API's 64 KiB body limit counts bytes while the body streams and refuses at the limit: a
 * 100 MB chunked POST (no Content-Length) is answered 413 after reading little more than the
 * limit, in process and over a real socket; a chunked body at or under the limit still runs a
 * step; the limit counts bytes, not characters; it applies only after the token check; and a
 * body the client abandons mid-stream is a 400, not an unexpected server error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { lessons } from '../src/lessons/index.ts';
import { listenLoopback } from '../server/http/listen-loopback.ts';
import { events, ORIGIN, PORT, testNotebook, TOKEN } from './support/notebook.ts';

const LIMIT = 64 * 1024;
const RUN = '/api/lessons/who-am-i/steps/get-caller-identity/run';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook({ lessons });
});
after(() => nb.close());

/** A body made lazily, chunk by chunk, that counts what the server pulled from it. */
function lazyBody(total: number, chunk = 16 * 1024, fill = (_offset: number, size: number) => new Uint8Array(size).fill(0x20)) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        const size = Math.min(chunk, total - counter.pulled);
        controller.enqueue(fill(counter.pulled, size));
        counter.pulled += size;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

/** The given bytes as a stream of small chunks (so the request has no Content-Length). */
function chunked(bytes: Uint8Array, chunk = 1000) {
  return lazyBody(bytes.length, chunk, (offset, size) => bytes.slice(offset, offset + size));
}

function post(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return nb.app.request(`http://127.0.0.1:${PORT}${path}`, {
    method: 'POST',
    headers: { host: `127.0.0.1:${PORT}`, authorization: `Bearer ${TOKEN}`, origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** A JSON object of exactly `size` bytes, {"pad":"…"} padded with `char` (1 or 2 UTF-8 bytes). */
function jsonOfSize(size: number, char = 'x'): Uint8Array<ArrayBuffer> {
  const frame = '{"pad":""}';
  const per = new TextEncoder().encode(char).length;
  const room = size - frame.length;
  assert.equal(room % per, 0);
  const bytes = new TextEncoder().encode(`{"pad":"${char.repeat(room / per)}"}`);
  assert.equal(bytes.length, size);
  return bytes;
}

test('a 100 MB chunked POST is refused with 413 JSON after reading little more than the limit', async () => {
  const { stream, counter } = lazyBody(100 * 1024 * 1024);
  const res = await post(RUN, stream);
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), { error: { code: 'TooLarge', message: 'The request body is too large.' } });
  assert.ok(counter.pulled < 1024 * 1024, `pulled ${counter.pulled} bytes of the body`);
  assert.ok(counter.pulled > LIMIT, `pulled only ${counter.pulled} bytes`);
});

test('a chunked JSON body at or just under the limit still runs the step', async () => {
  for (const size of [LIMIT - 1, LIMIT]) {
    const { stream, counter } = chunked(jsonOfSize(size));
    const res = await post(RUN, stream);
    assert.equal(res.status, 200, `${size} bytes: ${res.status}`);
    const list = await events(res);
    assert.deepEqual(list.at(-1), { ...list.at(-1), type: 'end', ok: true, status: 'succeeded' }, `${size} bytes`);
    assert.equal(counter.pulled, size);
  }
});

test('one byte over the limit is 413, with or without Content-Length', async () => {
  const over = jsonOfSize(LIMIT + 1);
  const streamed = await post(RUN, chunked(over).stream);
  assert.equal(streamed.status, 413);
  assert.equal((await streamed.json()).error.code, 'TooLarge');
  const declared = await nb.request(RUN, { method: 'POST', body: over });
  assert.equal(declared.status, 413);
  assert.equal((await declared.json()).error.code, 'TooLarge');
});

test('the limit counts bytes, not characters', async () => {
  // 40,000 "é" are 40,000 UTF-16 code units but 80,000 bytes.
  const res = await post(RUN, chunked(jsonOfSize(10 + 80_000, 'é')).stream);
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'TooLarge');
});

test('without the token a large body is 401, not 413: the limit comes after the token check', async () => {
  const { stream, counter } = lazyBody(10 * 1024 * 1024);
  const res = await post(RUN, stream, { authorization: 'Bearer wrong' });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error.code, 'Unauthorized');
  assert.ok(counter.pulled < 1024 * 1024, `pulled ${counter.pulled} bytes without a token`);
});

test('over a real socket, a 100 MB chunked POST gets 413 long before the client has sent it all', async () => {
  const server = await listenLoopback(nb.app.fetch, 0);
  nb.bindPort(server.port);
  try {
    const total = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const outcome = await new Promise<{ status: number; body: string; sentAtResponse: number }>((resolve, reject) => {
      let sent = 0;
      let sentAtResponse = -1;
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: RUN,
        headers: {
          host: `127.0.0.1:${server.port}`,
          authorization: `Bearer ${TOKEN}`,
          origin: `http://127.0.0.1:${server.port}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      const write = () => {
        while (sent < total && sentAtResponse < 0) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        if (sentAtResponse < 0) req.end();
      };
      req.on('response', (res) => {
        sentAtResponse = sent;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, body, sentAtResponse });
        });
      });
      // After the 413 the server drains briefly, then closes: EPIPE/ECONNRESET on our side is expected.
      req.on('error', (error) => (sentAtResponse >= 0 ? undefined : reject(error)));
      write();
    });
    assert.equal(outcome.status, 413);
    assert.equal(JSON.parse(outcome.body).error.code, 'TooLarge');
    assert.ok(outcome.sentAtResponse < 32 * 1024 * 1024, `the client had sent ${outcome.sentAtResponse} bytes when the 413 came`);
  } finally {
    await server.close();
    nb.bindPort(PORT);
  }
});

test('a body the client abandons mid-stream is a 400, not a server failure', async () => {
  const logged = nb.logLines.length;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > 0) return controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      sent++;
      controller.enqueue(new TextEncoder().encode('{"pad":"'));
    },
  });
  const res = await post(RUN, body);
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'BadRequest');
  assert.deepEqual(nb.logLines.slice(logged).filter((line) => / error /.test(line)), []);
});
