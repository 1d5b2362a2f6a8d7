/**
 * Lesson "Cross-account access and the confused deputy" through the runner, against the embedded
 * sandbox: the vendor is the sandbox's partner account of the notebook's (a distinct account,
 * reached through OrganizationAccountAccessRole); its service role (inline AssumeCustomerRoles)
 * lives there and your role (sts:ExternalId condition, AmazonS3ReadOnlyAccess) here; the deputy
 * lists your buckets with your external id, and is refused with AWS's exact AssumeRole message
 * without an id and with Mallory's; no secret in the stream; the teardown removes the role in
 * each account and nothing is outstanding. Then the leave-nothing-behind side of a second
 * account: a rollback, the Clean up lesson and the notebook's own clean-up remove what a run left
 * in the partner account (recorded with `inAccount`), and a record of an account that no longer
 * exists is closed. Last, on a real account (a sandbox standing in for AWS): one account plays
 * both parties, with the same refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson, { type CrossAccountState } from '../../src/lessons/cross-account/steps.ts';
import cleanUp from '../../src/lessons/clean-up/steps.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';
import { withSandbox } from '../support/sandbox.ts';

const LESSON = 'cross-account';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const accounts = (nb: Nb) => nb.sandbox!.state.store.accounts;
const partnerId = (nb: Nb) => accounts(nb).get(ACCOUNT)!.partner!;
const ours = <T extends { path: string }>(map: Map<string, T>) => [...map.values()].filter((e) => e.path.startsWith('/sts-workshop/')).map((e) => (e as any).name);
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as CrossAccountState;

test('the whole lesson: two accounts, the deputy allowed with your external id and refused without or with Mallory’s, then nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const found = await ok(nb, 'find-vendor-account');
    const vendor = partnerId(nb);
    assert.notEqual(vendor, ACCOUNT);
    assert.deepEqual({ ...found.result, VendorAdmin: undefined }, { YourAccount: ACCOUNT, VendorAccount: vendor, VendorAdmin: undefined, SameAccount: false });
    assert.match(found.result.VendorAdmin, new RegExp(`^arn:aws:sts::${vendor}:assumed-role/OrganizationAccountAccessRole/stsw-[a-z2-7]+-vendor-admin$`));

    const service = await ok(nb, 'create-service-role');
    const runId = /stsw-([a-z2-7]+)-vendor-service/.exec(service.result.RoleArn)![1];
    assert.equal(service.result.RoleArn, `arn:aws:iam::${vendor}:role/sts-workshop/stsw-${runId}-vendor-service`);
    const { you, mallory } = service.result.ExternalIds;
    assert.match(you, /^customer-[0-9a-f-]{36}$/);
    assert.notEqual(you, mallory);
    assert.deepEqual(ours(accounts(nb).get(vendor)!.roles), [`stsw-${runId}-vendor-service`]);
    assert.deepEqual(ours(accounts(nb).get(ACCOUNT)!.roles), [], 'nothing of the vendor’s in your account');
    await ok(nb, 'create-service-role'); // twice: nothing created twice, the same ids
    assert.deepEqual(stateOf(nb).externalIds, { you, mallory });

    const customer = await ok(nb, 'create-customer-role');
    assert.equal(customer.result.RoleArn, `arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-${runId}-vendor-access`);
    const role = accounts(nb).get(ACCOUNT)!.roles.get(`stsw-${runId}-vendor-access`)!;
    assert.deepEqual(JSON.parse(role.trustPolicy.text).Statement[0].Condition, { StringEquals: { 'sts:ExternalId': you } });
    assert.deepEqual([...role.attachedPolicies], ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);

    const started = await ok(nb, 'start-service');
    const serviceArn = `arn:aws:sts::${vendor}:assumed-role/stsw-${runId}-vendor-service/vendor-service`;
    assert.equal(started.result.Arn, serviceArn);

    const deputy = await ok(nb, 'deputy-for-you');
    assert.equal(deputy.result.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/stsw-${runId}-vendor-access/vendor-for-you`);
    assert.deepEqual(deputy.result.Buckets.sort(), ['workshop-data', 'workshop-logs', 'workshop-reports'].map((b) => `${b}-${ACCOUNT}`), 'your buckets, not the vendor’s');
    const assume = deputy.events.find((e: any) => e.type === 'call' && e.operation === 'AssumeRole') as any;
    assert.equal(assume.input.ExternalId, you);

    const denial = `User: ${serviceArn} is not authorized to perform: sts:AssumeRole on resource: ${customer.result.RoleArn}`;
    await refused(nb, 'deputy-without-external-id', 'AccessDenied', denial);
    const mallorys = await refused(nb, 'deputy-for-mallory', 'AccessDenied', denial);
    assert.equal((mallorys.events.find((e: any) => e.type === 'call' && e.operation === 'AssumeRole') as any).input.ExternalId, mallory);

    const state = stateOf(nb);
    const everything = JSON.stringify([found.events, service.events, started.events, deputy.events]);
    for (const secret of [state.service!.secretAccessKey, state.service!.sessionToken!, state.deputy!.secretAccessKey, state.deputy!.sessionToken!]) {
      assert.ok(!everything.includes(secret), 'a secret in the stream');
    }
    const outstanding = await nb.workshop.ledgerFor(LESSON, 'x').outstanding();
    assert.deepEqual(
      outstanding.map((r) => `${r.kind} ${r.name} ${r.inAccount ?? 'here'}`).sort(),
      [
        `attachment arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess here`,
        `role stsw-${runId}-vendor-access here`,
        `role stsw-${runId}-vendor-service ${vendor}`,
        `role-policy AssumeCustomerRoles ${vendor}`,
      ],
    );

    const delCustomer = await ok(nb, 'delete-customer-role');
    assert.deepEqual(delCustomer.result.deleted, [customer.result.RoleArn]);
    const delService = await ok(nb, 'delete-service-role');
    assert.deepEqual(delService.result.deleted, [service.result.RoleArn]);
    const calls = delService.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.deepEqual(calls.slice(0, 1), ['AssumeRole'], 'signed in to the vendor’s account first');
    assert.ok(calls.includes('DeleteRolePolicy') && calls.at(-1) === 'DeleteRole', calls.join(','));
    assert.deepEqual(ours(accounts(nb).get(ACCOUNT)!.roles), []);
    assert.deepEqual(ours(accounts(nb).get(vendor)!.roles), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('steps out of order are refused; the teardown works after a partial setup', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['deputy-for-mallory', /The vendor acts for you/],
      ['create-customer-role', /The vendor: a role for its service/],
      ['create-service-role', /Find the vendor's account/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    await ok(nb, 'find-vendor-account');
    await ok(nb, 'create-service-role');
    const none = await ok(nb, 'delete-customer-role');
    assert.deepEqual(none.result, { deleted: [] });
    await ok(nb, 'delete-service-role');
    assert.deepEqual(ours(accounts(nb).get(partnerId(nb))!.roles), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('what a run left in the partner account: the Clean up lesson lists it with its account and removes it there; a gone account’s records are closed', async () => {
  const nb = await testNotebook({ lessons: [lesson, cleanUp] });
  try {
    await ok(nb, 'find-vendor-account');
    await ok(nb, 'create-service-role');
    await ok(nb, 'create-customer-role');
    const vendor = partnerId(nb);
    // A record of an account that no longer exists (a sandbox started afresh): closed, not listed.
    await nb.workshop.ledgerFor(LESSON, 'old').intend({ kind: 'role', name: 'stsw-old-vendor-service', inAccount: '999999999999' });

    const listed = await ok(nb, 'find-leftovers', 'clean-up');
    const rows = listed.result.map((r: any) => `${r.kind} ${r.name.replace(/stsw-[a-z2-7]+-/, '')} ${r.inAccount ?? 'here'} ${(r.with ?? []).join(',')}`).sort();
    assert.deepEqual(rows, [
      'role vendor-access here attachment arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      `role vendor-service ${vendor} role-policy AssumeCustomerRoles`,
    ]);
    assert.ok(!(await nb.workshop.ledgerFor('x', 'x').outstanding()).some((r) => r.inAccount === '999999999999'), 'the gone account’s record is closed');

    const removed = await ok(nb, 'remove-everything', 'clean-up');
    assert.ok(removed.result.deleted.some((d: string) => d.endsWith(`in account ${vendor}`)), JSON.stringify(removed.result));
    assert.deepEqual(ours(accounts(nb).get(vendor)!.roles), []);
    assert.deepEqual(ours(accounts(nb).get(ACCOUNT)!.roles), []);
    assert.deepEqual(await nb.workshop.ledgerFor('x', 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('a failed step’s rollback and the notebook’s own clean-up reach the partner account too', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    await ok(nb, 'find-vendor-account');
    const vendor = partnerId(nb);
    // PutRolePolicy made to fail: the role gets a 10 KB inline policy as it is created, so IAM's
    // per-role quota refuses AssumeCustomerRoles. The rollback must delete the role where it is.
    const vendorAccount = accounts(nb).get(vendor)!;
    const original = vendorAccount.roles.set.bind(vendorAccount.roles);
    let created = '';
    vendorAccount.roles.set = (name, value) => {
      created = name;
      value.inlinePolicies.set('filler', { text: 'x'.repeat(10_240), parsed: { version: '2012-10-17', statements: [] } });
      return original(name, value);
    };
    const failed = await runToEnd(nb, LESSON, 'create-service-role');
    vendorAccount.roles.set = original;
    assert.equal(failed.end.status, 'failed', JSON.stringify(failed.error));
    assert.equal(failed.error.name, 'LimitExceededException');
    assert.ok(created, 'the role was created');
    assert.ok(failed.events.some((e: any) => e.type === 'log' && /Undoing what this step created/.test(e.text)));
    assert.deepEqual(ours(vendorAccount.roles), [], 'rolled back in the vendor’s account');
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);

    // A run that left its vendor role behind: the notebook's clean-up (the start-up sweeper's) removes it.
    await ok(nb, 'create-service-role');
    assert.equal(ours(vendorAccount.roles).length, 1);
    const look = await (await nb.request('/api/cleanup')).json();
    assert.ok(look.leftovers.some((l: any) => l.inAccount === vendor && l.kind === 'role'), JSON.stringify(look));
    const swept = await (await nb.request('/api/cleanup', { method: 'POST', body: '{}' })).json();
    assert.deepEqual(swept.failed ?? [], [], JSON.stringify(swept));
    assert.deepEqual(ours(vendorAccount.roles), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('on a real account (a sandbox standing in for AWS, no partner account): one account plays both parties, the same refusals', async () => {
  const sandbox = await withSandbox();
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: sandbox.admins[0].accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.admins[0].secretAccessKey,
  });
  delete process.env.AWS_PROFILE;
  const nb = await testNotebook({ lessons: [lesson], env: { WORKSHOP_TARGET: 'aws', WORKSHOP_CONFIRM_ACCOUNT: ACCOUNT } });
  try {
    assert.equal(nb.target.kind, 'aws');
    const found = await ok(nb, 'find-vendor-account');
    assert.deepEqual(found.result, { YourAccount: ACCOUNT, VendorAccount: ACCOUNT, VendorAdmin: `arn:aws:iam::${ACCOUNT}:user/workshop-admin`, SameAccount: true });
    assert.ok(!found.events.some((e: any) => e.type === 'call' && e.operation === 'AssumeRole'), 'no second account to sign in to');
    const service = await ok(nb, 'create-service-role');
    const runId = /stsw-([a-z2-7]+)-vendor-service/.exec(service.result.RoleArn)![1];
    assert.equal(service.result.RoleArn, `arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-${runId}-vendor-service`);
    const customer = await ok(nb, 'create-customer-role');
    await ok(nb, 'start-service');
    const deputy = await ok(nb, 'deputy-for-you');
    assert.ok(deputy.result.Buckets.includes(`workshop-data-${ACCOUNT}`));
    const denial = `User: arn:aws:sts::${ACCOUNT}:assumed-role/stsw-${runId}-vendor-service/vendor-service is not authorized to perform: sts:AssumeRole on resource: ${customer.result.RoleArn}`;
    await refused(nb, 'deputy-without-external-id', 'AccessDenied', denial);
    await refused(nb, 'deputy-for-mallory', 'AccessDenied', denial);
    assert.ok((await nb.workshop.ledgerFor(LESSON, 'x').outstanding()).every((r) => r.inAccount === undefined), 'nothing marked as in another account');
    await ok(nb, 'delete-customer-role');
    await ok(nb, 'delete-service-role');
    assert.deepEqual(ours(sandbox.state.store.accounts.get(ACCOUNT)!.roles), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
    await sandbox.close();
    process.env = saved;
  }
});
