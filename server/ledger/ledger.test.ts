import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedger } from './ledger.ts';

const base = { runId: 'r1', lesson: 'l', account: '123456789012', target: 'sandbox' as const };

test('records are appended with increasing seq, and outstanding() replays them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  const ledger = await FileLedger.open(join(dir, 'state', 'ledger.jsonl'), () => 0);
  await ledger.append({ ...base, op: 'intend-create', kind: 'user', name: 'u1' });
  await ledger.append({ ...base, op: 'created', kind: 'user', name: 'u1', arn: 'arn:aws:iam::123456789012:user/u1' });
  await ledger.append({ ...base, op: 'intend-create', kind: 'role', name: 'r1' });
  await ledger.append({ ...base, op: 'intend-create', kind: 'access-key', name: 'AKIA1', parent: 'u1' });
  await ledger.append({ ...base, op: 'deleted', kind: 'access-key', name: 'AKIA1', parent: 'u1' });
  const out = await ledger.outstanding();
  assert.deepEqual(out.map((r) => [r.kind, r.name, r.arn]), [
    ['user', 'u1', 'arn:aws:iam::123456789012:user/u1'],
    ['role', 'r1', undefined],
  ]);
  assert.deepEqual((await ledger.records()).map((r) => r.seq), [1, 2, 3, 4, 5]);
  await ledger.close();
  const mode = (await stat(join(dir, 'state', 'ledger.jsonl'))).mode & 0o777;
  assert.equal(mode, 0o600);
  assert.equal((await stat(join(dir, 'state'))).mode & 0o777, 0o700);
});

test('a torn last line is ignored and seq continues after reopening', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  const path = join(dir, 'ledger.jsonl');
  const first = await FileLedger.open(path);
  await first.append({ ...base, op: 'intend-create', kind: 'user', name: 'u1' });
  await first.close();
  await appendFile(path, '{"seq":2,"op":"intend-cr');
  const again = await FileLedger.open(path);
  assert.equal((await again.records()).length, 1);
  await again.append({ ...base, op: 'deleted', kind: 'user', name: 'u1' });
  assert.deepEqual(await again.outstanding(), []);
  await again.close();
});

test('the scrubber sees every line before it is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  const ledger = await FileLedger.open(join(dir, 'l.jsonl'), Date.now, (line) => line.replace('secret-ish', '[REDACTED]'));
  await ledger.append({ ...base, op: 'intend-create', kind: 'user', name: 'secret-ish' });
  assert.equal((await ledger.records())[0].name, '[REDACTED]');
  await ledger.close();
});

test('an existing lax directory and file are tightened, and a symlinked ledger is refused', async () => {
  const { chmod: chmodPath, mkdir: mkdirPath, symlink, writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  const lax = join(dir, 'lax');
  await mkdirPath(lax, { mode: 0o777 });
  await chmodPath(lax, 0o777);
  await writeFile(join(lax, 'ledger.jsonl'), '', { mode: 0o666 });
  await chmodPath(join(lax, 'ledger.jsonl'), 0o666);
  const ledger = await FileLedger.open(join(lax, 'ledger.jsonl'));
  await ledger.close();
  assert.equal((await stat(lax)).mode & 0o777, 0o700);
  assert.equal((await stat(join(lax, 'ledger.jsonl'))).mode & 0o777, 0o600);
  const linked = join(dir, 'linked');
  await mkdirPath(linked);
  await writeFile(join(dir, 'elsewhere.txt'), '');
  await symlink(join(dir, 'elsewhere.txt'), join(linked, 'ledger.jsonl'));
  await assert.rejects(FileLedger.open(join(linked, 'ledger.jsonl')), /ELOOP|symbolic link/i);
});
