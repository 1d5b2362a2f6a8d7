import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, isFinalStatus, parseEvent, readEvents, readLines } from './ndjson.ts';

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('LineSplitter returns only complete lines and keeps the rest', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('{"a":1}\n{"b"'), ['{"a":1}']);
  assert.deepEqual(s.push(':2}'), []);
  assert.deepEqual(s.push('\n'), ['{"b":2}']);
  assert.deepEqual(s.flush(), []);
});

test('LineSplitter handles CRLF, blank lines and an unterminated last line', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('one\r\n\r\n\ntwo\r'), ['one']);
  assert.deepEqual(s.push('\nthree'), ['two']);
  assert.deepEqual(s.flush(), ['three']);
  assert.deepEqual(s.flush(), []);
});

test('LineSplitter: any split of a body yields the same lines', () => {
  const body = '{"type":"log","text":"a"}\n{"type":"log","text":"b\\nc"}\r\n\n{"type":"end"}\n';
  const expected = ['{"type":"log","text":"a"}', '{"type":"log","text":"b\\nc"}', '{"type":"end"}'];
  for (let i = 0; i <= body.length; i++) {
    for (let j = i; j <= body.length; j += 7) {
      const s = new LineSplitter();
      const lines = [...s.push(body.slice(0, i)), ...s.push(body.slice(i, j)), ...s.push(body.slice(j)), ...s.flush()];
      assert.deepEqual(lines, expected, `split at ${i}/${j}`);
    }
  }
});

test('readLines decodes multi-byte characters split across chunks', async () => {
  const bytes = new TextEncoder().encode('{"type":"log","text":"✓ naïve 🔐"}\n');
  const chunks = Array.from(bytes, (b) => Uint8Array.of(b)); // one byte per chunk
  assert.deepEqual(await collect(readLines(streamOf(chunks))), ['{"type":"log","text":"✓ naïve 🔐"}']);
});

test('readLines yields a final line without a newline', async () => {
  assert.deepEqual(await collect(readLines(streamOf(['a\nb', 'c']))), ['a', 'bc']);
});

test('readLines yields lines as they arrive, before the stream ends', async () => {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
  const lines = readLines(stream);
  controller.enqueue(new TextEncoder().encode('first\nsec'));
  assert.deepEqual(await lines.next(), { done: false, value: 'first' });
  controller.enqueue(new TextEncoder().encode('ond\n'));
  assert.deepEqual(await lines.next(), { done: false, value: 'second' });
  controller.close();
  assert.equal((await lines.next()).done, true);
});

test('parseEvent accepts known event types', () => {
  assert.deepEqual(parseEvent('{"type":"log","text":"hi"}'), { type: 'log', text: 'hi' });
  assert.deepEqual(parseEvent('{"type":"end","ok":true,"status":"expected-failure","ms":3}'), {
    type: 'end', ok: true, status: 'expected-failure', ms: 3,
  });
});

test('parseEvent rejects non-JSON, non-objects and unknown types', () => {
  assert.equal(parseEvent('not json'), undefined);
  assert.equal(parseEvent('[1,2]'), undefined);
  assert.equal(parseEvent('null'), undefined);
  assert.equal(parseEvent('"log"'), undefined);
  assert.equal(parseEvent('{"type":"explode"}'), undefined);
  assert.equal(parseEvent('{"text":"no type"}'), undefined);
});

test('parseEvent derives a missing end status from ok', () => {
  assert.equal((parseEvent('{"type":"end","ok":true,"ms":1}') as { status: string }).status, 'succeeded');
  assert.equal((parseEvent('{"type":"end","ok":false,"ms":1}') as { status: string }).status, 'failed');
  assert.equal((parseEvent('{"type":"end","ok":false,"status":"weird"}') as { status: string }).status, 'failed');
});

test('readEvents marks unreadable lines instead of stopping', async () => {
  const items = await collect(readEvents(streamOf(['{"type":"log","text":"a"}\n<html>\n', '{"type":"end","ok":true,"status":"succeeded","ms":2}\n'])));
  assert.deepEqual(items, [
    { event: { type: 'log', text: 'a' } },
    { unreadable: '<html>' },
    { event: { type: 'end', ok: true, status: 'succeeded', ms: 2 } },
  ]);
});

test('isFinalStatus', () => {
  assert.equal(isFinalStatus('cancelled'), true);
  assert.equal(isFinalStatus('running'), false);
  assert.equal(isFinalStatus(undefined), false);
});
