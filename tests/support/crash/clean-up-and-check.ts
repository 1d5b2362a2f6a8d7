/**
 * Crash-test support: the clean-up as a learner runs it on a notebook (GET and POST
 * /api/cleanup), then everything that must hold after it, checked from the outside: the API
 * answered 2xx and reports nothing left, IAM and S3 hold nothing of the workshop's
 * (what-is-left.ts), and the ledger file parses with nothing outstanding (ledger-file.ts). Every
 * shortfall is one readable line. It starts and stops no process (recover.ts does) and removes
 * nothing itself.
 */
import type { NotebookChild } from '../notebook-child.ts';
import { describeRecord, readLedger, type LedgerFile } from './ledger-file.ts';
import { describeLeft, isNothing, whatIsLeft, type Clients, type Left } from './what-is-left.ts';

export interface CleanUpReport {
  /** Every way the clean-up fell short; empty when it did its job. */
  problems: string[];
  left: Left;
  ledger: LedgerFile;
  /** `POST /api/cleanup → 200`, … in the order asked. */
  answers: string[];
}

async function answer(res: Promise<Response>): Promise<{ status: number; text: string; json?: any }> {
  try {
    const r = await res;
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: r.status, text, json };
  } catch (error) {
    return { status: 0, text: String((error as Error).cause ?? error) };
  }
}

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * GET /api/cleanup (look), POST /api/cleanup (remove; a second POST only to tell a lasting failure
 * from a passing one), GET again; then what IAM has under /sts-workshop/ and what the ledger says.
 */
export async function cleanUpAndCheck(nb: NotebookChild, clients: Clients): Promise<CleanUpReport> {
  const problems: string[] = [];
  const answers: string[] = [];
  const look = await answer(nb.request('/api/cleanup'));
  answers.push(`GET /api/cleanup → ${look.status}`);
  if (!is2xx(look.status)) problems.push(`GET /api/cleanup (before) answered ${look.status}: ${look.text.slice(0, 300)}`);
  const post = await answer(nb.request('/api/cleanup', { method: 'POST', body: '{}' }));
  answers.push(`POST /api/cleanup → ${post.status}`);
  if (!is2xx(post.status)) {
    const again = await answer(nb.request('/api/cleanup', { method: 'POST', body: '{}' }));
    answers.push(`POST /api/cleanup again → ${again.status}`);
    problems.push(`POST /api/cleanup answered ${post.status}: ${post.text.slice(0, 300)} (and ${again.status} when tried again${is2xx(again.status) ? '' : `: ${again.text.slice(0, 300)}`})`);
  }
  const after = await answer(nb.request('/api/cleanup'));
  answers.push(`GET /api/cleanup → ${after.status}`);
  if (!is2xx(after.status)) problems.push(`GET /api/cleanup (after) answered ${after.status}: ${after.text.slice(0, 300)}`);
  else if (!Array.isArray(after.json?.leftovers) || after.json.leftovers.length > 0) problems.push(`GET /api/cleanup (after) still reports: ${JSON.stringify(after.json?.leftovers ?? after.json).slice(0, 500)}`);

  const left = await whatIsLeft(clients);
  if (!isNothing(left)) problems.push(`left in the sandbox: ${describeLeft(left)}`);
  const ledger = await readLedger(nb.stateDir);
  for (const line of ledger.invalid) problems.push(`ledger ${line}`);
  for (const r of ledger.outstanding) problems.push(`ledger still outstanding: ${describeRecord(r)}`);
  return { problems, left, ledger, answers };
}
