/**
 * The crash-safe resource ledger: an append-only JSONL file (0600 in a 0700 directory) with one
 * record per line, fsynced after each append, so that an intent to create a resource is on disk
 * before the create call goes out. Reading tolerates a torn last line. `outstanding()` replays
 * the records into the set of resources that may still exist. It records names and ARNs only,
 * never secrets, and it calls no AWS API (the sweeper does).
 */
import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LedgerResource } from '../../src/lessons/lesson.ts';

export type LedgerOp = 'intend-create' | 'created' | 'intend-delete' | 'deleted';

export interface LedgerRecord extends LedgerResource {
  seq: number;
  ts: string;
  op: LedgerOp;
  runId: string;
  lesson: string;
  account: string;
  target: 'sandbox' | 'aws';
}

export type LedgerEntry = Omit<LedgerRecord, 'seq' | 'ts'>;

export class FileLedger {
  readonly path: string;
  #handle: FileHandle | undefined;
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #now: () => number;
  #scrub: (line: string) => string;

  private constructor(path: string, now: () => number, scrub: (line: string) => string) {
    this.path = path;
    this.#now = now;
    this.#scrub = scrub;
  }

  /** Opens (creating if needed) the ledger; `scrub` is the redactor, applied to every line written. */
  static async open(path: string, now: () => number = Date.now, scrub: (line: string) => string = (l) => l): Promise<FileLedger> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // An existing directory or file keeps the mode it had: tighten both, and never follow a link.
    await chmod(dirname(path), 0o700);
    const ledger = new FileLedger(path, now, scrub);
    ledger.#handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    await ledger.#handle.chmod(0o600);
    const existing = await ledger.records();
    ledger.#seq = existing.reduce((max, r) => Math.max(max, r.seq), 0);
    // Close a torn last line so the next record starts on a line of its own.
    const size = (await ledger.#handle.stat()).size;
    if (size > 0) {
      const last = await readFile(path).then((b) => b[b.length - 1]);
      if (last !== 0x0a) await ledger.#handle.write('\n');
    }
    return ledger;
  }

  /** Appends one record and fsyncs it; appends are serialized. */
  append(entry: LedgerEntry): Promise<void> {
    const run = this.#queue.then(async () => {
      const record: LedgerRecord = { seq: ++this.#seq, ts: new Date(this.#now()).toISOString(), ...entry };
      await this.#handle!.write(this.#scrub(JSON.stringify(record)) + '\n');
      await this.#handle!.sync();
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async records(): Promise<LedgerRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: LedgerRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as LedgerRecord);
      } catch {
        // A torn line from a crash mid-write: nothing after it was acknowledged.
      }
    }
    return records;
  }

  /** Resources intended or created and not yet recorded as deleted, oldest first. */
  async outstanding(filter: { account?: string; target?: 'sandbox' | 'aws' } = {}): Promise<LedgerRecord[]> {
    const live = new Map<string, LedgerRecord>();
    for (const record of await this.records()) {
      if (filter.account && record.account !== filter.account) continue;
      if (filter.target && record.target !== filter.target) continue;
      const key = resourceKey(record);
      if (record.op === 'deleted') live.delete(key);
      else if (record.op === 'intend-create' || !live.has(key)) live.set(key, { ...record, arn: record.arn ?? live.get(key)?.arn });
      else live.set(key, { ...live.get(key)!, arn: record.arn ?? live.get(key)!.arn });
    }
    return [...live.values()];
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#handle?.close();
    this.#handle = undefined;
  }
}

export function resourceKey(r: LedgerResource & { account?: string }): string {
  return [r.account ?? '', r.kind, r.parent ?? '', r.name].join('|');
}
