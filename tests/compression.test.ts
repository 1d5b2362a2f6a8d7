/**
 * Compression: the build's precompressed copies (scripts/precompress.ts) are what the notebook
 * sends for pages, scripts and stylesheets when the browser accepts them, the same bytes once
 * decoded; API answers are never compressed; and a run's NDJSON stream, over a real HTTP
 * connection from a client that accepts every encoding, delivers its first events while the
 * step is still running.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { lessons } from '../src/lessons/index.ts';
import { listenLoopback, type LoopbackServer } from '../server/http/listen-loopback.ts';
import { precompressDir } from '../scripts/precompress.ts';
import { TOKEN, testNotebook } from './support/notebook.ts';
import { runnerLesson } from './support/test-lessons.ts';

let dist: string;
let page: Buffer;
let nb: Awaited<ReturnType<typeof testNotebook>>;
let server: LoopbackServer;

before(async () => {
  dist = await mkdtemp(join(tmpdir(), 'stsw-dist-'));
  await mkdir(join(dist, '_astro'));
  page = Buffer.from(`<!doctype html><title>Lesson</title>${'<p class="prose">Assume a role, then call STS as that role.</p>\n'.repeat(400)}`);
  await writeFile(join(dist, 'index.html'), page);
  await writeFile(join(dist, '_astro', 'step.js'), `export const steps = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `step-${i}`))};\n`);
  await writeFile(join(dist, '_astro', 'tiny.css'), 'a{}');
  await writeFile(join(dist, 'logo.png'), Buffer.alloc(4096, 7));
  await precompressDir(dist);
  nb = await testNotebook({ lessons: [...lessons, runnerLesson], env: { WORKSHOP_DIST: dist } });
  server = await listenLoopback(nb.app.fetch, 0);
  nb.bindPort(server.port);
});
after(async () => {
  await server?.close();
  await nb?.close();
});

/** A GET over real HTTP (fetch would decode the body and hide the encoding). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the build writes Brotli and gzip copies of compressible files, only where they are smaller', async () => {
  for (const name of ['index.html', '_astro/step.js']) {
    assert.ok((await stat(join(dist, `${name}.br`))).size < (await stat(join(dist, name))).size, name);
    assert.ok((await stat(join(dist, `${name}.gz`))).size < (await stat(join(dist, name))).size, name);
  }
  await assert.rejects(stat(join(dist, '_astro/tiny.css.br')), 'a 3-byte file gains nothing');
  await assert.rejects(stat(join(dist, 'logo.png.gz')), 'images are not compressible text');
});

test('pages go out Brotli- or gzip-encoded as the browser accepts, the same page once decoded', async () => {
  const br = await get('/', { 'accept-encoding': 'gzip, deflate, br, zstd' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers['content-type']), /^text\/html/);
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.ok(br.body.length < page.length / 5, `${br.body.length} bytes for a ${page.length}-byte page`);
  assert.deepEqual(brotliDecompressSync(br.body), page);

  const gz = await get('/', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(gz.body), page);

  const raw = await get('/', {});
  assert.equal(raw.headers['content-encoding'], undefined);
  assert.deepEqual(raw.body, page);

  const js = await get('/_astro/step.js', { 'accept-encoding': 'br' });
  assert.equal(js.headers['content-encoding'], 'br');
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.deepEqual(brotliDecompressSync(js.body), await readFile(join(dist, '_astro/step.js')));
});

test('API answers are never compressed, even to a client that accepts every encoding', async () => {
  const res = await get('/api/lessons', { authorization: `Bearer ${TOKEN}`, 'accept-encoding': 'gzip, deflate, br, zstd' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(JSON.parse(res.body.toString()).lessons.length, lessons.length + 1);
});

test('a run streams unbuffered: its first events arrive while the step is still running', async () => {
  const base = `http://127.0.0.1:${server.port}/api/lessons/runner-test/steps/slow`;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br, zstd' };
  const res = await fetch(`${base}/run`, { method: 'POST', headers, body: '{}' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), null);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('"type":"progress"')) {
    const { value, done } = await reader.read();
    assert.ok(!done, `the stream ended before the step did: ${text}`);
    text += value;
  }
  // The step sleeps for 30 s after these events: they arrived while it was running.
  assert.ok(!text.includes('"type":"end"'), text);
  assert.equal((await fetch(`${base}/stop`, { method: 'POST', headers, body: '{}' })).status, 202);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  assert.match(text.trim().split('\n').at(-1)!, /"type":"end".*"status":"cancelled"/);
});
