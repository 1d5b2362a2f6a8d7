/**
 * Test support for the lessons with a virtual MFA device (assume-role-mfa, session-token-mfa), on
 * a notebook from `testNotebook()`: the built-in authenticator's codes through the API
 * (`GET /api/lessons/<slug>/authenticator`), the sandbox clock moved forward between code uses
 * (`POST /api/sandbox/clock`; a code works once per 30-second window), each step's stream kept
 * for the secret checks, what the run left under /sts-workshop/, the checks every MFA lesson
 * makes (order enforced, nothing left after teardown, no secret streamed), and the setup both
 * lessons share (src/lessons/shared/user-setup.ts) run and checked the same way for each.
 */
import assert from 'node:assert/strict';
import { notTheCurrentCode } from '../../src/lessons/shared/mfa-setup.ts';
import { run, runToEnd, type testNotebook } from './notebook.ts';
import type { AuthenticatorCodes } from '../../src/api/contract.ts';

/** The authenticator's answer for a lesson whose device exists (the API contract's). */
export type { AuthenticatorCodes };

type TestNotebook = Awaited<ReturnType<typeof testNotebook>>;

export const ACCOUNT = '123456789012';
export const PATH = '/sts-workshop/';
/** What `ours()` returns once a lesson has torn everything down. */
export const NOTHING = { users: [], roles: [], policies: [], mfaDevices: [], keys: [] };

/** Helpers for one MFA lesson; `notebook` is read on each call, so it may be set in `before()`. */
export function mfaLesson(lesson: string, notebook: () => TestNotebook) {
  const account = () => notebook().sandbox!.state.store.accounts.get(ACCOUNT)!;

  /** The authenticator's answer: 200 with the codes, or 204 (body undefined) before a device exists. */
  async function authenticator(): Promise<{ status: number; body: any }> {
    const res = await notebook().request(`/api/lessons/${lesson}/authenticator`);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  async function codes(): Promise<AuthenticatorCodes> {
    const { status, body } = await authenticator();
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  }
  /** Moves the sandbox clock (which the authenticator follows) forward. */
  async function advance(seconds = 30) {
    const res = await notebook().request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds }) });
    assert.equal(res.status, 200);
  }
  /** Codes from the start of a 30-second window, so that the wall clock cannot roll it over mid-test. */
  async function freshWindow() {
    const now = await codes();
    if (now.secondsLeft >= 10) return now;
    await advance(now.secondsLeft);
    return codes();
  }

  /** Everything the lesson's runs streamed, as text, for the secret checks. */
  const streamed: string[] = [];
  async function step(id: string, inputs: Record<string, string> = {}) {
    const out = await runToEnd(notebook(), lesson, id, inputs);
    streamed.push(JSON.stringify(out.events));
    return out;
  }

  /** The workshop's resources in the sandbox account: compare with NOTHING after a teardown. */
  function ours() {
    const a = account();
    return {
      users: [...a.users.values()].filter((u) => u.path === PATH).map((u) => u.name),
      roles: [...a.roles.values()].filter((r) => r.path === PATH).map((r) => r.name),
      policies: [...a.policies.values()].filter((p) => p.path === PATH).map((p) => p.name),
      mfaDevices: [...a.mfaDevices.values()].filter((d) => d.path === PATH).map((d) => d.serial),
      keys: [...notebook().sandbox!.state.store.accessKeys.values()].filter((k) => k.userName?.startsWith('stsw-')).map((k) => k.id),
    };
  }

  /** Each step, run before the steps it requires, is refused (409 OutOfOrder) and creates nothing. */
  async function assertRefusedOutOfOrder(steps: readonly (readonly [string, Record<string, string>])[]) {
    for (const [id, inputs] of steps) {
      const res = await run(notebook(), lesson, id, inputs);
      assert.equal(res.status, 409, id);
      assert.equal((await res.json()).error.code, 'OutOfOrder', id);
    }
    assert.deepEqual(ours(), NOTHING);
  }

  /** After the lesson's teardown: nothing left in the sandbox, the authenticator, or the ledger. */
  async function assertTornDown() {
    assert.deepEqual(ours(), NOTHING);
    assert.equal((await authenticator()).status, 204, 'the authenticator forgets the device with the lesson');
    const outstanding = (await notebook().workshop.ledgerFor(lesson, 'check').outstanding()).filter((r) => r.lesson === lesson);
    assert.deepEqual(outstanding, []);
  }

  /**
   * No secret ever left the server in what the steps streamed: not the device's seed (raw or
   * base64), not the user's secret access key, not any of `sessions`' secret keys and tokens.
   */
  function assertNoSecretStreamed(seed: string, userKeySecret: string, sessions: Iterable<{ secret: string; token: string }>) {
    const text = streamed.join('\n');
    assert.ok(!text.includes(seed), 'seed in the stream');
    assert.ok(!text.includes(Buffer.from(seed).toString('base64')), 'base64 seed in the stream');
    assert.ok(!text.includes(userKeySecret), "the user's secret access key in the stream");
    for (const s of sessions) {
      assert.ok(!text.includes(s.secret), 'a session secret in the stream');
      assert.ok(!text.includes(s.token), 'a session token in the stream');
    }
  }

  return {
    notebook,
    account,
    authenticator,
    codes,
    advance,
    freshWindow,
    streamed,
    step,
    ours,
    assertRefusedOutOfOrder,
    assertTornDown,
    assertNoSecretStreamed,
  };
}

export type MfaLesson = ReturnType<typeof mfaLesson>;

/**
 * Runs the shared setup steps in order and checks them: create-user and create-mfa-device (each
 * run twice: no duplicate), enable-mfa-device refused for wrong, half-wrong and swapped codes (the
 * device stays, unassigned) and then enabled with the authenticator's current and next codes,
 * create-access-key (twice: one key). Returns what the lesson's own checks need.
 */
export async function setUpMfaUser({ notebook, account, freshWindow, step, ours }: MfaLesson) {
  const user = await step('create-user');
  assert.equal(user.end.status, 'succeeded');
  assert.match(user.result.Arn, /^arn:aws:iam::123456789012:user\/sts-workshop\/stsw-[a-z2-7]+-user$/);
  const again = await step('create-user');
  assert.equal(again.end.status, 'succeeded');
  assert.equal(again.result.Arn, user.result.Arn);
  assert.ok(again.events.some((e) => e.type === 'log' && /exists from an earlier run/.test(e.text)));
  assert.equal(ours().users.length, 1, 'running create-user twice made one user');

  const device = await step('create-mfa-device');
  assert.equal(device.end.status, 'succeeded');
  const serial: string = device.result.SerialNumber;
  assert.match(serial, /^arn:aws:iam::123456789012:mfa\/sts-workshop\/stsw-[a-z2-7]+-mfa$/);
  assert.deepEqual(Object.keys(device.result).sort(), ['AssignedTo', 'SerialNumber']);
  assert.equal((await step('create-mfa-device')).result.SerialNumber, serial);
  assert.equal(ours().mfaDevices.length, 1, 'running create-mfa-device twice made one device');
  const seed: string = account().mfaDevices.get(serial)!.seed;

  const first = await freshWindow();
  assert.equal(first.serialNumber, serial);
  assert.match(first.code, /^\d{6}$/);
  assert.match(first.nextCode, /^\d{6}$/);
  assert.ok(first.secondsLeft >= 1 && first.secondsLeft <= 30);

  // Wrong codes at enable: IAM refuses them, nothing is rolled back, the lesson can go on.
  const wrong1 = notTheCurrentCode(first.code, first.nextCode);
  const wrong2 = notTheCurrentCode(first.nextCode, first.code);
  for (const [label, inputs] of [
    ['two wrong codes', { code1: wrong1, code2: wrong2 }],
    ['a wrong code, then the current one', { code1: wrong1, code2: first.code }],
  ] as const) {
    const refused = await step('enable-mfa-device', inputs);
    assert.equal(refused.end.status, 'failed', label);
    assert.match(refused.error.name, /^InvalidAuthenticationCode/, label);
    assert.equal(refused.error.message, 'Authentication code for device is not valid.', label);
  }
  // Two codes that are not consecutive (the next one first) are refused too.
  const swapped = await step('enable-mfa-device', { code1: first.nextCode, code2: first.code });
  assert.equal(swapped.end.status, 'failed');
  assert.equal(account().mfaDevices.get(serial)?.userName, undefined, 'the device stays unassigned');
  assert.equal(ours().mfaDevices.length, 1, 'the device is not rolled back');

  const enabled = await step('enable-mfa-device', { code1: first.code, code2: first.nextCode });
  assert.equal(enabled.end.status, 'succeeded', JSON.stringify(enabled.error));
  assert.equal(account().mfaDevices.get(serial)?.userName, user.result.UserName);

  const key = await step('create-access-key');
  assert.equal(key.end.status, 'succeeded');
  assert.match(key.result.AccessKeyId, /^AKIA/);
  assert.equal(key.result.Arn, user.result.Arn);
  assert.equal((await step('create-access-key')).result.AccessKeyId, key.result.AccessKeyId);
  assert.equal(ours().keys.length, 1, 'running create-access-key twice made one key');
  const userKeySecret: string = notebook().sandbox!.state.store.accessKeys.get(key.result.AccessKeyId)!.secret;

  return { user, serial, seed, first, key, userKeySecret };
}
