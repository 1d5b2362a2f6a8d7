/**
 * The learner's progress on disk, so that a reload or a restart of the notebook keeps what the
 * steps showed: per lesson, whether it was completed (and when), each step's last final status
 * and its last run (the NDJSON lines exactly as they were streamed, already redacted). One JSON
 * file per target and account (`progress-<target>-<account>.json`) in the state directory,
 * 0600 in a 0700 directory, never following a link, written atomically (a new temp file,
 * fsync, rename) and debounced: `changed()` asks for a write soon, `flush()` writes now. Every
 * file is passed through the redactor before it is written (`scrub`), like the ledger.
 * It holds no secret and no lesson state: credentials, names and offers stay in the runner's
 * memory, and what a restart means for them is the runner's business (workshop.ts).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StepStatus } from '../../src/lessons/events.ts';

export type FinalStepStatus = Exclude<StepStatus, 'idle' | 'running'>;

export interface LessonProgress {
  /** When every step first ended as meant in one run-through (ISO time); absent if never. */
  completedAt?: string;
  statuses: Record<string, FinalStepStatus>;
  /** Each step's last run: the redacted NDJSON lines as streamed. */
  lastRuns: Record<string, string[]>;
}

export type Progress = Record<string, LessonProgress>;

export interface ProgressStoreOptions {
  target: 'sandbox' | 'aws';
  account: string;
  /** The redactor, applied to the whole file before it is written. */
  scrub?: (text: string) => string;
  /** How long after a change the file is written (debounce). */
  delayMs?: number;
  /** Told when the file on disk cannot be read or written (the notebook keeps going). */
  onProblem?: (text: string) => void;
}

const VERSION = 1;
const FINAL = new Set<string>(['succeeded', 'failed', 'expected-failure', 'cancelled']);
/** Lesson slugs and step ids are kebab-case (lesson.ts); nothing else is read back. */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class ProgressStore {
  readonly path: string;
  /** What the file held when the store was opened (empty when there was none). */
  readonly loaded: Progress;
  readonly #options: ProgressStoreOptions;
  #snapshot: (() => Progress) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  private constructor(path: string, loaded: Progress, options: ProgressStoreOptions) {
    this.path = path;
    this.loaded = loaded;
    this.#options = options;
  }

  /** Opens the store in `dir` (created 0700 if missing) and reads what an earlier launch kept. */
  static async open(dir: string, options: ProgressStoreOptions): Promise<ProgressStore> {
    if (!/^(sandbox|aws)$/.test(options.target) || !/^[0-9A-Za-z-]{1,64}$/.test(options.account)) {
      throw new Error(`progress store: unusable target or account (${options.target}, ${options.account})`);
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const name = `progress-${options.target}-${options.account}.json`;
    const path = join(dir, name);
    await removeStaleTemps(dir, name);
    return new ProgressStore(path, await readProgress(path, options.onProblem), options);
  }

  /** A change happened: the file is written `delayMs` from now with what `snapshot` answers then. */
  changed(snapshot: () => Progress): void {
    this.#snapshot = snapshot;
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), this.#options.delayMs ?? 250);
    this.#timer.unref?.();
  }

  /** Writes the latest snapshot now (if any change is pending) and waits for it to be on disk. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const snapshot = this.#snapshot;
    this.#snapshot = undefined;
    if (snapshot) {
      this.#writing = this.#writing.then(() =>
        this.#write(snapshot()).catch((error: Error) => this.#options.onProblem?.(`Could not save the progress to ${this.path} (${error.message}); it is kept in memory.`)),
      );
    }
    return this.#writing;
  }

  async #write(progress: Progress): Promise<void> {
    const scrub = this.#options.scrub ?? ((t: string) => t);
    const text = scrub(JSON.stringify({ version: VERSION, target: this.#options.target, account: this.#options.account, lessons: progress }));
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // rename replaces the directory entry itself: a link planted at the path is not followed.
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    // The rename itself is on disk once the directory is synced (best effort: not every
    // file system lets a directory be opened for that).
    const dir = await open(dirname(this.path), constants.O_RDONLY).catch(() => undefined);
    await dir?.sync().catch(() => {});
    await dir?.close();
  }
}

/** The file's progress, or nothing when it is missing, unreadable, a link, or of another shape. */
async function readProgress(path: string, onProblem?: (text: string) => void): Promise<Progress> {
  let text: string;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem?.(`Could not read the saved progress (${(error as Error).message}); starting without it.`);
    return {};
  }
  try {
    return parseProgress(JSON.parse(text));
  } catch {
    onProblem?.(`The saved progress in ${path} is not readable; starting without it.`);
    return {};
  }
}

/** Keeps only well-formed entries: final statuses, runs as arrays of text lines. */
export function parseProgress(body: unknown): Progress {
  const file = body as { version?: unknown; lessons?: unknown } | null;
  if (!file || file.version !== VERSION || !isRecord(file.lessons)) throw new Error('not a progress file');
  const progress: Progress = {};
  for (const [slug, raw] of Object.entries(file.lessons)) {
    if (!ID.test(slug) || !isRecord(raw)) continue;
    const lesson: LessonProgress = { statuses: {}, lastRuns: {} };
    if (typeof raw.completedAt === 'string' && !Number.isNaN(Date.parse(raw.completedAt))) lesson.completedAt = raw.completedAt;
    for (const [step, status] of Object.entries(isRecord(raw.statuses) ? raw.statuses : {})) {
      if (ID.test(step) && typeof status === 'string' && FINAL.has(status)) lesson.statuses[step] = status as FinalStepStatus;
    }
    for (const [step, lines] of Object.entries(isRecord(raw.lastRuns) ? raw.lastRuns : {})) {
      if (ID.test(step) && Array.isArray(lines) && lines.every((l) => typeof l === 'string')) lesson.lastRuns[step] = lines;
    }
    progress[slug] = lesson;
  }
  return progress;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Temp files a crash left between writing and renaming. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) if (entry.startsWith(`${name}.`) && entry.endsWith('.tmp')) await unlink(join(dir, entry)).catch(() => {});
}
