/**
 * Crash-test support: `<stateDir>/ledger.jsonl` as a crash left it, read line by line from the
 * outside (every line must be a ledger record; none may be torn) and replayed into what is still
 * outstanding, as server/ledger/ledger.ts `outstanding()` does, with each resource's last record
 * (so an open intent shows as `intend-create`). It is the test's own reading, written apart from
 * the ledger's code on purpose; it never writes the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerRecord } from '../../../server/ledger/ledger.ts';

export interface LedgerFile {
  path: string;
  lines: string[];
  /** Records in file order (the lines that parse). */
  records: LedgerRecord[];
  /** `line N: …` for every line that is not a JSON object with an op, a kind and a name. */
  invalid: string[];
  /** Intended or created and not deleted since, keyed as the ledger keys them (account|kind|parent|name). */
  outstanding: LedgerRecord[];
}

const OPS = ['intend-create', 'created', 'intend-delete', 'deleted'];

/** Reads `<stateDir>/ledger.jsonl` (none is an empty ledger) and replays it. */
export async function readLedger(stateDir: string): Promise<LedgerFile> {
  const path = join(stateDir, 'ledger.jsonl');
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: LedgerRecord[] = [];
  const invalid: string[] = [];
  lines.forEach((line, i) => {
    let record: LedgerRecord;
    try {
      record = JSON.parse(line);
    } catch {
      invalid.push(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (!record || typeof record !== 'object' || !OPS.includes(record.op) || typeof record.kind !== 'string' || typeof record.name !== 'string' || !record.name) {
      invalid.push(`line ${i + 1} is not a ledger record: ${line.slice(0, 200)}`);
      return;
    }
    records.push(record);
  });
  const live = new Map<string, LedgerRecord>();
  for (const r of records) {
    const key = [r.account ?? '', r.kind, r.parent ?? '', r.name].join('|');
    if (r.op === 'deleted') live.delete(key);
    else live.set(key, { ...live.get(key), ...r, arn: r.arn ?? live.get(key)?.arn });
  }
  return { path, lines, records, invalid, outstanding: [...live.values()] };
}

/** A ledger record in a few words: `intend-create policy stsw-…-policy (no arn) [assume-role-mfa/<run>]`. */
export function describeRecord(r: LedgerRecord): string {
  return `${r.op} ${r.kind} ${r.name}${r.parent ? ` of ${r.parent}` : ''}${r.kind === 'policy' ? (r.arn ? ` arn ${r.arn}` : ' (no arn)') : ''} [${r.lesson}/${r.runId}]`;
}
