/**
 * local-files.ts on its own: only a path inside a `lesson-files` directory is ever removed or
 * reported as the workshop's; removing takes a directory with all it holds, tolerates it being
 * gone, and closes its ledger record each time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ledger, LedgerResource } from '../lesson.ts';
import { isLessonFile, localFileStanding, removeLocalFile } from './local-files.ts';

test('only a path inside a lesson-files directory is ever removed or reported', async () => {
  const root = await mkdtemp(join(tmpdir(), 'stsw-files-'));
  const inside = join(root, 'lesson-files', 'sandbox-1', 'run');
  await mkdir(join(inside, 'sub'), { recursive: true });
  await writeFile(join(inside, 'sub', 'credentials'), 'secret');
  const closed: LedgerResource[] = [];
  const ledger = { deleted: async (r: LedgerResource) => void closed.push(r) } as unknown as Ledger;

  assert.equal(isLessonFile(inside), true);
  for (const path of [root, join(root, 'lesson-files'), 'lesson-files/x', `${inside}/../../../other`, join(homedir(), '.aws')]) {
    assert.equal(isLessonFile(path), false, path);
    await assert.rejects(removeLocalFile(ledger, path), /is not in a lesson-files directory/);
    assert.equal(await localFileStanding(path), 'foreign', path);
  }
  assert.equal(await localFileStanding(inside), 'ours');
  await removeLocalFile(ledger, inside);
  assert.equal(existsSync(inside), false);
  assert.equal(existsSync(join(root, 'lesson-files', 'sandbox-1')), true, 'only the run directory goes');
  assert.equal(await localFileStanding(inside), 'gone');
  await removeLocalFile(ledger, inside); // already gone is fine
  assert.deepEqual(closed, [{ kind: 'file', name: inside }, { kind: 'file', name: inside }]);
});
