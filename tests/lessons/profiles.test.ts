/**
 * Lesson "Profiles do it for you" through the runner, against the embedded sandbox, with HOME
 * pointed at a temporary directory whose ~/.aws holds sentinel files with the lesson's own
 * profile names and wrong keys: the whole lesson works from the files it writes in its run's
 * directory under the state directory (0700, files 0600, recorded in the ledger before), the user
 * profile is denied with S3's exact message, the role profile assumes the role once with the code
 * given (mfaCodeProvider) and keeps the session, the refresh assumes it again with a new code,
 * the AWS CLI step copes with no CLI, an old CLI and a new one; no secret in any result; the
 * teardown removes the directory; the sentinel files are untouched and ~/.aws gains nothing.
 * Also: a notebook killed (SIGKILL) after the files were written leaves nothing the next start
 * does not report and the clean-up does not remove.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lesson, { type ProfilesState } from '../../src/lessons/profiles/steps.ts';
import { readsEndpointUrlFromProfile } from '../../src/lessons/profiles/aws-cli.ts';
import { isLessonFile } from '../../src/lessons/shared/local-files.ts';
import { mfaLesson, setUpMfaUser } from '../support/mfa.ts';
import { testNotebook } from '../support/notebook.ts';
import { driveLesson, listLessons } from '../support/drive-lesson.ts';
import { newStateDir, startNotebook } from '../support/notebook-child.ts';
import { startStandaloneSandbox } from '../support/processes.ts';

const LESSON = 'profiles';
const ACCOUNT = '123456789012';
const AWS_VARS = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL'];

/** The learner's own ~/.aws: the lesson's profile names with keys and a role that must never be used. */
const SENTINEL_CONFIG = '[default]\nregion = eu-north-1\n\n[profile workshop-user]\nregion = eu-north-1\n\n[profile workshop-s3-read]\nrole_arn = arn:aws:iam::111122223333:role/not-this-one\nsource_profile = workshop-user\nregion = eu-north-1\n';
const SENTINEL_CREDENTIALS = '[workshop-user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

const saved: Record<string, string | undefined> = {};
let home: string;
let nb: Awaited<ReturnType<typeof testNotebook>>;

before(async () => {
  for (const name of ['HOME', 'PATH', ...AWS_VARS]) saved[name] = process.env[name];
  for (const name of AWS_VARS) delete process.env[name];
  home = await mkdtemp(join(tmpdir(), 'stsw-home-'));
  await mkdir(join(home, '.aws'), { mode: 0o700 });
  await writeFile(join(home, '.aws', 'config'), SENTINEL_CONFIG, { mode: 0o600 });
  await writeFile(join(home, '.aws', 'credentials'), SENTINEL_CREDENTIALS, { mode: 0o600 });
  process.env.HOME = home;
  nb = await testNotebook({ lessons: [lesson] });
});
after(async () => {
  await nb.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const mfa = mfaLesson(LESSON, () => nb);
const { account, advance, codes, step, ours, assertTornDown, assertNoSecretStreamed } = mfa;
const stateOf = () => nb.workshop.stateOf(LESSON) as ProfilesState;

/** The CLI on PATH, and whether it can send a profile's AssumeRole to the sandbox. */
function cliOn(path: string) {
  const out = spawnSync('aws', ['--version'], { encoding: 'utf8', env: { PATH: path } });
  if (out.error || out.status !== 0) return undefined;
  const version = `${out.stdout}${out.stderr}`.split(' ')[0]!;
  return { version, new: readsEndpointUrlFromProfile(version) };
}

async function nextCode() {
  await advance(30);
  return (await codes()).code;
}

test('the whole lesson from its own files, the learner’s ~/.aws untouched', async () => {
  const before = { config: await stat(join(home, '.aws', 'config')), credentials: await stat(join(home, '.aws', 'credentials')) };
  const { user, seed, userKeySecret, serial } = await setUpMfaUser(mfa);
  const role = await step('create-role');
  assert.equal(role.end.status, 'succeeded');
  const trust = JSON.parse(account().roles.get(role.result.RoleName)!.trustPolicy.text);
  assert.deepEqual(trust.Statement[0].Condition, { Bool: { 'aws:MultiFactorAuthPresent': true } });

  // ── the files ──────────────────────────────────────────────────────────────────────────
  const written = await step('write-profiles');
  assert.equal(written.end.status, 'succeeded', JSON.stringify(written.error));
  const state = stateOf();
  const dir = state.filesDir!;
  assert.ok(dir.startsWith(join(nb.stateDir, 'lesson-files', `sandbox-${ACCOUNT}`) + '/'), dir);
  assert.ok(isLessonFile(dir));
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  for (const file of [state.configFile!, state.credentialsFile!]) assert.equal((await stat(file)).mode & 0o777, 0o600, file);
  const config = await readFile(state.configFile!, 'utf8');
  assert.equal(
    config,
    [
      '[profile workshop-user]',
      'region = us-east-1',
      `endpoint_url = ${nb.sandbox!.url}`,
      '',
      '[profile workshop-s3-read]',
      `role_arn = ${role.result.Arn}`,
      'source_profile = workshop-user',
      `mfa_serial = ${serial}`,
      'role_session_name = workshop-profile',
      'region = us-east-1',
      `endpoint_url = ${nb.sandbox!.url}`,
      '',
    ].join('\n'),
  );
  assert.equal(await readFile(state.credentialsFile!, 'utf8'), `[workshop-user]\naws_access_key_id = ${state.userKey!.accessKeyId}\naws_secret_access_key = ${userKeySecret}\n`);
  assert.deepEqual(written.result[state.credentialsFile!].lines.at(-1), 'aws_secret_access_key = (hidden)');
  assert.equal(written.result[state.configFile!].mode, '600');
  const outstanding = await nb.workshop.ledgerFor(LESSON, 'x').outstanding();
  assert.deepEqual(outstanding.filter((r) => r.kind === 'file').map((r) => r.name), [dir]);
  assert.equal((await step('write-profiles')).end.status, 'succeeded', 'a second run uses the files');

  // ── the SDK ────────────────────────────────────────────────────────────────────────────
  await advance(30); // enable-mfa-device spent the code after the current one too
  const denied = await step('user-profile-denied');
  assert.equal(denied.end.status, 'expected-failure');
  assert.equal(denied.error.name, 'AccessDenied');
  assert.equal(denied.error.message, `User: ${user.result.Arn} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`);

  const used = await step('use-role-profile', { code: await nextCode() });
  assert.equal(used.end.status, 'succeeded', JSON.stringify(used.error));
  assert.equal(used.result.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/workshop-profile`);
  assert.equal(used.result.CodesAsked, 1);
  assert.equal(used.result.Buckets.length, 3);
  const ops = used.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.deepEqual(ops, ['AssumeRole', 'ListBuckets', 'ListBuckets', 'GetCallerIdentity'], 'one AssumeRole: the client keeps the session');
  assert.equal(Date.parse(used.result.RefreshesAfter), Date.parse(used.result.Expiration) - 5 * 60_000);
  const firstSession = stateOf().roleSession!;

  const refreshed = await step('refresh-session', { code: await nextCode() });
  assert.equal(refreshed.end.status, 'succeeded', JSON.stringify(refreshed.error));
  assert.equal(refreshed.result.Before.AccessKeyId, firstSession.accessKeyId);
  assert.notEqual(refreshed.result.After.AccessKeyId, firstSession.accessKeyId);
  assert.deepEqual(refreshed.events.filter((e) => e.type === 'call').map((e: any) => e.operation), ['AssumeRole', 'GetCallerIdentity']);
  const secondSession = stateOf().roleSession!;
  const held = await (await nb.request(`/api/lessons/${LESSON}/credentials`)).json();
  assert.ok(held.credentials.some((c: any) => c.accessKeyId === secondSession.accessKeyId), JSON.stringify(held));

  // ── the CLI: none, an old one, whatever this machine has ───────────────────────────────
  process.env.PATH = '/nonexistent';
  try {
    const absent = await step('cli-role-profile', { code: '123456' });
    assert.equal(absent.end.status, 'succeeded');
    assert.deepEqual(absent.result, { AwsCli: 'not installed', WouldRun: 'aws sts get-caller-identity --profile workshop-s3-read' });
  } finally {
    process.env.PATH = saved.PATH;
  }
  const debian = cliOn('/usr/bin:/bin');
  if (debian && !debian.new) {
    process.env.PATH = '/usr/bin:/bin';
    try {
      const old = await step('cli-role-profile', { code: '123456' });
      assert.equal(old.end.status, 'succeeded');
      assert.deepEqual(old.result, { AwsCli: debian.version, WouldRun: 'aws sts get-caller-identity --profile workshop-s3-read', Needs: 'aws-cli 1.29 or 2.13' });
    } finally {
      process.env.PATH = saved.PATH;
    }
  }
  const cli = cliOn(saved.PATH ?? '');
  let cliSessions: string[] = [];
  if (cli?.new) {
    const ran = await step('cli-role-profile', { code: await nextCode() });
    assert.equal(ran.end.status, 'succeeded', JSON.stringify(ran.error));
    assert.equal(ran.result.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/workshop-profile`);
    assert.equal(ran.result.SecondRunAskedForACode, false, 'the second run used the cached session');
    assert.equal(ran.result.CachedSessions.length, 1);
    assert.ok(ran.result.CachedSessions[0].startsWith(join(state.cliHome!, '.aws', 'cli', 'cache')));
    cliSessions = [await readFile(ran.result.CachedSessions[0], 'utf8')];
  }

  // ── nothing secret left the server ─────────────────────────────────────────────────────
  const sessions = [firstSession, secondSession].map((s) => ({ secret: s.secretAccessKey, token: s.sessionToken! }));
  for (const text of cliSessions) {
    const { Credentials } = JSON.parse(text);
    sessions.push({ secret: Credentials.SecretAccessKey, token: Credentials.SessionToken });
  }
  assertNoSecretStreamed(seed, userKeySecret, sessions);

  // ── teardown ───────────────────────────────────────────────────────────────────────────
  const removed = await step('delete-files');
  assert.deepEqual(removed.result, { deleted: [dir] });
  assert.equal(existsSync(dir), false);
  assert.equal((await step('delete-role')).end.status, 'succeeded');
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  await assertTornDown();
  assert.deepEqual(ours().roles, []);
  assert.deepEqual(nb.workshop.stateOf(LESSON), {});

  // ── the learner's own files ────────────────────────────────────────────────────────────
  assert.equal(await readFile(join(home, '.aws', 'config'), 'utf8'), SENTINEL_CONFIG);
  assert.equal(await readFile(join(home, '.aws', 'credentials'), 'utf8'), SENTINEL_CREDENTIALS);
  assert.equal((await stat(join(home, '.aws', 'config'))).mtimeMs, before.config.mtimeMs);
  assert.equal((await stat(join(home, '.aws', 'credentials'))).mtimeMs, before.credentials.mtimeMs);
  assert.deepEqual((await readdir(home, { recursive: true })).sort(), ['.aws', '.aws/config', '.aws/credentials']);
});

test('a notebook killed after writing the files: the next start reports them and the clean-up removes them', async () => {
  const sandbox = await startStandaloneSandbox();
  const stateDir = await newStateDir();
  const doomed = await startNotebook({ sandbox, stateDir });
  let dir: string;
  try {
    const info = (await listLessons(doomed)).find((l) => l.slug === LESSON)!;
    const setup = await driveLesson(doomed, info, { phases: ['setup'] });
    assert.ok(setup.runs.every((r) => r.status === 'succeeded'), JSON.stringify(setup.runs.map((r) => [r.step, r.status])));
    const root = join(stateDir, 'lesson-files', `sandbox-${ACCOUNT}`);
    const runs = await readdir(root);
    assert.equal(runs.length, 1);
    dir = join(root, runs[0]!);
    assert.deepEqual((await readdir(dir)).sort(), ['cli-home', 'config', 'credentials']);
  } finally {
    await doomed.kill();
  }
  assert.ok(existsSync(join(dir, 'credentials')), 'the secret is on disk after the crash');

  const next = await startNotebook({ sandbox, stateDir });
  try {
    const found = () => next.output.some((l) => /Found \d+ resources? left by earlier runs/.test(l) && l.includes(`file ${dir}`));
    for (let i = 0; i < 50 && !found(); i++) await sleep(100);
    assert.ok(found(), next.output.join('\n'));
    const look = (await (await next.request('/api/cleanup')).json()).leftovers as { kind: string; name: string; source: string }[];
    assert.ok(look.some((l) => l.kind === 'file' && l.name === dir && l.source === 'ledger'), JSON.stringify(look));
    const swept = await (await next.request('/api/cleanup', { method: 'POST', body: '{}' })).json();
    assert.deepEqual(swept.remaining, []);
    assert.equal(existsSync(dir), false, 'the directory and its secrets are gone');
  } finally {
    await next.kill();
    sandbox.stop();
  }
});
