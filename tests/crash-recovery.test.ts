/**
 * The SIGKILL crash test: a notebook running against a standalone sandbox (`npm run sandbox`)
 * is killed in the middle of a lesson's setup, right after IAM created a role and before the
 * step could record it; a new notebook started against the same sandbox and ledger finds what
 * the dead one left (ledger intents and IAM's tagged resources), reports it on start, and the
 * clean-up removes all of it. (tests/crash-windows.test.ts does the same for every create
 * operation of every lesson; tests/crash-random.test.ts kills at random moments.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUpAndCheck } from './support/crash/clean-up-and-check.ts';
import { clientsFor, whatIsLeft, type Clients } from './support/crash/what-is-left.ts';
import { exitWithin, newStateDir, startNotebook } from './support/notebook-child.ts';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';
import { runStep } from './support/run-step.ts';

let sandbox: StandaloneSandbox;
let clients: Clients;
let stateDir: string;

before(async () => {
  stateDir = await newStateDir();
  sandbox = await startStandaloneSandbox();
  clients = clientsFor(sandbox.env);
});
after(() => sandbox?.stop());

test('a notebook killed mid-setup leaves nothing that the next start cannot find and remove', async () => {
  const doomed = await startNotebook({ sandbox, stateDir, faultAfter: 'CreateRole' });
  try {
    for (const step of ['create-user', 'create-access-key']) {
      assert.equal((await runStep(doomed, 'assume-role', step)).status, 'succeeded', step);
    }
    const role = await runStep(doomed, 'assume-role', 'create-role');
    assert.equal(role.status, 'broken', 'the create-role stream broke off');
    assert.equal((await exitWithin(doomed, 5000))?.signal, 'SIGKILL');
  } finally {
    await doomed.kill();
  }
  assert.equal((await whatIsLeft(clients)).roles.length, 1, 'the sandbox created the role before the server died');

  const next = await startNotebook({ sandbox, stateDir });
  try {
    const found = () => next.output.some((l) => /Found \d+ resources? left by earlier runs/.test(l));
    for (let i = 0; i < 50 && !found(); i++) await sleep(100);
    assert.ok(found(), next.output.join('\n'));
    const look = (await (await next.request('/api/cleanup')).json()).leftovers as { kind: string; name: string; source: string }[];
    const kinds = look.map((l) => `${l.kind}:${l.source}`).sort();
    assert.ok(kinds.includes('role:both'), kinds.join(', '));
    assert.ok(kinds.includes('user:both'), kinds.join(', '));
    const report = await cleanUpAndCheck(next, clients);
    assert.deepEqual(report.problems, [], report.problems.join('\n'));
  } finally {
    await next.stop();
  }
});
