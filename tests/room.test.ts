/**
 * The workshop room through its HTTP API, in process: joining (and every way a join is refused
 * without anything being made), each learner's isolation (their own account, lessons, runs;
 * their keys refused in another learner's account by the sandbox itself), the roles on every
 * route (derived from the app's own route table, so a new route is covered without editing this
 * test), and the facilitator's grid and actions down to the room's end, after which no learner
 * account exists and the ledger has nothing outstanding for any of them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, DeleteUserPolicyCommand, GetUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { ConfigError, readConfig } from '../server/config.ts';
import { defineLesson } from '../src/lessons/lesson.ts';
import { CONSOLE_BODY_LIMIT } from '../server/room/console-proxy.ts';
import type { RoomAnswer, RoomMeAnswer } from '../src/api/contract.ts';
import { driveLesson, describeDrive } from './support/drive-lesson.ts';
import { testNotebook } from './support/notebook.ts';
import { anonymous, testRoom, type Learner } from './support/room.ts';

let nb: Awaited<ReturnType<typeof testRoom>>;
let ada: Learner;
let bob: Learner;
before(async () => {
  nb = await testRoom();
  ada = await nb.join('Ada');
  bob = await nb.join('Bob');
});
after(() => nb.close());

const seatOf = (learner: Learner) => nb.room.room.learner(learner.id).seat;
const clientConfig = (learner: Learner) => ({ region: 'us-east-1', endpoint: nb.sandbox!.url, credentials: seatOf(learner).target.credentials as AwsCredentialIdentity, forcePathStyle: true, maxAttempts: 1 });
const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

test('each learner gets a distinct 12-digit account with its own admin, and the banner says who they are', async () => {
  assert.match(ada.accountId, /^[1-9]\d{11}$/);
  assert.notEqual(ada.accountId, bob.accountId);
  assert.notEqual(ada.accountId, nb.target.accountId);
  const session = await (await ada.request('/api/session')).json();
  assert.equal(session.accountId, ada.accountId);
  assert.equal(session.arn, `arn:aws:iam::${ada.accountId}:user/workshop-admin`);
  assert.deepEqual(session.room, { role: 'learner', name: 'Ada' });
  const mine = (await (await ada.request('/api/room/me')).json()) as RoomMeAnswer;
  assert.equal(mine.role, 'learner');
  assert.equal(mine.learner?.accountId, ada.accountId);
});

test('a learner runs lessons on their own account; another learner sees none of it', async () => {
  const drive = await driveLesson(ada, 'who-am-i');
  assert.ok(drive.completed, describeDrive(drive));
  const identity = drive.runs[0].events.find((e) => e.type === 'result') as { value: { Account: string } };
  assert.equal(identity.value.Account, ada.accountId);
  const bobs = await (await bob.request('/api/lessons')).json();
  const who = bobs.lessons.find((l: { slug: string }) => l.slug === 'who-am-i');
  assert.ok(who.steps.every((s: { status: string }) => s.status === 'idle'), 'Bob’s lesson is untouched');
  assert.equal((await bob.request('/api/lessons/who-am-i/steps/get-caller-identity/last-run')).status, 204);
  const facilitators = await (await nb.facilitator('/api/lessons')).json();
  assert.ok(facilitators.lessons.find((l: { slug: string }) => l.slug === 'who-am-i').steps.every((s: { status: string }) => s.status === 'idle'));
  // The facilitator's log says whose run and whose try-it call each line is.
  await (await ada.request('/api/lessons/who-am-i/try', post({ credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: {} }))).text();
  assert.ok(nb.logLines.some((l) => l.includes('[learner "Ada"] run who-am-i/')), 'a step run');
  assert.ok(nb.logLines.some((l) => l.includes('[learner "Ada"] try who-am-i: sts:GetCallerIdentity')), 'a try-it call');
});

test('the sandbox refuses a learner’s keys in another learner’s account', async () => {
  const bobIam = new IAMClient(clientConfig(bob));
  const role = await bobIam.send(
    new CreateRoleCommand({
      RoleName: 'bobs-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${bob.accountId}:root` }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  const adaSts = new STSClient(clientConfig(ada));
  await assert.rejects(adaSts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'intruder' })), (e: Error) => e.name === 'AccessDenied');
  const adaS3 = new S3Client(clientConfig(ada));
  await assert.rejects(adaS3.send(new ListObjectsV2Command({ Bucket: `workshop-data-${bob.accountId}` })), (e: Error) => e.name === 'AccessDenied');
  const adaIam = new IAMClient(clientConfig(ada));
  const me = await adaIam.send(new GetUserCommand({}));
  assert.equal(me.User!.Arn, `arn:aws:iam::${ada.accountId}:user/workshop-admin`);
});

test('every room route checks the role: nobody gets 401, a learner 403 on the facilitator’s', async () => {
  const routes = nb.app.routes.filter((r) => r.path.startsWith('/api/room') && r.method !== 'ALL');
  assert.ok(routes.length >= 12, `room routes found: ${routes.map((r) => r.path).join(', ')}`);
  const publicRoutes = ['/api/room/join-info', '/api/room/join'];
  const learnerRoutes = ['/api/room/me', '/api/room/leave'];
  for (const { method, path } of routes) {
    if (publicRoutes.includes(path)) continue;
    const concrete = path.replace(':id', bob.id);
    const init = method === 'POST' ? post({ lesson: 'who-am-i', step: 'get-caller-identity', locked: true, text: 'x', mode: 'open' }) : { method };
    const stranger = await anonymous(nb, concrete, init);
    assert.equal(stranger.status, 401, `${method} ${path} without a session`);
    if (learnerRoutes.includes(path)) continue;
    const learner = await ada.request(concrete, init);
    assert.equal(learner.status, 403, `${method} ${path} as a learner`);
    assert.equal((await learner.json()).error.code, 'FacilitatorOnly');
  }
  assert.equal(nb.room.room.learners.length, 2, 'no learner was removed by the sweep');
});

test('a learner’s cookie with another learner’s key, or a forged one, is not a session', async () => {
  const mixed = await nb.facilitator('/api/session', { headers: { cookie: `sts_workshop_learner=${ada.cookie}`, 'x-workshop-key': bob.key } });
  assert.equal(mixed.status, 401);
  const forged = await nb.facilitator('/api/session', { headers: { cookie: `sts_workshop_learner=${bob.id}`, 'x-workshop-key': bob.key } });
  assert.equal(forged.status, 401);
});

test('learners may not move the shared sandbox clock', async () => {
  const res = await ada.request('/api/sandbox/clock', post({ seconds: 30 }));
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, 'SharedClock');
});

test('a learner’s step may not move the shared clock either (ctx.sandbox.advanceClock); the facilitator’s catch-up may', async () => {
  const clockLesson = defineLesson({
    slug: 'clock-test',
    title: 'Clock test',
    summary: 'A step that moves the sandbox clock.',
    steps: [{ id: 'move', title: 'Move the clock', phase: 'usage', run: async ({ aws }) => aws.sandbox!.advanceClock(600) }],
  });
  const room = await testRoom({ lessons: [clockLesson] });
  try {
    const eve = await room.join('Eve');
    const clock = () => room.sandbox!.state.clock.now();
    const before = clock();
    const drive = await driveLesson(eve, 'clock-test');
    const events = JSON.stringify(drive.runs[0].events);
    assert.match(events, /only the facilitator can move it/);
    assert.ok(clock() - before < 300_000, 'the clock did not move 600 s');
    const moved = await room.room.room.learner(eve.id).seat.workshop.advanceClock(60);
    assert.ok(moved.offsetSeconds >= 60, 'the facilitator’s catch-up path still moves it');
  } finally {
    await room.close();
  }
});

test('a learner’s console sign-in URL opens through the room, not the facilitator’s loopback sandbox', async () => {
  const drive = await driveLesson(ada, 'federated-console', { until: 'get-sign-in-url' });
  assert.equal(drive.problem, undefined, describeDrive(drive));
  const revealed = await (await ada.request('/api/lessons/federated-console/offers/sign-in-url/reveal', post({}))).json();
  const url = new URL(revealed.value);
  assert.equal(url.origin, 'http://127.0.0.1:4321', 'the room’s own origin');
  assert.equal(url.pathname, '/federation');
  const signIn = await anonymous(nb, url.pathname + url.search);
  assert.equal(signIn.status, 302, await signIn.clone().text());
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  const page = await anonymous(nb, signIn.headers.get('location')!, { headers: { cookie } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(`assumed-role/[^/]+/console-learner`));
  // Only the browser's part passes through: getSigninToken stays on the facilitator's loopback.
  assert.equal((await anonymous(nb, '/federation?Action=getSigninToken&Session=%7B%7D')).status, 404);
  // A form from the console page passes with the room's Origin (translated to the sandbox's); a foreign one is refused.
  const csrf = /name="csrf" value="([^"]+)"/.exec(await (await anonymous(nb, '/console/', { headers: { cookie } })).text())![1];
  const createBucket = (origin: string) =>
    anonymous(nb, '/console/s3/create-bucket', { method: 'POST', headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, bucket: `room-console-${Date.now()}` }).toString() });
  const foreign = await createBucket('http://evil.example');
  assert.equal(foreign.status, 403);
  assert.match(await foreign.text(), /Request refused/);
  // The lesson's console role may not create buckets: S3's own AccessDenied, past the form check.
  const created = await createBucket('http://127.0.0.1:4321');
  const page2 = await created.text();
  assert.doesNotMatch(page2, /Request refused/);
  assert.match(page2, /AccessDenied: could not create/);
  const teardown = await driveLesson(ada, 'federated-console', { phases: ['teardown'] });
  assert.ok(teardown.completed, describeDrive(teardown));
});

test('the room passes the console through, not the AWS API: signed requests, other methods and big bodies are refused', async () => {
  // A request signed for the sandbox with real keys (the facilitator's), sent to the room's address.
  const sandbox = new URL(nb.sandbox!.url);
  const signer = new SignatureV4({ credentials: nb.target.credentials as AwsCredentialIdentity, region: 'us-east-1', service: 'sandbox', sha256: Sha256 });
  const body = 'Action=AdvanceClock&Version=2026-11-01&Seconds=3600';
  const clock = nb.sandbox!.state.clock.now();
  for (const path of ['/console', '/console/x']) {
    const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: sandbox.hostname, port: Number(sandbox.port), path, headers: { host: sandbox.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const { host: _, ...headers } = request.headers;
    const res = await anonymous(nb, path, { method: 'POST', headers, body });
    assert.equal(res.status, 403, path);
    assert.match(await res.text(), /not the AWS API/);
  }
  assert.ok(nb.sandbox!.state.clock.now() - clock < 60_000, 'the sandbox clock did not move');
  for (const path of ['/console/?X-Amz-Algorithm=AWS4-HMAC-SHA256', '/console/?x-amz-credential=AKIA']) assert.equal((await anonymous(nb, path)).status, 403, path);
  assert.equal((await anonymous(nb, '/console/', { headers: { 'x-amz-date': '20261205T000000Z' } })).status, 403);
  assert.equal((await anonymous(nb, '/console/', { method: 'PUT', body: 'x' })).status, 405);
  const big = 'a='.padEnd(CONSOLE_BODY_LIMIT + 10, 'b');
  assert.equal((await anonymous(nb, '/console/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big })).status, 413);
  const streamed = new ReadableStream({ start(controller) { for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(1024)); controller.close(); } });
  assert.equal((await anonymous(nb, '/console/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: streamed, duplex: 'half' } as RequestInit)).status, 413, 'a body without Content-Length is counted as it streams');
  const expecting = await anonymous(nb, '/console/logout', { method: 'POST', headers: { expect: '100-continue', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
  assert.notEqual(expecting.status, 500, 'Expect is a hop-by-hop header, not forwarded');
});

test('bad joins are refused clearly and make nothing', async () => {
  const accounts = () => nb.sandbox!.state.store.accounts.size;
  const before = accounts();
  const refuse = async (body: unknown, status: number, code: string) => {
    const res = await anonymous(nb, '/api/room/join', post(body));
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal((await res.json()).error.code, code);
  };
  await refuse({ code: 'WRONG123', name: 'Eve' }, 404, 'NoSuchRoom');
  await refuse({ code: nb.room.room.code, name: '   ' }, 400, 'BadName');
  await refuse({ code: nb.room.room.code, name: 'x'.repeat(41) }, 400, 'BadName');
  await refuse({ code: nb.room.room.code }, 400, 'BadName');
  await refuse('just text', 400, 'BadRequest');
  const crossSite = await anonymous(nb, '/api/room/join', { ...post({ code: nb.room.room.code, name: 'Mallory' }), headers: { origin: 'http://evil.test' } });
  assert.equal(crossSite.status, 403);
  const info = await anonymous(nb, `/api/room/join-info?code=nope`);
  assert.equal((await info.json()).error.code, 'NoSuchRoom');
  const old = nb.room.room.code;
  const rotated = await (await nb.facilitator('/api/room/code', post({}))).json();
  assert.notEqual(rotated.code, old);
  await refuse({ code: old, name: 'Late' }, 404, 'NoSuchRoom');
  await nb.facilitator('/api/room/lock', post({ locked: true }));
  await refuse({ code: rotated.code, name: 'Late' }, 403, 'RoomLocked');
  await nb.facilitator('/api/room/lock', post({ locked: false }));
  assert.equal(accounts(), before, 'no account was opened by a refused join');
  const twin = await nb.join('ada', rotated.code.toLowerCase());
  assert.equal(twin.name, 'ada (2)', 'a duplicate name gets a suffix');
  await nb.facilitator(`/api/room/learners/${twin.id}/remove`, post({}));
});

test('joins are capped (--max-learners) and rate-limited per address, code checks included', async () => {
  const small = await testRoom({ args: ['--max-learners', '1'], joinLimits: { perAddress: 3, overall: 100, windowMs: 60_000 } });
  try {
    await small.join('One');
    await assert.rejects(small.join('Two'), (e: { status: number; body: { error: { code: string } } }) => e.status === 409 && e.body.error.code === 'RoomFull');
    await assert.rejects(small.join('Three'), (e: { status: number; body: { error: { code: string } } }) => e.status === 409);
    await assert.rejects(small.join('Four'), (e: { status: number; body: { error: { code: string } } }) => e.status === 429 && e.body.error.code === 'TooManyJoins');
  } finally {
    await small.close();
  }
  // Checking a code counts as an attempt too: join-info is no way around the limit.
  const other = await testRoom({ joinLimits: { perAddress: 3, overall: 100, windowMs: 60_000 } });
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await anonymous(other, `/api/room/join-info?code=WRONGCODE${i}`)).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
  } finally {
    await other.close();
  }
});

test('the grid shows each learner’s steps, the error code of an unexpected failure, and counts', async () => {
  const grid = (await (await nb.facilitator('/api/room')).json()) as RoomAnswer;
  const row = grid.learners.find((l) => l.id === ada.id)!;
  assert.equal(row.lessons['who-am-i'].steps['get-caller-identity'].status, 'succeeded');
  assert.equal(grid.counts['who-am-i']['get-caller-identity'].ran, 1);
  assert.equal(grid.counts['who-am-i']['get-caller-identity'].succeeded, 1);
  // An unexpected failure: Bob's admin is denied CreateRole for a moment (an explicit deny
  // put on with his own admin keys), so the lesson's first step fails when it was meant to succeed.
  const bobIam = new IAMClient(clientConfig(bob));
  const deny = { UserName: 'workshop-admin', PolicyName: 'deny-create-role' };
  await bobIam.send(new PutUserPolicyCommand({ ...deny, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateRole', Resource: '*' }] }) }));
  const failed = await driveLesson(bob, 'assume-role', { until: 'create-role' });
  assert.match(failed.problem ?? '', /AccessDenied/, describeDrive(failed));
  await bobIam.send(new DeleteUserPolicyCommand(deny));
  const withFailure = (await (await nb.facilitator('/api/room')).json()) as RoomAnswer;
  assert.deepEqual(withFailure.learners.find((l) => l.id === bob.id)!.lessons['assume-role'].steps['create-role'], { status: 'failed', error: 'AccessDenied' });
  assert.equal(withFailure.counts['assume-role']['create-role'].failed, 1);
  // A step run out of order is refused before it runs: not a failure, and nothing changes.
  const outOfOrder = await bob.request('/api/lessons/assume-role/steps/assume-role/run', post({}));
  assert.equal(outOfOrder.status, 409);
  const after = (await (await nb.facilitator('/api/room')).json()) as RoomAnswer;
  assert.equal(after.learners.find((l) => l.id === bob.id)!.lessons['assume-role'].steps['assume-role'].status, 'idle', 'a refused run changes nothing');
});

test('catch-up runs the steps before the chosen one for the learner; reset tears down and forgets', async () => {
  const res = await nb.facilitator(`/api/room/learners/${bob.id}/catch-up`, post({ lesson: 'assume-role-mfa', step: 'assume-role-with-mfa' }));
  const answer = await res.json();
  assert.equal(res.status, 200, JSON.stringify(answer));
  assert.equal(answer.stopped, undefined, JSON.stringify(answer));
  assert.ok(answer.ran.length >= 3, JSON.stringify(answer));
  const lessons = await (await bob.request('/api/lessons')).json();
  const mfa = lessons.lessons.find((l: { slug: string }) => l.slug === 'assume-role-mfa');
  const index = mfa.steps.findIndex((s: { id: string }) => s.id === 'assume-role-with-mfa');
  for (const step of mfa.steps.slice(0, index)) if (step.phase !== 'teardown') assert.match(step.status, /succeeded|expected-failure/, step.id);
  assert.equal(mfa.steps[index].status, 'idle', 'the chosen step is left for the learner');
  const lastRun = await bob.request(`/api/lessons/assume-role-mfa/steps/${mfa.steps[0].id}/last-run`);
  assert.equal(lastRun.status, 200, 'the learner’s page can show what catch-up ran');
  const reset = await (await nb.facilitator(`/api/room/learners/${bob.id}/reset`, post({ lesson: 'assume-role-mfa' }))).json();
  assert.equal(reset.reset, true);
  assert.ok(reset.removed.some((r: string) => r.startsWith('role ')), JSON.stringify(reset));
  const outstanding = await nb.ledger.outstanding({ account: bob.accountId, target: 'sandbox' });
  assert.deepEqual(outstanding.filter((r) => r.lesson === 'assume-role-mfa'), []);
  const afterReset = await (await bob.request('/api/lessons')).json();
  assert.ok(afterReset.lessons.find((l: { slug: string }) => l.slug === 'assume-role-mfa').steps.every((s: { status: string }) => s.status === 'idle'));
});

test('announcements and pacing reach learners; a locked lesson refuses runs but not its teardown', async () => {
  await nb.facilitator('/api/room/announce', post({ text: 'Break until 11:00' }));
  const me = (await (await bob.request('/api/room/me')).json()) as RoomMeAnswer;
  assert.equal(me.announcement?.text, 'Break until 11:00');
  const bad = await nb.facilitator('/api/room/pacing', post({ mode: 'paced', open: ['no-such-lesson'] }));
  assert.equal(bad.status, 400);
  await nb.facilitator('/api/room/pacing', post({ mode: 'paced', open: ['who-am-i'] }));
  const locked = await bob.request('/api/lessons/assume-role/steps/create-role/run', post({}));
  assert.equal(locked.status, 403);
  assert.equal((await locked.json()).error.code, 'LessonLocked');
  const teardown = await bob.request('/api/lessons/assume-role/steps/delete-role/run', post({}));
  assert.notEqual(teardown.status, 403, 'teardown is never locked');
  await teardown.text();
  const open = await bob.request('/api/lessons/who-am-i/steps/get-caller-identity/run', post({}));
  assert.equal(open.status, 200);
  await open.text();
  await nb.facilitator('/api/room/pacing', post({ mode: 'open' }));
  await nb.facilitator('/api/room/announce', post({ text: '' }));
  assert.equal(((await (await bob.request('/api/room/me')).json()) as RoomMeAnswer).announcement, undefined);
});

test('a learner who leaves has their account swept and closed, and their page is told why', async () => {
  const dan = await nb.join('Dan');
  const drive = await driveLesson(dan, 'assume-role', { until: 'assume-role' });
  assert.equal(drive.problem, undefined, describeDrive(drive));
  const left = await (await dan.request('/api/room/leave', post({}))).json();
  assert.ok(left.removed.length > 0, JSON.stringify(left));
  assert.deepEqual(left.failed, []);
  assert.equal(nb.sandbox!.state.store.accounts.has(dan.accountId), false);
  assert.deepEqual(await nb.ledger.outstanding({ account: dan.accountId, target: 'sandbox' }), []);
  const after = await dan.request('/api/room/me');
  assert.equal(after.status, 401);
  assert.equal((await after.json()).error.code, 'LeftRoom');
  const facilitatorLeaves = await nb.facilitator('/api/room/leave', post({}));
  assert.equal(facilitatorLeaves.status, 400);
});

test('a removed learner’s session ends; acting on them is a clear 404; ending the room leaves nothing', async () => {
  const carol = await nb.join('Carol');
  const drive = await driveLesson(carol, 'assume-role', { until: 'assume-role' });
  assert.equal(drive.problem, undefined, describeDrive(drive));
  const removed = await (await nb.facilitator(`/api/room/learners/${carol.id}/remove`, post({}))).json();
  assert.ok(removed.removed.length > 0, JSON.stringify(removed));
  const gone = await carol.request('/api/lessons');
  assert.equal(gone.status, 401);
  assert.equal((await gone.json()).error.code, 'Removed');
  const again = await nb.facilitator(`/api/room/learners/${carol.id}/reset`, post({ lesson: 'assume-role' }));
  assert.equal(again.status, 404);
  assert.equal((await again.json()).error.code, 'NoSuchLearner');
  assert.equal(nb.sandbox!.state.store.accounts.has(carol.accountId), false, 'the account is closed');

  await driveLesson(ada, 'assume-role', { until: 'assume-role' });
  const accounts = [ada.accountId, bob.accountId];
  const ended = await (await nb.facilitator('/api/room/end', post({}))).json();
  assert.deepEqual(ended.failed, []);
  for (const account of accounts) {
    assert.equal(nb.sandbox!.state.store.accounts.has(account), false, `account ${account} closed`);
    assert.deepEqual(await nb.ledger.outstanding({ account, target: 'sandbox' }), [], `nothing outstanding in ${account}`);
  }
  const late = await ada.request('/api/lessons');
  assert.equal((await late.json()).error.code, 'RoomEnded');
  const join = await anonymous(nb, '/api/room/join', post({ code: nb.room.room.code, name: 'Late' }));
  assert.equal(join.status, 410);
  assert.ok(nb.sandbox!.state.store.accounts.has(nb.target.accountId), 'the facilitator’s own account stays');
});

test('--room is for the sandbox, and --host, --max-learners, TLS need --room', () => {
  const env = { WORKSHOP_TOKEN: 'a-token-that-is-long-enough-0123456789' };
  assert.throws(() => readConfig(['--room', '--target', 'aws'], env), ConfigError);
  assert.throws(() => readConfig(['--host', '192.168.1.20'], env), /add --room/);
  assert.throws(() => readConfig(['--room', '--max-learners', '0'], env), ConfigError);
  assert.throws(() => readConfig(['--room', '--tls-cert', 'c.pem'], env), /go together/);
  assert.throws(() => readConfig(['--room', '--host', 'evil.test/x'], env), ConfigError);
  const room = readConfig(['--room', '--host', '192.168.1.20', '--max-learners', '30'], env).room;
  assert.deepEqual(room, { hosts: ['192.168.1.20'], maxLearners: 30, tls: undefined });
});

test('a notebook that is not a room answers every room route 404 NotARoom, the join page’s too', async () => {
  const plain = await testNotebook();
  try {
    for (const [path, init] of [
      ['/api/room/join-info?code=ABCDEFGH', undefined],
      ['/api/room/join', { method: 'POST', body: JSON.stringify({ code: 'ABCDEFGH', name: 'Ada' }) }],
      ['/api/room', undefined],
      ['/api/room/announce', { method: 'POST', body: JSON.stringify({ text: 'hi' }) }],
    ] as const) {
      const res = await plain.request(path, init);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.code, 'NotARoom', path);
    }
  } finally {
    await plain.close();
  }
});
