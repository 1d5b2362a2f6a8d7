/**
 * Lesson "Sign in to the console as a federated user" through the runner, against the embedded
 * sandbox: setup creates a role trusted by the notebook's caller with AmazonS3ReadOnlyAccess
 * attached; usage assumes it, gets one SigninToken and offers the login URL (never streamed or
 * logged); the page's reveal API hands it out once; following it signs in to the sandbox
 * console as the role session; teardown leaves nothing. A second part runs the steps directly
 * with a role session as the notebook's identity (role chaining: no SessionDuration).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import lesson from '../../src/lessons/federated-console/steps.ts';
import type { LedgerResource, OfferRef, StepContext } from '../../src/lessons/lesson.ts';
import { SEED_BUCKETS } from '../../server/sandbox/seed.ts';
import { ORIGIN, run, runToEnd, testNotebook } from '../support/notebook.ts';

const SLUG = 'federated-console';
const ACCOUNT = '123456789012';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const ISSUER = `${ORIGIN}/lessons/${SLUG}/`;

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

const account = () => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const workshopRoles = () => [...account().roles.values()].filter((r) => r.path === '/sts-workshop/');
const reveal = (name = 'sign-in-url') => nb.request(`/api/lessons/${SLUG}/offers/${name}/reveal`, { method: 'POST', body: '{}' });

/** Every byte the notebook let out for a run: the NDJSON stream as text. */
async function runText(step: string, inputs: Record<string, string> = {}) {
  const res = await run(nb, SLUG, step, inputs);
  assert.equal(res.status, 200);
  return res.text();
}

test('the usage step is refused before the role exists', async () => {
  const early = await run(nb, SLUG, 'get-sign-in-url', { issuer: ISSUER });
  assert.equal(early.status, 409);
  assert.equal((await early.json()).error.code, 'OutOfOrder');
});

test('setup → usage → reveal once → console sign-in → teardown', async () => {
  // ── setup ──
  const setup = await runToEnd(nb, SLUG, 'create-console-role');
  assert.equal(setup.end.status, 'succeeded', JSON.stringify(setup.events));
  assert.equal(setup.result.CallerArn, `arn:aws:iam::${ACCOUNT}:user/workshop-admin`);
  assert.match(setup.result.RoleArn, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-[a-z2-7]+-console-role$`));
  const calls = setup.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.deepEqual(calls, ['GetCallerIdentity', 'CreateRole', 'AttachRolePolicy']);
  const [role] = workshopRoles();
  assert.ok(role);
  assert.deepEqual([...role.attachedPolicies], [S3_READ_ONLY]);
  assert.deepEqual(JSON.parse(role.trustPolicy.text).Statement, [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/workshop-admin` }, Action: 'sts:AssumeRole' },
  ]);
  assert.deepEqual(role.tags.map((t) => t.Key).sort(), ['sts-workshop:lesson', 'sts-workshop:run']);

  // Running setup again creates nothing new.
  const again = await runToEnd(nb, SLUG, 'create-console-role');
  assert.equal(again.end.status, 'succeeded');
  assert.equal(again.result.RoleArn, setup.result.RoleArn);
  assert.equal(again.events.filter((e) => e.type === 'call').length, 0);
  assert.ok(again.events.some((e) => e.type === 'log' && /already exists/.test(e.text)));
  assert.equal(workshopRoles().length, 1);

  // ── usage ──
  const tokensBefore = new Set(nb.sandbox!.state.store.signinTokens.keys());
  const text = await runText('get-sign-in-url', { issuer: ISSUER });
  const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const end = events.at(-1);
  assert.equal(end.status, 'succeeded', text);
  const newTokens = [...nb.sandbox!.state.store.signinTokens.keys()].filter((t) => !tokensBefore.has(t));
  assert.equal(newTokens.length, 1, 'exactly one getSigninToken request');
  const signinToken = newTokens[0]!;
  const stored = nb.sandbox!.state.store.signinTokens.get(signinToken)!;
  const session = nb.sandbox!.state.store.sessions.get(stored.sessionAccessKeyId)!;
  // SessionDuration=7200 was sent: the notebook's caller is an IAM user with long-term keys.
  assert.ok(Math.abs(stored.consoleExpiresAt - (nb.sandbox!.state.clock.now() + 7200 * 1000)) < 10_000);

  const result = events.find((e) => e.type === 'result').value;
  assert.equal(result.AssumedRoleArn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/console-learner`);
  assert.equal(result.AccessKeyId, stored.sessionAccessKeyId);
  assert.match(result.ConsoleSession, /SessionDuration=7200/);
  assert.ok(Math.abs(Date.parse(result.CredentialsExpire) - session.expiresAt) < 1000);
  const ref = result.SignInUrl as OfferRef;
  assert.equal(ref.$offer, 'sign-in-url');
  assert.equal(ref.label, 'console sign-in URL');
  assert.ok(Math.abs(Date.parse(ref.expiresAt!) - (nb.sandbox!.state.clock.now() + 15 * 60 * 1000)) < 10_000);
  assert.ok(ref.masked.startsWith(`${nb.target.federationUrl}?Action=login&Issuer=${encodeURIComponent(ISSUER)}&Destination=`), ref.masked);
  assert.match(ref.masked, /&SigninToken=(••••|\[REDACTED[^\]]*\])$/);
  assert.deepEqual(
    events.filter((e) => e.type === 'call').map((e) => e.operation),
    ['AssumeRole'],
    'the federation request is raw HTTP, not an SDK call',
  );

  // The SigninToken and the temporary secret never left the server: not in the stream, the log or the ledger.
  const ledger = await readFile(join(nb.stateDir, 'ledger.jsonl'), 'utf8');
  for (const [what, value] of [
    ['SigninToken', signinToken],
    ['SigninToken (URL-encoded)', encodeURIComponent(signinToken)],
    ['SecretAccessKey', session.secret],
    ['SessionToken', session.token],
  ] as const) {
    assert.ok(!text.includes(value), `${what} in the stream`);
    assert.ok(!nb.logLines.join('\n').includes(value), `${what} in the server log`);
    assert.ok(!ledger.includes(value), `${what} in the ledger`);
  }

  // ── reveal, once ──
  const first = await reveal();
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  const revealed = (await first.json()) as { value: string; label: string; expiresAt: string };
  assert.equal(revealed.label, 'console sign-in URL');
  assert.equal(revealed.expiresAt, ref.expiresAt);
  const url = new URL(revealed.value);
  assert.equal(`${url.origin}${url.pathname}`, nb.target.federationUrl);
  assert.deepEqual([...url.searchParams.keys()], ['Action', 'Issuer', 'Destination', 'SigninToken'], 'SigninToken last');
  assert.equal(url.searchParams.get('Action'), 'login');
  assert.equal(url.searchParams.get('Issuer'), ISSUER);
  assert.equal(url.searchParams.get('Destination'), `${nb.sandbox!.url}/console/`);
  assert.equal(url.searchParams.get('SigninToken'), signinToken);
  assert.ok(!nb.logLines.join('\n').includes(signinToken), 'the reveal is not logged');
  const second = await reveal();
  assert.equal(second.status, 409);
  assert.equal((await second.json()).error.code, 'AlreadyRevealed');

  // ── follow the URL: 302 with a console cookie, then the console page as the role session ──
  const login = await fetch(revealed.value, { redirect: 'manual' });
  assert.equal(login.status, 302);
  assert.equal(login.headers.get('location'), '/console/');
  const cookie = /^(sandbox-console=[0-9a-f]+);/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(cookie, 'a console session cookie');
  const page = await fetch(`${nb.sandbox!.url}/console/`, { headers: { cookie } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes(result.AssumedRoleArn), 'the console shows the role session');
  for (const bucket of SEED_BUCKETS) assert.ok(html.includes(`${bucket}-${ACCOUNT}`), `the console lists ${bucket}`);
  assert.ok(!html.includes(signinToken));
  // A sign-in token works once.
  assert.equal((await fetch(revealed.value, { redirect: 'manual' })).status, 400);

  // ── an offer expires with its token ──
  assert.equal((await runToEnd(nb, SLUG, 'get-sign-in-url', { issuer: ISSUER })).end.status, 'succeeded');
  const clock = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 15 * 60 + 1 }) });
  assert.equal(clock.status, 200);
  const late = await reveal();
  assert.equal(late.status, 409);
  assert.equal((await late.json()).error.code, 'Expired');

  // ── teardown ──
  const teardown = await runToEnd(nb, SLUG, 'delete-console-role');
  assert.equal(teardown.end.status, 'succeeded', JSON.stringify(teardown.events));
  assert.deepEqual(
    teardown.events.filter((e) => e.type === 'call').map((e: any) => e.operation),
    ['ListRolePolicies', 'ListAttachedRolePolicies', 'DetachRolePolicy', 'DeleteRole'],
  );
  assert.ok(teardown.events.some((e) => e.type === 'log' && /cannot be revoked/.test(e.text)));
  assert.deepEqual(teardown.result, { deleted: [setup.result.RoleArn], note: 'AmazonS3ReadOnlyAccess was detached, not deleted: AWS owns it.' });
  assert.deepEqual(workshopRoles(), []);
  assert.deepEqual([...account().users.values()].filter((u) => u.path === '/sts-workshop/'), []);
  assert.deepEqual([...account().policies.values()].filter((p) => p.path === '/sts-workshop/'), []);
  assert.ok(nb.sandbox!.state.store.awsManagedPolicies.has(S3_READ_ONLY), 'the AWS managed policy is never deleted');
  assert.deepEqual((await nb.ledger.outstanding({ account: ACCOUNT })).filter((r) => r.lesson === SLUG), []);
  // The lesson was reset: the offer is gone, and usage needs setup again.
  assert.equal((await reveal()).status, 404);
  assert.equal((await run(nb, SLUG, 'get-sign-in-url', { issuer: ISSUER })).status, 409);
  // The console session of the deleted role no longer works.
  assert.equal((await fetch(`${nb.sandbox!.url}/console/`, { headers: { cookie } })).status, 401);
});

test('teardown with nothing created says so and succeeds', async () => {
  const teardown = await runToEnd(nb, SLUG, 'delete-console-role');
  assert.equal(teardown.end.status, 'succeeded');
  assert.equal(teardown.events.filter((e) => e.type === 'call').length, 0);
  assert.ok(teardown.events.some((e) => e.type === 'log' && /Nothing to delete/.test(e.text)));
  assert.deepEqual(teardown.result, { deleted: [] });
});

// ── the notebook running as a role session (role chaining), steps run directly ─────────────

/** A minimal StepContext around given credentials; offers and ledger records are kept for checks. */
function directContext(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, state: Record<string, unknown>) {
  const offers = new Map<string, string>();
  const ledger: LedgerResource[] = [];
  const logs: string[] = [];
  const ctx = {
    aws: {
      target: 'sandbox',
      region: 'us-east-1',
      accountId: ACCOUNT,
      federationUrl: nb.target.federationUrl,
      signal: new AbortController().signal,
      config: (creds?: unknown) => ({ region: 'us-east-1', endpoint: nb.sandbox!.url, forcePathStyle: true, maxAttempts: 1, credentials: creds ?? credentials }),
    },
    inputs: { issuer: ISSUER },
    state,
    log: (text: string) => logs.push(text),
    progress: () => {},
    secret: <T>(value: T) => value,
    name: (kind: string) => `stsw-chain-${kind}`,
    ownership: { path: '/sts-workshop/', tags: [{ Key: 'sts-workshop:run', Value: 'chain' }] },
    ledger: {
      intend: async (r: LedgerResource) => void ledger.push(r),
      created: async () => {},
      deleted: async () => {},
      outstanding: async () => [],
    },
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(nb.sandbox!.state.clock.now()),
    offer: (name: string, value: string, details: { label: string; expiresAt?: Date; mask: string }): OfferRef => {
      offers.set(name, value);
      return { $offer: name, label: details.label, masked: details.mask, expiresAt: details.expiresAt?.toISOString() };
    },
    authenticator: { register: () => {}, codes: () => undefined },
  } as unknown as StepContext;
  return { ctx, offers, ledger, logs };
}

test('a notebook running as a role: the trust names its session, SessionDuration is left out (bug #10, #5)', async () => {
  const admin = nb.sandbox!.admins[0]!;
  const adminCreds = { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
  const sandboxConfig = { region: 'us-east-1', endpoint: nb.sandbox!.url, maxAttempts: 1, credentials: adminCreds };
  const iam = new IAMClient(sandboxConfig);
  // The notebook's own identity for this test: a role session with admin rights.
  const outer = 'stsw-test-notebook-role';
  await iam.send(
    new CreateRoleCommand({
      RoleName: outer,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: admin.userArn }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: outer, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const outerSession = await new STSClient(sandboxConfig).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${outer}`, RoleSessionName: 'notebook' }));
  const roleCreds = {
    accessKeyId: outerSession.Credentials!.AccessKeyId!,
    secretAccessKey: outerSession.Credentials!.SecretAccessKey!,
    sessionToken: outerSession.Credentials!.SessionToken!,
  };

  const state: Record<string, unknown> = {};
  const { ctx, offers, ledger } = directContext(roleCreds, state);
  try {
    const setup = (await lesson.step('create-console-role').run(ctx)) as { CallerArn: string; RoleArn: string };
    assert.equal(setup.CallerArn, `arn:aws:sts::${ACCOUNT}:assumed-role/${outer}/notebook`);
    assert.deepEqual(ledger.map((r) => r.kind), ['role', 'attachment']);
    const trust = JSON.parse(account().roles.get('stsw-chain-console-role')!.trustPolicy.text);
    assert.equal(trust.Statement[0].Principal.AWS, setup.CallerArn);

    const usage = (await lesson.step('get-sign-in-url').run(ctx)) as { AssumedRoleArn: string; ConsoleSession: string; SignInUrl: OfferRef };
    assert.match(usage.ConsoleSession, /role chaining/);
    const url = new URL(offers.get('sign-in-url')!);
    const token = nb.sandbox!.state.store.signinTokens.get(url.searchParams.get('SigninToken')!)!;
    const session = nb.sandbox!.state.store.sessions.get(token.sessionAccessKeyId)!;
    assert.equal(session.chained, true);
    assert.equal(token.consoleExpiresAt, session.expiresAt, 'without SessionDuration the console lasts as long as the credentials');

    // Had it sent SessionDuration anyway, the endpoint's 400 and its message come through (bug #6).
    state.callerArn = `arn:aws:iam::${ACCOUNT}:user/pretend`;
    await assert.rejects(lesson.step('get-sign-in-url').run(ctx), (error: Error) => {
      assert.match(error.message, /HTTP 400/);
      assert.match(error.message, /Invalid credentials parameter/);
      return true;
    });

    const teardown = await lesson.step('delete-console-role').run(ctx);
    assert.ok(teardown);
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: 'stsw-chain-console-role' })), { name: 'NoSuchEntityException' });
  } finally {
    await iam.send(new DetachRolePolicyCommand({ RoleName: outer, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new DeleteRoleCommand({ RoleName: outer }));
  }
  assert.deepEqual(workshopRoles(), []);
});

test('a federation endpoint that never answers: Stop ends the wait (a 10 s timeout is the backstop)', async () => {
  // A server that accepts the connection and never answers.
  const { createServer } = await import('node:http');
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const admin = nb.sandbox!.admins[0]!;
  const state: Record<string, unknown> = {};
  const { ctx } = directContext({ accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey }, state);
  const controller = new AbortController();
  (ctx.aws as { federationUrl: string }).federationUrl = `http://127.0.0.1:${port}/federation`;
  (ctx.aws as { signal: AbortSignal }).signal = controller.signal;
  try {
    await lesson.step('create-console-role').run(ctx);
    // Stop (the run's AbortSignal) ends the wait at once; the 10 s timeout is the backstop.
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await assert.rejects(lesson.step('get-sign-in-url').run(ctx), { name: 'AbortError' });
    assert.ok(Date.now() - started < 5000);
    await lesson.step('delete-console-role').run(ctx);
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
  assert.deepEqual(workshopRoles(), []);
});

test('with IAM propagation simulated, AssumeRole is retried on AccessDenied until the trust policy is live', async () => {
  const slow = await testNotebook({ env: { SANDBOX_PROPAGATION_MS: '1500' } });
  try {
    assert.equal((await runToEnd(slow, SLUG, 'create-console-role')).end.status, 'succeeded');
    const usage = await runToEnd(slow, SLUG, 'get-sign-in-url', { issuer: ISSUER });
    assert.equal(usage.end.status, 'succeeded', JSON.stringify(usage.events));
    const attempts = usage.events.filter((e) => e.type === 'call' && e.operation === 'AssumeRole') as any[];
    assert.ok(attempts.length >= 2, 'at least one retry');
    assert.equal(attempts[0].error.name, 'AccessDenied');
    assert.ok(!attempts.at(-1).error);
    assert.ok(usage.events.some((e) => e.type === 'log' && /IAM changes take a few seconds/.test(e.text)));
    assert.ok(usage.events.some((e) => e.type === 'progress'));
    assert.equal((await runToEnd(slow, SLUG, 'delete-console-role')).end.status, 'succeeded');
  } finally {
    await slow.close();
  }
});
