import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProgress, ProgressStore, type Progress } from './progress-store.ts';

const where = { target: 'sandbox' as const, account: '123456789012' };
const line = JSON.stringify({ type: 'end', ok: true, status: 'succeeded', ms: 5 });
const sample: Progress = {
  'who-am-i': { completedAt: '2030-01-02T03:04:05.000Z', statuses: { 'get-caller-identity': 'succeeded' }, lastRuns: { 'get-caller-identity': [line] } },
};

test('what is saved is what the next launch loads, in a 0600 file in a 0700 directory', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'progress-')), 'state');
  const store = await ProgressStore.open(dir, where);
  assert.deepEqual(store.loaded, {});
  store.changed(() => sample);
  await store.flush();
  assert.equal((await stat(store.path)).mode & 0o777, 0o600);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.match(store.path, /progress-sandbox-123456789012\.json$/);
  const again = await ProgressStore.open(dir, where);
  assert.deepEqual(again.loaded, sample);
  // Another account or target has a file of its own.
  assert.deepEqual((await ProgressStore.open(dir, { ...where, account: '111122223333' })).loaded, {});
  assert.deepEqual((await ProgressStore.open(dir, { ...where, target: 'aws' })).loaded, {});
});

test('changes are debounced into one write of the latest snapshot, and no temp file stays', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'progress-'));
  const store = await ProgressStore.open(dir, { ...where, delayMs: 20 });
  let asked = 0;
  for (let i = 0; i < 5; i++) store.changed(() => (asked++, { 'who-am-i': { statuses: { step: i % 2 ? 'failed' : 'succeeded' }, lastRuns: {} } }));
  assert.equal(asked, 0, 'nothing written synchronously');
  await new Promise((r) => setTimeout(r, 80));
  await store.flush();
  assert.equal(asked, 1);
  assert.deepEqual((await ProgressStore.open(dir, where)).loaded['who-am-i']!.statuses, { step: 'succeeded' });
  assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
});

test('the redactor sees the whole file before it is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'progress-'));
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz';
  const store = await ProgressStore.open(dir, { ...where, scrub: (t) => t.replaceAll(secret, '[REDACTED:SecretAccessKey]') });
  store.changed(() => ({ 'who-am-i': { statuses: {}, lastRuns: { s: [JSON.stringify({ type: 'log', text: `key ${secret}` })] } } }));
  await store.flush();
  const text = await readFile(store.path, 'utf8');
  assert.ok(!text.includes(secret));
  assert.ok(text.includes('[REDACTED:SecretAccessKey]'));
});

test('a link at the path is neither read nor written through', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'progress-'));
  const elsewhere = join(dir, 'elsewhere.json');
  await writeFile(elsewhere, JSON.stringify({ version: 1, lessons: { 'who-am-i': { statuses: { s: 'succeeded' }, lastRuns: {} } } }));
  await symlink(elsewhere, join(dir, 'progress-sandbox-123456789012.json'));
  const problems: string[] = [];
  const store = await ProgressStore.open(dir, { ...where, onProblem: (t) => problems.push(t) });
  assert.deepEqual(store.loaded, {}, 'the link was not followed');
  assert.equal(problems.length, 1);
  store.changed(() => sample);
  await store.flush();
  assert.equal((await stat(store.path)).isFile(), true, 'the link was replaced by a file');
  assert.match(await readFile(elsewhere, 'utf8'), /"s":"succeeded"/, 'the link target is untouched');
});

test('a damaged file or a stale temp file does not stop the start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'progress-'));
  await writeFile(join(dir, 'progress-sandbox-123456789012.json'), '{"version":1,"lessons":{"who-am-i":');
  await writeFile(join(dir, 'progress-sandbox-123456789012.json.abc.tmp'), 'half');
  const problems: string[] = [];
  const store = await ProgressStore.open(dir, { ...where, onProblem: (t) => problems.push(t) });
  assert.deepEqual(store.loaded, {});
  assert.match(problems.join('\n'), /not readable/);
  assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
});

test('parseProgress keeps only well-formed entries', () => {
  const parsed = parseProgress(
    JSON.parse(`{
      "version": 1,
      "lessons": {
        "who-am-i": {
          "completedAt": "not a date",
          "statuses": { "a": "succeeded", "b": "running", "c": "idle", "d": "expected-failure", "__proto__": "failed" },
          "lastRuns": { "a": ["{}"], "b": [1, 2], "c": "text" }
        },
        "__proto__": { "statuses": { "a": "succeeded" }, "lastRuns": {} },
        "Not Kebab": { "statuses": { "a": "succeeded" }, "lastRuns": {} },
        "broken": "x"
      }
    }`),
  );
  assert.deepEqual(parsed, { 'who-am-i': { statuses: { a: 'succeeded', d: 'expected-failure' }, lastRuns: { a: ['{}'] } } });
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.throws(() => parseProgress({ version: 2, lessons: {} }));
  assert.throws(() => parseProgress(null));
});
