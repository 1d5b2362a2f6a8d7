/**
 * The notebook's HTTP API in process (app.request), with an embedded sandbox: listing, a real
 * run streamed as NDJSON, the guards (token, Host, Origin, content type), 404/400/409, Stop,
 * expected denials, ordering and inputs, redaction of streamed secrets, and a client that
 * disconnects mid-run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lessons } from '../src/lessons/index.ts';
import { events, request, run, runToEnd, testNotebook, TOKEN } from './support/notebook.ts';
import { runnerLesson } from './support/test-lessons.ts';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook({ lessons: [...lessons, runnerLesson] });
});
after(() => nb.close());

test('GET /api/lessons lists lessons and steps with their state', async () => {
  const res = await nb.request('/api/lessons');
  assert.equal(res.status, 200);
  const body = await res.json();
  const who = body.lessons.find((l: any) => l.slug === 'who-am-i');
  assert.deepEqual(who.steps.find((s: any) => s.id === 'get-caller-identity'), { id: 'get-caller-identity', title: 'Ask STS who is calling', phase: 'usage', expect: 'ok', inputs: [], requires: [], status: 'idle' });
});

test('running "Who am I?" streams the SDK call, the result and the end', async () => {
  const res = await run(nb, 'who-am-i', 'get-caller-identity');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/x-ndjson/);
  const list = await events(res);
  assert.deepEqual(list.map((e) => e.type), ['start', 'call', 'result', 'end']);
  const call = list[1] as any;
  assert.equal(call.service, 'STS');
  assert.equal(call.operation, 'GetCallerIdentity');
  assert.equal(call.output.Arn, 'arn:aws:iam::123456789012:user/workshop-admin');
  assert.equal(typeof call.ms, 'number');
  assert.deepEqual(list.at(-1), { ...list.at(-1), type: 'end', ok: true, status: 'succeeded' });
  const state = await (await nb.request('/api/lessons')).json();
  const who = state.lessons.find((l: any) => l.slug === 'who-am-i');
  assert.equal(who.steps.find((s: any) => s.id === 'get-caller-identity').status, 'succeeded');
});

test('the API refuses requests without the launch token', async () => {
  const res = await nb.app.request('http://127.0.0.1:4321/api/lessons', { headers: { host: '127.0.0.1:4321' } });
  assert.equal(res.status, 401);
  const bearer = await nb.app.request('http://127.0.0.1:4321/api/lessons', { headers: { host: '127.0.0.1:4321', authorization: `Bearer ${TOKEN}` } });
  assert.equal(bearer.status, 200);
});

test('a wrong Host is refused before any route, even with the token', async () => {
  const res = await nb.request('/api/lessons', { headers: { host: 'rebind.test:4321', authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 403);
});

test('a cross-origin or non-JSON POST cannot start a run', async () => {
  const before = nb.sandbox!.state.store.sessions.size;
  const foreign = await nb.request('/api/lessons/who-am-i/steps/get-caller-identity/run', { method: 'POST', headers: { origin: 'http://evil.test' }, body: '{}' });
  assert.equal(foreign.status, 403);
  const plain = await nb.request('/api/lessons/who-am-i/steps/get-caller-identity/run', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
  assert.equal(plain.status, 415);
  assert.equal(nb.sandbox!.state.store.sessions.size, before);
});

test('unknown lesson or step is 404 JSON; malformed JSON is 400', async () => {
  const lesson = await run(nb, 'nope', 'x');
  assert.equal(lesson.status, 404);
  assert.equal((await lesson.json()).error.code, 'NoSuchLesson');
  const step = await run(nb, 'who-am-i', 'nope');
  assert.equal(step.status, 404);
  assert.equal((await step.json()).error.code, 'NoSuchStep');
  const bad = await nb.request('/api/lessons/who-am-i/steps/get-caller-identity/run', { method: 'POST', body: '{not json' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'BadRequest');
  const array = await nb.request('/api/lessons/who-am-i/steps/get-caller-identity/run', { method: 'POST', body: '[]' });
  assert.equal(array.status, 400);
  const unknownRoute = await nb.request('/api/nothing');
  assert.equal(unknownRoute.status, 404);
});

test('a step that has not run has no last run: 204 No Content, not an error; an unknown step is 404', async () => {
  const never = await nb.request('/api/lessons/who-am-i/steps/regional-endpoints/last-run');
  assert.equal(never.status, 204);
  assert.equal(await never.text(), '');
  const lesson = await nb.request('/api/lessons/nope/steps/x/last-run');
  assert.equal(lesson.status, 404);
  assert.equal((await lesson.json()).error.code, 'NoSuchLesson');
  const step = await nb.request('/api/lessons/who-am-i/steps/nope/last-run');
  assert.equal(step.status, 404);
  assert.equal((await step.json()).error.code, 'NoSuchStep');
});

test('one run at a time per lesson: a second run gets 409, Stop cancels the first', async () => {
  const first = await run(nb, 'runner-test', 'slow');
  assert.equal(first.status, 200);
  const second = await run(nb, 'runner-test', 'slow');
  assert.equal(second.status, 409);
  assert.match((await second.json()).error.message, /still running/);
  const other = await run(nb, 'runner-test', 'first');
  assert.equal(other.status, 409);
  const stop = await nb.request('/api/lessons/runner-test/steps/slow/stop', { method: 'POST', body: '{}' });
  assert.equal(stop.status, 202);
  const list = await events(first);
  assert.deepEqual(list.map((e) => e.type), ['start', 'log', 'progress', 'error', 'end']);
  assert.equal((list.at(-1) as any).status, 'cancelled');
  const again = await nb.request('/api/lessons/runner-test/steps/slow/stop', { method: 'POST', body: '{}' });
  assert.equal(again.status, 409);
});

test('a step meant to be denied passes when denied with that code, fails when it succeeds', async () => {
  const denied = await runToEnd(nb, 'runner-test', 'denied');
  assert.equal(denied.end.status, 'expected-failure');
  assert.equal(denied.end.ok, true);
  assert.equal(denied.error.name, 'InvalidClientTokenId');
  assert.equal(denied.error.expected, true);
  const call = denied.events.find((e) => e.type === 'call') as any;
  assert.equal(call.error.name, 'InvalidClientTokenId');
  const notDenied = await runToEnd(nb, 'runner-test', 'not-denied');
  assert.equal(notDenied.end.status, 'failed');
  assert.match(notDenied.error.message, /Expected AccessDenied error/);
});

test('a step run out of order, or with a bad input, is refused and changes nothing', async () => {
  const fresh = await testNotebook({ lessons: [runnerLesson] });
  try {
    const early = await run(fresh, 'runner-test', 'needs-first', { code: '123456' });
    assert.equal(early.status, 409);
    assert.match((await early.json()).error.message, /Run "First" first/);
    assert.equal((await runToEnd(fresh, 'runner-test', 'first')).end.status, 'succeeded');
    const missing = await run(fresh, 'runner-test', 'needs-first', {});
    assert.equal(missing.status, 400);
    const bad = await run(fresh, 'runner-test', 'needs-first', { code: '12ab56' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /6 digits/);
    const ok = await runToEnd(fresh, 'runner-test', 'needs-first', { code: '123456' });
    assert.deepEqual(ok.result, { code: '123456' });
  } finally {
    await fresh.close();
  }
});

test('secrets a step registers never leave the server, raw or encoded', async () => {
  const res = await run(nb, 'runner-test', 'leaky');
  const text = await res.text();
  assert.ok(!text.includes('s3cr3t-VALUE'), text);
  assert.ok(!text.includes(encodeURIComponent('s3cr3t-VALUE-that-must-never-leave/+=abc')), text);
  assert.match(text, /\[REDACTED:Test\]/);
  assert.ok(!nb.logLines.join('\n').includes('s3cr3t-VALUE'));
});

test('a client that disconnects mid-run does not crash the server, and the run completes', async () => {
  const controller = new AbortController();
  const res = await request(nb, '/api/lessons/runner-test/steps/slow/run', { method: 'POST', body: '{}', signal: controller.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.cancel().catch(() => {});
  await nb.request('/api/lessons/runner-test/steps/slow/stop', { method: 'POST', body: '{}' });
  await new Promise((r) => setTimeout(r, 50));
  const state = await (await nb.request('/api/lessons')).json();
  const slow = state.lessons.find((l: any) => l.slug === 'runner-test').steps.find((s: any) => s.id === 'slow');
  assert.equal(slow.status, 'cancelled');
  assert.equal((await nb.request('/api/health')).status, 200);
});

test('security headers are on every response and no CORS header ever is', async () => {
  for (const path of ['/api/lessons', '/api/nothing', '/']) {
    const res = await nb.request(path, { headers: { origin: 'http://evil.test' } });
    assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get('access-control-allow-origin'), null, path);
  }
});

test('POST /api/sandbox/clock refuses a body that is not an object (null, an array, a number) with 400, and moves nothing', async () => {
  for (const body of ['null', '[]', '42', '"60"', '{"seconds":null}']) {
    const res = await nb.request('/api/sandbox/clock', { method: 'POST', body });
    assert.equal(res.status, 400, body);
    assert.equal((await res.json()).error.code, 'BadInput', body);
  }
});
