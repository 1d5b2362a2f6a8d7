/**
 * The try-it cell on a real account (a sandbox standing in for AWS, found by the SDK's default
 * chain as in tests/real-account.test.ts): a call that only reads runs at once; one that changes
 * the account is refused with the same ConfirmAccount as a setup step until the learner
 * confirms, then runs, and what it made is removed by the clean-up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testNotebook } from './support/notebook.ts';
import { withSandbox, type TestSandbox } from './support/sandbox.ts';

const ACCOUNT = '123456789012';
let sandbox: TestSandbox;

before(async () => {
  sandbox = await withSandbox();
  // What the SDK's default chain reads on a learner's machine; this file's process only.
  process.env.AWS_ENDPOINT_URL = sandbox.url;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  process.env.AWS_ACCESS_KEY_ID = sandbox.admins[0].accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sandbox.admins[0].secretAccessKey;
});
after(() => sandbox.close());

test('on a real account, a try that changes it asks for the confirmation first', async () => {
  const nb = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
  const tryIt = (body: object) => nb.request('/api/lessons/who-am-i/try', { method: 'POST', body: JSON.stringify(body) });
  try {
    assert.equal(nb.target.kind, 'aws');
    const look = await tryIt({ credential: 'notebook', service: 'iam', operation: 'ListUsers', input: {} });
    assert.equal(look.status, 200);
    assert.match(await look.text(), /"type":"end","ok":true/);

    for (const operation of ['CreateUser', 'DeleteUser']) {
      const asked = await tryIt({ credential: 'notebook', service: 'iam', operation, input: { UserName: 'try-real' } });
      assert.equal(asked.status, 409, operation);
      const { error } = await asked.json();
      assert.equal(error.code, 'ConfirmAccount');
      assert.match(error.message, new RegExp(`REAL AWS account: ${ACCOUNT}, as arn:aws:iam::${ACCOUNT}:user/.*"Try it: ${operation}" changes this account`));
    }
    assert.equal(sandbox.state.store.accounts.get(ACCOUNT)!.users.has('try-real'), false, 'nothing was created');

    const confirmed = await nb.request('/api/account/confirm', { method: 'POST', body: JSON.stringify({ accountId: ACCOUNT }) });
    assert.equal(confirmed.status, 200);
    const made = await tryIt({ credential: 'notebook', service: 'iam', operation: 'CreateUser', input: { UserName: 'try-real' } });
    assert.equal(made.status, 200);
    assert.match(await made.text(), /"type":"end","ok":true/);
    assert.equal(sandbox.state.store.accounts.get(ACCOUNT)!.users.get('try-real')!.path, '/sts-workshop/');
    const cleaned = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    assert.equal(cleaned.status, 200);
    assert.equal(sandbox.state.store.accounts.get(ACCOUNT)!.users.has('try-real'), false, 'the clean-up removed it');
  } finally {
    await nb.close();
  }
});
