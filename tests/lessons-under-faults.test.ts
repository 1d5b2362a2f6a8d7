/**
 * Every lesson against a sandbox where 10 % (and, to take the failure path, 35 %) of STS/IAM/S3
 * requests fail the way AWS fails
 * (throttling, 503, 500, a dropped connection, a slow answer), with fixed seeds (FAULT_SEED=…
 * varies the 10 % run). Each step either completes through the SDK's retries or
 * fails cleanly: a failed step names an AWS or network error, undoes what it created, and the
 * lesson's teardown still runs. With the faults switched off, the clean-up then leaves nothing
 * under /sts-workshop/ and nothing outstanding in the ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListPoliciesCommand, ListRolesCommand, ListUsersCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { setSandboxFaults } from '../server/runner/sandbox-control.ts';
import { driveLesson, listLessons, type DrivenStep } from './support/drive-lesson.ts';
import { testNotebook } from './support/notebook.ts';

const SEED = process.env.FAULT_SEED ?? '20261204';
/** What a step that ran out of retries may fail with: AWS's fault codes and the network's. */
const CLEAN_FAILURES = /^(Throttling|SlowDown|ServiceUnavailable|InternalFailure|InternalError|TimeoutError|RemovalError|Error)$/;

for (const { rate, seed, mustFail } of [
  { rate: 0.1, seed: SEED, mustFail: false },
  // Often enough that steps run out of retries; seed 6 makes four fail, one of them after it
  // had created something, so the clean-failure path and the rollback are both taken.
  { rate: 0.35, seed: '6', mustFail: true },
]) {
  test(`every lesson with ${rate * 100} % faults (seed ${seed}) completes or fails cleanly, and the clean-up leaves nothing`, async () => {
    console.log(`# fault seed ${seed}`);
    const nb = await testNotebook({ env: { SANDBOX_FAULTS: String(rate), SANDBOX_FAULT_SEED: seed, SANDBOX_FAULT_SLOW_MS: '300' } });
    try {
      const failed: string[] = [];
      let steps = 0;
      let undone = 0;
      for (const lesson of await listLessons(nb)) {
        const drive = await driveLesson(nb, lesson, { phases: ['setup', 'usage'] });
        // Whatever happened, the learner tears the lesson down (each teardown step once).
        const teardown = await driveLesson(nb, lesson, { phases: ['teardown'], keepGoing: true });
        for (const outcome of [...drive.runs, ...teardown.runs]) {
          steps++;
          if (assertClean(lesson.slug, outcome)) undone++;
          if (outcome.status === 'failed') failed.push(`${lesson.slug}/${outcome.step}`);
        }
      }
      console.log(`# ${steps} steps, ${failed.length} failed cleanly (${undone} undid what they created): ${failed.join(', ') || 'none'}`);
      if (mustFail) {
        assert.ok(failed.length > 0, 'at this rate and seed some steps run out of retries');
        assert.ok(undone > 0, 'at this rate and seed a step fails after creating something, and undoes it');
      }

      await setSandboxFaults(nb.target, { rate: 0 });
      const cleaned = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
      assert.equal(cleaned.status, 200);
      assert.deepEqual((await cleaned.json()).remaining, []);
      const iam = new IAMClient({ region: nb.target.region, endpoint: nb.target.endpoint, credentials: nb.target.credentials as never });
      const prefix = { PathPrefix: '/sts-workshop/' };
      assert.deepEqual((await iam.send(new ListUsersCommand(prefix))).Users, []);
      assert.deepEqual((await iam.send(new ListRolesCommand(prefix))).Roles, []);
      assert.deepEqual((await iam.send(new ListPoliciesCommand({ ...prefix, Scope: 'Local' }))).Policies, []);
      const devices = (await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? [];
      assert.deepEqual(devices.filter((d) => d.SerialNumber?.includes(':mfa/sts-workshop/')), []);
      assert.deepEqual(await nb.workshop.ledgerFor('clean-up', 'check').outstanding(), []);
    } finally {
      await nb.close();
    }
  });
}

test('with faults off, the same seed changes nothing: every lesson runs as meant', async () => {
  const nb = await testNotebook({ env: { SANDBOX_FAULTS: '0', SANDBOX_FAULT_SEED: SEED } });
  try {
    const slug = 'who-am-i';
    for (const outcome of (await driveLesson(nb, slug)).runs) assert.match(outcome.status, /^(succeeded|expected-failure)$/, `${slug}/${outcome.step}`);
  } finally {
    await nb.close();
  }
});

/** A step ended as meant, or failed with a clean error and undid what it had created (then true). */
function assertClean(slug: string, outcome: DrivenStep): boolean {
  const where = `${slug}/${outcome.step}`;
  if (outcome.status.startsWith('refused:')) {
    // Refused before it ran (an earlier step failed under faults): nothing happened.
    assert.equal(outcome.status, 'refused:OutOfOrder', where);
    return false;
  }
  assert.match(outcome.status, /^(succeeded|expected-failure|failed)$/, where);
  assert.equal(outcome.events.at(-1)?.type, 'end', `${where} ends with an end event`);
  if (outcome.status !== 'failed') return false;
  const error = outcome.events.find((e) => e.type === 'error');
  assert.ok(error, `${where} says why it failed`);
  assert.match(error.name, CLEAN_FAILURES, `${where}: ${error.name}: ${error.message}`);
  const created = outcome.events.some((e) => e.type === 'call' && /^(Create|Put|Attach|Enable)/.test(e.operation) && !e.error);
  if (created && outcome.phase !== 'teardown') {
    assert.ok(
      outcome.events.some((e) => e.type === 'log' && /^Undoing what this step created/.test(e.text)),
      `${where} created something and failed, so it undoes it`,
    );
    return true;
  }
  return false;
}

