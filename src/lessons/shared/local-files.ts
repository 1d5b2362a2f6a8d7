/**
 * Files a lesson writes on the notebook's machine, as resources like any other: a step records
 * its run's directory (StepContext.files.dir, under `<state dir>/lesson-files/`) in the ledger as
 * kind 'file' before it makes it, and `removeLocalFile` deletes it with everything in it, for the
 * lesson's teardown, the runner's rollback and the clean-up alike (teardown.ts); `localFileStanding`
 * tells the clean-up whether a recorded path is still there (leftovers.ts). Both refuse any path
 * outside a `lesson-files` directory, so a ledger line can never name the learner's own files.
 * Nothing here writes a file.
 */
import { lstat, rm } from 'node:fs/promises';
import { isAbsolute, normalize, sep } from 'node:path';
import type { Ledger } from '../lesson.ts';

/** The directory name under the state directory where runs keep their files. */
export const LESSON_FILES = 'lesson-files';

/** An absolute, normalized path inside a `lesson-files` directory (and not that directory itself). */
export function isLessonFile(path: string): boolean {
  if (!isAbsolute(path) || normalize(path) !== path) return false;
  const parts = path.split(sep);
  const at = parts.indexOf(LESSON_FILES);
  return at !== -1 && at < parts.length - 1;
}

/** Deletes a recorded file or directory (recursively; already gone is fine) and records it deleted. */
export async function removeLocalFile(ledger: Ledger, path: string): Promise<void> {
  if (!isLessonFile(path)) throw new Error(`${path} is not in a ${LESSON_FILES} directory of the notebook's, so it is left alone.`);
  await rm(path, { recursive: true, force: true });
  await ledger.deleted({ kind: 'file', name: path });
}

/** 'ours' when the path exists inside a lesson-files directory, 'foreign' outside one, 'gone' when absent. */
export async function localFileStanding(path: string): Promise<'ours' | 'foreign' | 'gone'> {
  if (!isLessonFile(path)) return 'foreign';
  try {
    await lstat(path);
    return 'ours';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}
