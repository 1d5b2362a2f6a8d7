/**
 * The console federation endpoint and the sandbox console, driven like an identity broker
 * would: role-session credentials from the real SDK v3 STS client (AssumeRole), then raw HTTP
 * to `/federation` (getSigninToken, login) and to `/console/`. Covers SessionDuration rules,
 * malformed input, single-use and 15-minute tokens, the cookie, open-redirect refusal, the
 * console page (assumed-role ARN, buckets, a denied or allowed write) and session expiry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { SEED_BUCKETS } from '../server/sandbox/seed.ts';
import { withSandbox, type Creds } from './support/sandbox.ts';

const ACCOUNT = '123456789012';
let sandbox: Awaited<ReturnType<typeof withSandbox>>;

before(async () => {
  sandbox = await withSandbox();
  await addRole('ConsoleReadOnly', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
  await addRole('ConsoleAdmin', 'arn:aws:iam::aws:policy/AdministratorAccess');
});
after(() => sandbox.close());

/** A role trusting the account (so the caller's IAM policies decide), with one managed policy. */
async function addRole(name: string, policyArn: string) {
  const iam = new IAMClient(sandbox.config());
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  });
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, MaxSessionDuration: 43200 }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
}

async function assume(role: string, session: string, creds?: Creds): Promise<Creds & { expiration: Date }> {
  const sts = new STSClient(sandbox.config(creds));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: session }));
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = out.Credentials!;
  return { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken!, expiration: Expiration! };
}

/** When the console page says the console session ends (whole seconds, UTC). */
async function consoleEnds(cookie: string): Promise<number> {
  const html = await (await consolePage(cookie)).text();
  const [, when] = /<dt>Console session ends<\/dt><dd>(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(html)!;
  return Date.parse(when.replace(' ', 'T') + 'Z');
}

/** Whether the bucket exists, as the administrator's S3 client sees it. */
async function bucketExists(bucket: string): Promise<boolean> {
  return new S3Client(sandbox.config()).send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    (e: { $metadata: { httpStatusCode: number } }) => (e.$metadata.httpStatusCode === 404 ? false : Promise.reject(e)),
  );
}

const sessionParam = (c: Creds) => JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });

async function getSigninToken(creds: Creds, extra: Record<string, string> = {}) {
  const qs = new URLSearchParams({ Action: 'getSigninToken', SessionType: 'json', Session: sessionParam(creds), ...extra });
  return fetch(`${sandbox.url}/federation?${qs}`);
}

async function tokenFor(creds: Creds, extra: Record<string, string> = {}): Promise<string> {
  const res = await getSigninToken(creds, extra);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { SigninToken: string }).SigninToken;
}

async function login(token: string, destination = 'https://console.aws.amazon.com/', issuer = 'https://broker.example/signin') {
  const qs = new URLSearchParams({ Action: 'login', Issuer: issuer, Destination: destination, SigninToken: token });
  return fetch(`${sandbox.url}/federation?${qs}`, { redirect: 'manual' });
}

async function signIn(creds: Creds, extra: Record<string, string> = {}): Promise<string> {
  const res = await login(await tokenFor(creds, extra));
  assert.equal(res.status, 302);
  return /^sandbox-console=([0-9a-f]+);/.exec(res.headers.get('set-cookie')!)![1];
}

const consolePage = (cookie: string) => fetch(`${sandbox.url}/console/`, { headers: { cookie: `sandbox-console=${cookie}` } });
const csrfOf = (html: string) => /name="csrf" value="([0-9a-f]+)"/.exec(html)![1];

async function createBucket(cookie: string, bucket: string, csrf?: string, origin = sandbox.url) {
  const form = new URLSearchParams({ bucket, ...(csrf ? { csrf } : {}) });
  return fetch(`${sandbox.url}/console/s3/create-bucket`, {
    method: 'POST',
    headers: { cookie: `sandbox-console=${cookie}`, 'content-type': 'application/x-www-form-urlencoded', origin },
    body: form.toString(),
  });
}

test('getSigninToken answers a JSON SigninToken valid 15 minutes, by GET or form POST', async () => {
  const creds = await assume('ConsoleReadOnly', 'broker');
  const res = await getSigninToken(creds);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const { SigninToken } = (await res.json()) as { SigninToken: string };
  assert.match(SigninToken, /^[A-Za-z0-9_-]{100,}$/);
  const signedIn = await login(SigninToken);
  assert.equal(signedIn.status, 302);
  const cookie = /^sandbox-console=([0-9a-f]+);/.exec(signedIn.headers.get('set-cookie')!)![1];
  const ends = await consoleEnds(cookie);
  assert.equal(ends, Math.floor(creds.expiration.getTime() / 1000) * 1000, 'without SessionDuration the console lasts as long as the credentials');

  const posted = await fetch(`${sandbox.url}/federation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: 'getSigninToken', Session: sessionParam(creds) }).toString(),
  });
  assert.equal(posted.status, 200);
  assert.ok(((await posted.json()) as { SigninToken: string }).SigninToken);
});

test('SessionDuration: allowed for roles assumed with long-term user keys, within 900..43200', async () => {
  const creds = await assume('ConsoleReadOnly', 'long-console');
  const twelveHours = await signIn(creds, { SessionDuration: '43200' });
  assert.ok(Math.abs((await consoleEnds(twelveHours)) - (creds.expiration.getTime() + 11 * 3600 * 1000)) < 5000, 'twelve hours, not the credentials\' one');
  for (const bad of ['899', '43201']) {
    const res = await getSigninToken(creds, { SessionDuration: bad });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /SessionDuration/);
  }
  const notNumber = await getSigninToken(creds, { SessionDuration: 'soon' });
  assert.equal(notNumber.status, 400);
});

test('SessionDuration with role-chained credentials is 400 Invalid credentials parameter; without it they work', async () => {
  const first = await assume('ConsoleAdmin', 'hop-1');
  const chained = await assume('ConsoleReadOnly', 'hop-2', first);
  const res = await getSigninToken(chained, { SessionDuration: '3600' });
  assert.equal(res.status, 400);
  assert.equal(await res.text(), 'Invalid credentials parameter');
  await tokenFor(chained);
});

test('GetSessionToken credentials, long-term keys and wrong secrets are refused with 400', async () => {
  const sts = new STSClient(sandbox.config());
  const out = await sts.send(new GetSessionTokenCommand({}));
  const gst = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  const res = await getSigninToken(gst);
  assert.equal(res.status, 400);
  assert.match(res.headers.get('content-type')!, /^text\/plain/);
  assert.equal((await getSigninToken(gst, { SessionDuration: '3600' })).status, 400);

  const admin = sandbox.admins[0];
  assert.equal((await getSigninToken({ accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey, sessionToken: '' })).status, 400);

  const creds = await assume('ConsoleReadOnly', 'wrong-secret');
  assert.equal((await getSigninToken({ ...creds, secretAccessKey: 'x'.repeat(40) })).status, 400);
  assert.equal((await getSigninToken({ ...creds, sessionToken: 'not-the-token' })).status, 400);
});

test('a malformed Session parameter or a missing Action is 400', async () => {
  for (const Session of ['{not json', '[]', '"text"', JSON.stringify({ sessionId: 'ASIAX' }), JSON.stringify({ sessionId: 1, sessionKey: 2, sessionToken: 3 })]) {
    const res = await fetch(`${sandbox.url}/federation?${new URLSearchParams({ Action: 'getSigninToken', Session })}`);
    assert.equal(res.status, 400, Session);
    assert.equal(await res.text(), 'The request sent by the client was syntactically incorrect.');
  }
  assert.equal((await fetch(`${sandbox.url}/federation?Action=getSigninToken`)).status, 400);
  assert.equal((await fetch(`${sandbox.url}/federation`)).status, 400);
  assert.equal((await fetch(`${sandbox.url}/federation?Action=frobnicate`)).status, 400);
});

test('login redirects to /console/ with an HttpOnly cookie, and the console shows the role session and its buckets', async () => {
  const creds = await assume('ConsoleReadOnly', 'alice-console');
  const res = await login(await tokenFor(creds));
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/console/');
  const cookie = res.headers.get('set-cookie')!;
  assert.match(cookie, /^sandbox-console=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/console$/);
  const id = /^sandbox-console=([0-9a-f]+)/.exec(cookie)![1];

  const page = await consolePage(id);
  assert.equal(page.status, 200);
  assert.equal(
    page.headers.get('content-security-policy'),
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
  );
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  assert.match(html, /<title>AWS Management Console — offline sandbox<\/title>/);
  assert.ok(html.includes(`arn:aws:sts::${ACCOUNT}:assumed-role/ConsoleReadOnly/alice-console`));
  for (const name of SEED_BUCKETS) assert.ok(html.includes(`${name}-${ACCOUNT}`), `${name} listed`);
  assert.ok(html.includes('href="https://broker.example/signin"'));
  assert.match(html, /in (59 min|1 h)/);
  assert.ok(!/<script/i.test(html), 'no script');

  const noCookie = await fetch(`${sandbox.url}/console/`);
  assert.equal(noCookie.status, 401);
  assert.match(await noCookie.text(), /not signed in/);
});

test('a write from a read-only role is AccessDenied with S3 wording; a role that may write creates the bucket', async () => {
  const readOnly = await signIn(await assume('ConsoleReadOnly', 'reader'));
  const csrf = csrfOf(await (await consolePage(readOnly)).text());
  const denied = await createBucket(readOnly, 'console-made-bucket', csrf);
  assert.equal(denied.status, 403);
  const html = await denied.text();
  assert.match(html, /AccessDenied/);
  assert.ok(
    html.includes(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ConsoleReadOnly/reader is not authorized to perform: s3:CreateBucket because no identity-based policy allows the s3:CreateBucket action`,
    ),
  );
  assert.equal(await bucketExists('console-made-bucket'), false);

  const admin = await signIn(await assume('ConsoleAdmin', 'writer'));
  const adminCsrf = csrfOf(await (await consolePage(admin)).text());
  const created = await createBucket(admin, 'console-made-bucket', adminCsrf);
  assert.equal(created.status, 200);
  assert.match(await created.text(), /Bucket &quot;console-made-bucket&quot; created/);
  assert.equal(await bucketExists('console-made-bucket'), true);

  // The form needs the session's CSRF token and our own Origin.
  assert.equal((await createBucket(admin, 'csrf-less-bucket')).status, 403);
  assert.equal((await createBucket(admin, 'foreign-bucket', adminCsrf, 'http://localhost:1')).status, 403);
  // Chromium sends `Origin: null` for form posts from a no-referrer page: the CSRF token decides.
  assert.equal((await createBucket(admin, 'null-origin-bucket', adminCsrf, 'null')).status, 200);
  assert.equal(await bucketExists('csrf-less-bucket'), false);
  assert.equal(await bucketExists('foreign-bucket'), false);

  const invalid = await createBucket(admin, '<b>Bad</b>', adminCsrf);
  assert.equal(invalid.status, 400);
  const invalidHtml = await invalid.text();
  assert.match(invalidHtml, /InvalidBucketName/);
  assert.ok(!invalidHtml.includes('<b>Bad</b>'), 'user input is escaped');
  assert.ok(invalidHtml.includes('&lt;b&gt;Bad&lt;/b&gt;'));
});

test('a sign-in token works once', async () => {
  const token = await tokenFor(await assume('ConsoleReadOnly', 'once'));
  assert.equal((await login(token)).status, 302);
  const again = await login(token);
  assert.equal(again.status, 400);
  assert.match(await again.text(), /already been used/);
  assert.equal(again.headers.get('set-cookie'), null);
});

test('a sign-in token expires 15 minutes after it is issued', async () => {
  const token = await tokenFor(await assume('ConsoleReadOnly', 'late', undefined));
  sandbox.state.clock.advance(16 * 60 * 1000);
  const res = await login(token);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /expired/);
  assert.equal(res.headers.get('set-cookie'), null);
});

test('login never redirects off the console: foreign Destinations are refused without using the token', async () => {
  const token = await tokenFor(await assume('ConsoleReadOnly', 'redirects'));
  const host = new URL(sandbox.url).host;
  for (const bad of [
    'https://evil.example/',
    '//evil.example/console/',
    '/\\evil.example/console/',
    'https://console.aws.amazon.com.evil.example/',
    `http://${host}.evil.example/console/`,
    'javascript:alert(1)',
    '/api/secret',
    '/console/../federation',
  ]) {
    const res = await login(token, bad);
    assert.equal(res.status, 400, bad);
    assert.equal(res.headers.get('location'), null, bad);
  }
  const kept = await login(token, '/console/?tab=s3');
  assert.equal(kept.status, 302);
  assert.equal(kept.headers.get('location'), '/console/?tab=s3');

  const aws = await login(await tokenFor(await assume('ConsoleReadOnly', 'aws-dest')), 'https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1');
  assert.equal(aws.headers.get('location'), '/console/');
  const own = await login(await tokenFor(await assume('ConsoleReadOnly', 'own-dest')), `${sandbox.url}/console/`);
  assert.equal(own.headers.get('location'), '/console/');
});

test('an unsafe Issuer is not linked, and every value printed is escaped', async () => {
  const token = await tokenFor(await assume('ConsoleReadOnly', 'issuer'));
  const res = await login(token, '/console/', 'javascript:alert(1)');
  const cookie = /^sandbox-console=([0-9a-f]+)/.exec(res.headers.get('set-cookie')!)![1];
  const html = await (await consolePage(cookie)).text();
  assert.ok(!html.includes('javascript:'));
  assert.match(html, /No Issuer was given/);

  const quoted = await login(await tokenFor(await assume('ConsoleReadOnly', 'issuer2')), '/console/', 'https://broker.example/a?x="><img src=x>');
  const html2 = await (await consolePage(/^sandbox-console=([0-9a-f]+)/.exec(quoted.headers.get('set-cookie')!)![1])).text();
  assert.ok(!html2.includes('"><img'));
});

test('the console session ends with the credentials (or SessionDuration): then it asks to sign in again', async () => {
  const short = await signIn(await assume('ConsoleReadOnly', 'short'));
  // A 12-hour console session from one-hour credentials assumed with long-term user keys.
  const creds = await assume('ConsoleReadOnly', 'twelve-hours');
  const twelve = await login(await tokenFor(creds, { SessionDuration: '43200' }));
  const twelveCookie = /^sandbox-console=([0-9a-f]+)/.exec(twelve.headers.get('set-cookie')!)![1];

  sandbox.state.clock.advance(61 * 60 * 1000);
  const expired = await consolePage(short);
  assert.equal(expired.status, 401);
  const html = await expired.text();
  assert.match(html, /Session expired/);
  assert.match(html, /Sign in again/);
  assert.ok(html.includes('https://broker.example/signin'));

  const still = await consolePage(twelveCookie);
  assert.equal(still.status, 200, 'SessionDuration outlives the one-hour credentials, as on AWS');
  assert.match(await still.text(), /in 10 h 5\d min/);
});

test('signed requests to /console/… and /federation are S3 requests, not the console', async () => {
  const { S3Client, CreateBucketCommand, ListObjectsV2Command, DeleteBucketCommand } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client(sandbox.config());
  await s3.send(new CreateBucketCommand({ Bucket: 'console' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'console' }));
  assert.equal(listed.Name, 'console');
  await s3.send(new DeleteBucketCommand({ Bucket: 'console' }));
});
