/**
 * The ledger as a lesson's run sees it: every record it writes carries the run id, the lesson,
 * and the target's account and kind; `outstanding` reads what this account and target still have
 * recorded, by any run. The Ledger interface steps get (src/lessons/lesson.ts); it adds nothing.
 */
import type { Ledger, LedgerResource } from '../../src/lessons/lesson.ts';
import type { FileLedger } from '../ledger/ledger.ts';
import type { Target } from './target.ts';

export function scopedLedger(ledger: FileLedger, target: Target, lesson: string, runId: string): Ledger {
  const base = { runId, lesson, account: target.accountId, target: target.kind };
  return {
    intend: (r: LedgerResource) => ledger.append({ ...base, ...r, op: 'intend-create' }),
    created: (r: LedgerResource) => ledger.append({ ...base, ...r, op: 'created' }),
    deleted: (r: LedgerResource) => ledger.append({ ...base, ...r, op: 'deleted' }),
    outstanding: () => ledger.outstanding({ account: target.accountId, target: target.kind }),
  };
}
