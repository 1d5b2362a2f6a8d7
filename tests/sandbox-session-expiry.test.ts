/**
 * Bounded memory for temporary credentials, through the real SDK v3 clients on an injected
 * clock: an expired session's keys get AWS's ExpiredToken as before, also once the sandbox has
 * dropped the session (the token describes itself); the sandbox's GetStats shows expired
 * sessions dropped on access and by the sweep each issuance runs, and the count stays near the
 * live ones under sustained issuance; a wrong or forged token is still InvalidClientTokenId;
 * MFA replay protection holds within the code's window while sessions come and go.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { codeAt } from '../server/sandbox/auth/totp.ts';
import { createClock } from '../server/sandbox/clock.ts';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';
import { signedFetch } from './support/signed-fetch.ts';

const STEP = 30_000;
// Simulated time runs ahead of the wall clock (signatures are judged by the wall clock).
const clock = createClock();
const advance = (ms: number) => clock.advance(ms);
const { sandbox, iam } = await iamSandbox({ clock });
const admin = sandbox.admins[0];
const sts = (creds?: Creds) => new STSClient(sandbox.config(creds));
const adminArn = `arn:aws:iam::${ACCT}:user/${admin.userName}`;
const role = await iam.send(new CreateRoleCommand({ RoleName: 'expiring', AssumeRolePolicyDocument: JSON.stringify(trustFor(adminArn)) }));
const assume = async (name: string) => credsOf(await sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: name, DurationSeconds: 900 })));

async function sessionsHeld(): Promise<number> {
  const response = await signedFetch({ url: sandbox.url, service: 'sandbox', body: 'Version=2026-11-01&Action=GetStats', credentials: admin });
  const xml = await response.text();
  assert.equal(response.status, 200, xml);
  return Number(/<Sessions>(\d+)<\/Sessions>/.exec(xml)![1]);
}

const expired = (creds: Creds) => fails(sts(creds).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');

test('an expired session gets ExpiredToken, is dropped when presented, and its token alone still gets ExpiredToken', async () => {
  const creds = await assume('s1');
  assert.match(creds.sessionToken!, /^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]{340}$/);
  assert.match((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn!, /:assumed-role\/expiring\/s1$/);
  const held = await sessionsHeld();
  advance(900_000);
  await expired(creds);
  assert.equal(await sessionsHeld(), held - 1, 'dropped on access');
  await expired(creds);
  advance(24 * 3600_000);
  await expired(creds);
});

test('each issuance sweeps expired sessions it was never asked about; none of them comes back', async () => {
  const old = await Promise.all(Array.from({ length: 6 }, (_, i) => assume(`old-${i}`)));
  const before = await sessionsHeld();
  advance(901_000);
  for (let i = 0; i < 4; i++) await assume(`new-${i}`);
  assert.ok((await sessionsHeld()) <= before - old.length + 4, 'the six expired sessions were swept');
  for (const creds of old) await expired(creds);
});

test('a wrong, forged or borrowed token is InvalidClientTokenId, before and after the session is dropped', async () => {
  const [a, b] = [await assume('aa'), await assume('bb')];
  const invalid = (creds: Creds) => fails(sts(creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  const flipped = (t: string) => t.slice(0, -5) + (t.at(-5) === 'A' ? 'B' : 'A') + t.slice(-4);
  await invalid({ ...a, sessionToken: b.sessionToken });
  await invalid({ ...a, sessionToken: flipped(a.sessionToken!) });
  advance(901_000);
  await expired(a);
  await invalid({ ...b, sessionToken: a.sessionToken });
  await invalid({ ...a, sessionToken: flipped(a.sessionToken!) });
});

test('sustained AssumeRole with expiring sessions: the store holds about the live ones, not all ever issued', async () => {
  const start = await sessionsHeld();
  for (let i = 0; i < 300; i++) {
    await assume(`load-${i}`);
    advance(30_000); // 30 sessions live at any time (15 minutes each)
  }
  const held = (await sessionsHeld()) - start;
  assert.ok(held <= 45, `${held} sessions held after 300 issued with 30 alive`);
});

test('MFA replay protection holds within the code\'s window while sessions are swept', async () => {
  const user = await userWithKey(iam, 'mfa-sweeper');
  await iam.send(new PutUserPolicyCommand({ UserName: 'mfa-sweeper', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-sweeper' }))).VirtualMFADevice!;
  const seed = Buffer.from(device.Base32StringSeed!).toString();
  advance(STEP - (clock.now() % STEP) + 5_000); // five seconds into a step
  await iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-sweeper', SerialNumber: device.SerialNumber, AuthenticationCode1: codeAt(seed, clock.now() - STEP), AuthenticationCode2: codeAt(seed, clock.now()) }));
  advance(STEP);
  const code = codeAt(seed, clock.now());
  await sts(user).send(new GetSessionTokenCommand({ SerialNumber: device.SerialNumber, TokenCode: code, DurationSeconds: 900 }));
  for (let i = 0; i < 10; i++) await assume(`between-${i}`); // sweeps run
  advance(10_000); // still within the code's window
  await fails(
    sts(user).send(new GetSessionTokenCommand({ SerialNumber: device.SerialNumber, TokenCode: code, DurationSeconds: 900 })),
    'AccessDenied', 403, 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  );
});
