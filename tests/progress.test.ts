/**
 * Progress through the API with a whole notebook in process: a finished lesson keeps its
 * outputs and is marked completed; statuses and outputs survive a restart (a second notebook on
 * the same state directory) without pretending the lesson's state did; POST …/reset forgets a
 * torn-down lesson and refuses while a step runs or resources remain; GET /api/report is a
 * redacted Markdown download with no secret the sandbox issued, nor a planted one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runnerLesson } from './support/test-lessons.ts';
import { run, runToEnd, testNotebook } from './support/notebook.ts';

type TestNotebook = Awaited<ReturnType<typeof testNotebook>>;
const WHO = 'who-am-i';
const ORDER = ['get-caller-identity', 'regional-endpoints', 'create-role', 'as-role-session', 'as-session-token', 'delete-role'];

async function lessons(nb: TestNotebook) {
  return (await (await nb.request('/api/lessons')).json()).lessons as any[];
}
async function lesson(nb: TestNotebook, slug = WHO) {
  return (await lessons(nb)).find((l) => l.slug === slug);
}
async function statusOf(nb: TestNotebook, step: string) {
  return (await lesson(nb)).steps.find((s: any) => s.id === step);
}
async function ok(nb: TestNotebook, step: string, slug = WHO) {
  const out = await runToEnd(nb, slug, step);
  assert.equal(out.end.status, 'succeeded', `${step}: ${JSON.stringify(out.error)}`);
  return out;
}
const reset = (nb: TestNotebook, slug = WHO) => nb.request(`/api/lessons/${slug}/reset`, { method: 'POST', body: '{}' });

/** Every secret the sandbox issued so far: secret keys and session tokens. */
function issuedSecrets(nb: TestNotebook): string[] {
  const store = nb.sandbox!.state.store;
  const secrets = [...store.accessKeys.values()].map((k) => k.secret);
  for (const s of store.sessions.values()) secrets.push(s.secret, s.token);
  return secrets;
}
function assertNone(text: string, secrets: string[], where: string) {
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)]) {
      assert.equal(text.includes(form), false, `a secret (${secret.slice(0, 4)}…) is in the ${where}`);
    }
  }
}

test('a finished lesson is completed and keeps every output; its state is gone, and the API says so', async () => {
  const nb = await testNotebook();
  try {
    assert.equal((await lesson(nb)).completed, false);
    for (const step of ORDER) {
      await ok(nb, step);
      if (step !== 'delete-role') assert.equal((await lesson(nb)).completed, false, `not completed after ${step}`);
    }
    const done = await lesson(nb);
    assert.equal(done.completed, true);
    assert.match(done.completedAt, /^\d{4}-\d\d-\d\dT/);
    for (const step of done.steps) {
      assert.equal(step.status, 'succeeded', step.id);
      assert.equal(step.stale, 'teardown', step.id);
      assert.equal((await nb.request(`/api/lessons/${WHO}/steps/${step.id}/last-run`)).status, 200, `${step.id} keeps its output`);
    }
    // The outputs stay to read, but the role is gone: the role session asks for setup again.
    const again = await run(nb, WHO, 'as-role-session');
    assert.equal(again.status, 409);
    const body = await again.json();
    assert.equal(body.error.code, 'OutOfOrder');
    assert.match(body.error.message, /Run "Create a role that trusts the notebook" again first: the lesson was torn down/);
    assert.deepEqual(nb.workshop.stateOf(WHO), {});
    // A new run-through starts with setup, and the lesson stays completed.
    await ok(nb, 'create-role');
    assert.equal((await statusOf(nb, 'create-role')).stale, undefined);
    assert.equal((await statusOf(nb, 'delete-role')).status, 'idle', 'a new setup clears the teardown');
    await ok(nb, 'as-role-session');
    await ok(nb, 'delete-role');
    assert.equal((await lesson(nb)).completed, true);
    // Other lessons are untouched.
    assert.equal((await lesson(nb, 'assume-role')).completed, false);
  } finally {
    await nb.close();
  }
});

test('after a restart statuses and outputs are back, completion too, but a step cannot build on lost state', async () => {
  const first = await testNotebook();
  let second: TestNotebook | undefined;
  try {
    const identity = await ok(first, 'get-caller-identity');
    await ok(first, 'create-role');
    await ok(first, 'check-target', 'how-this-works');
    const lines = await (await first.request(`/api/lessons/${WHO}/steps/get-caller-identity/last-run`)).text();
    await first.close();
    const file = await readFile(join(first.stateDir, 'progress-sandbox-123456789012.json'), 'utf8');
    assert.match(file, /GetCallerIdentity/);

    second = await testNotebook({ stateDir: first.stateDir });
    const gci = await statusOf(second, 'get-caller-identity');
    assert.equal(gci.status, 'succeeded');
    assert.equal(gci.stale, 'restart');
    assert.equal(await (await second.request(`/api/lessons/${WHO}/steps/get-caller-identity/last-run`)).text(), lines);
    assert.equal(identity.events.at(-1)!.type, 'end');
    assert.equal((await lesson(second, 'how-this-works')).completed, true, 'a completed lesson stays completed');
    assert.equal((await lesson(second)).completed, false);

    // The role's name and the lesson's state were in memory: a clear refusal, not a crash.
    const refused = await run(second, WHO, 'as-role-session');
    assert.equal(refused.status, 409);
    const body = await refused.json();
    assert.equal(body.error.code, 'OutOfOrder');
    assert.match(body.error.message, /Run "Create a role that trusts the notebook" again first: it ran before the notebook restarted/);
    // Running the setup again continues the lesson.
    await ok(second, 'create-role');
    await ok(second, 'as-role-session');
    assert.equal((await statusOf(second, 'as-role-session')).stale, undefined);
    await ok(second, 'delete-role');
  } finally {
    await first.close().catch(() => {});
    await second?.close();
  }
});

test('reset refuses while a step runs or resources remain, then forgets the lesson here and on disk', async () => {
  const nb = await testNotebook({ lessons: [(await import('../src/lessons/who-am-i/steps.ts')).default, runnerLesson] });
  try {
    // A step in flight: 409 AlreadyRunning.
    const slow = await run(nb, 'runner-test', 'slow');
    const busy = await reset(nb, 'runner-test');
    assert.equal(busy.status, 409);
    assert.equal((await busy.json()).error.code, 'AlreadyRunning');
    await nb.request('/api/lessons/runner-test/steps/slow/stop', { method: 'POST', body: '{}' });
    await slow.text();

    // The role exists: 409 NotTornDown, naming the teardown step.
    await ok(nb, 'get-caller-identity');
    await ok(nb, 'create-role');
    const early = await reset(nb);
    assert.equal(early.status, 409);
    const why = (await early.json()).error;
    assert.equal(why.code, 'NotTornDown');
    assert.match(why.message, /^Run "Delete the role" first/);
    assert.equal((await statusOf(nb, 'create-role')).status, 'succeeded', 'a refused reset changes nothing');

    await ok(nb, 'delete-role');
    const done = await reset(nb);
    assert.equal(done.status, 200);
    assert.deepEqual(await done.json(), { reset: true });
    const after = await lesson(nb);
    assert.equal(after.completed, false);
    assert.deepEqual(after.steps.map((s: any) => s.status), ORDER.map(() => 'idle'));
    const forgotten = await nb.request(`/api/lessons/${WHO}/steps/get-caller-identity/last-run`);
    assert.equal(forgotten.status, 204, 'no last run, which is not an error');
    assert.equal(await forgotten.text(), '');
    await nb.workshop.flushProgress();
    const file = JSON.parse(await readFile(join(nb.stateDir, 'progress-sandbox-123456789012.json'), 'utf8'));
    assert.equal(file.lessons[WHO], undefined, 'forgotten on disk too');
    assert.ok(file.lessons['runner-test'], 'other lessons are kept');

    assert.equal((await reset(nb, 'no-such-lesson')).status, 404);
    const notJson = await nb.request(`/api/lessons/${WHO}/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } });
    assert.equal(notJson.status, 415);
  } finally {
    await nb.close();
  }
});

test('the lab report is a Markdown download of the runs, with no secret in any encoding', async () => {
  const nb = await testNotebook();
  try {
    for (const step of ORDER) await ok(nb, step);
    // A secret that slipped into a remembered run (it must not, but the report redacts anyway).
    const planted = 'PLANTEDsecretVALUE/+=0123456789abcdefXYZ';
    nb.registry.add(planted, 'Planted');
    const kept = nb.workshop.lastRun(WHO, 'get-caller-identity')!;
    nb.workshop.rememberRun(WHO, 'get-caller-identity', [
      ...kept.slice(0, -1),
      JSON.stringify({ type: 'error', name: `Leak${planted}`, message: `url ${encodeURIComponent(planted)} b64 ${Buffer.from(planted).toString('base64')}`, expected: false }),
      kept.at(-1)!,
    ]);

    const res = await nb.request('/api/report');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.match(res.headers.get('content-disposition')!, /^attachment; filename="sts-workshop-report-\d{4}-\d\d-\d\d\.md"$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const md = await res.text();
    assert.match(md, /^# STS Workshop lab report/);
    assert.match(md, /- Account: `123456789012`/);
    assert.match(md, /- Region: `us-east-1`/);
    assert.match(md, /\| Who am I\? \| completed · 6 of 6 steps ended as meant \|/);
    assert.match(md, /\| \d+ \| STS \| `AssumeRole` \| `(OK|HTTP 200)` \| `[\w-]+` \| \d+ ms \|/);
    assert.match(md, /\| \d+ \| IAM \| `CreateRole` \|/);
    const requestIds = nb.workshop.lastRun(WHO, 'create-role')!.flatMap((l) => JSON.parse(l).requestId ?? []);
    assert.ok(requestIds.length > 0);
    for (const id of requestIds) assert.ok(md.includes(id), `request id ${id} in the report`);
    assertNone(md, [...issuedSecrets(nb), planted], 'report');
    assert.match(md, /\[REDACTED:Planted\]/);

    // The progress file on disk holds none of them either.
    await nb.workshop.flushProgress();
    assertNone(await readFile(join(nb.stateDir, 'progress-sandbox-123456789012.json'), 'utf8'), [...issuedSecrets(nb), planted], 'progress file');
    // The report needs the token like every API route.
    assert.equal((await nb.request('/api/report', { headers: { authorization: 'Bearer nope' } })).status, 401);
  } finally {
    await nb.close();
  }
});
