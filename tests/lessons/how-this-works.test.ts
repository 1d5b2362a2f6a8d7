/**
 * "How this notebook works" through the runner: its one step reports the target, the account
 * (the one the banner shows), the Region and the endpoint the SDK client resolved, and the ARN.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpResponse } from '@smithy/core/protocols';
import { runToEnd, testNotebook } from '../support/notebook.ts';
import howThisWorks from '../../src/lessons/how-this-works/steps.ts';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

test('the lesson has one usage step and creates nothing', () => {
  assert.deepEqual(
    howThisWorks.steps.map((s) => [s.id, s.phase]),
    [['check-target', 'usage']],
  );
});

test('check-target reports the sandbox target, account, region, endpoint and caller ARN', async () => {
  const { end, result, events } = await runToEnd(nb, 'how-this-works', 'check-target');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  assert.deepEqual(result, {
    target: 'sandbox',
    account: '123456789012',
    region: 'us-east-1',
    endpoint: `${nb.target.endpoint}/`,
    arn: 'arn:aws:iam::123456789012:user/workshop-admin',
  });
  assert.match(result.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const calls = events.filter((e) => e.type === 'call') as any[];
  assert.deepEqual(calls.map((c) => c.operation), ['GetCallerIdentity']);
  // The banner (GET /api/session) shows the same account, Region and ARN.
  const banner = await (await nb.request('/api/session')).json();
  assert.equal(banner.accountId, result.account);
  assert.equal(banner.region, result.region);
  assert.equal(banner.arn, result.arn);
});

test('on real AWS the same code resolves the regional amazonaws.com endpoint', async () => {
  // Run the step's code with a config that has no endpoint, as on real AWS. A stub request
  // handler answers GetCallerIdentity and records where the request would have gone.
  const sent: string[] = [];
  const requestHandler = {
    handle: async (request: any) => {
      sent.push(`${request.protocol}//${request.hostname}${request.path}`);
      const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
        <Arn>arn:aws:sts::111122223333:assumed-role/Admin/alice</Arn><UserId>AROAEXAMPLEEXAMPLE123:alice</UserId><Account>111122223333</Account>
        </GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
      return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) }) };
    },
  };
  const ctx: any = {
    aws: {
      target: 'aws',
      config: () => ({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, requestHandler }),
    },
  };
  const result: any = await howThisWorks.step('check-target').run(ctx);
  assert.deepEqual(result, {
    target: 'aws',
    account: '111122223333',
    region: 'eu-west-1',
    endpoint: 'https://sts.eu-west-1.amazonaws.com/',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
  });
  assert.deepEqual(sent, ['https://sts.eu-west-1.amazonaws.com/']);
});
