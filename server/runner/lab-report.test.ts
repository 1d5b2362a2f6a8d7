import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretRegistry } from '../redact/secret-registry.ts';
import { labReport, reportFilename, type ReportInput } from './lab-report.ts';

const at = '2030-01-02T03:04:05.000Z';
const line = (event: object) => JSON.stringify(event);
const target = { kind: 'sandbox' as const, accountId: '123456789012', region: 'us-east-1', arn: 'arn:aws:iam::123456789012:user/workshop-admin' };

function input(lessons: ReportInput['lessons'], redact = (t: string) => t): ReportInput {
  return { generatedAt: new Date('2030-01-02T10:00:00Z'), target, lessons, redact };
}

const whoAmI: ReportInput['lessons'][number] = {
  slug: 'who-am-i',
  title: 'Who am I?',
  completedAt: '2030-01-02T03:10:00.000Z',
  steps: [
    {
      id: 'get-caller-identity',
      title: 'Ask STS who you are',
      phase: 'usage',
      status: 'succeeded',
      lastRun: [
        line({ type: 'start', lesson: 'who-am-i', step: 'get-caller-identity', at }),
        line({ type: 'call', service: 'STSClient', operation: 'GetCallerIdentityCommand', input: {}, output: { Account: '123456789012' }, requestId: 'req-1', ms: 14 }),
        line({ type: 'result', value: { Arn: 'arn:aws:iam::123456789012:user/workshop-admin' } }),
        line({ type: 'end', ok: true, status: 'succeeded', ms: 21 }),
      ],
    },
    {
      id: 'as-role-session',
      title: 'Call as the role | denied',
      phase: 'usage',
      status: 'expected-failure',
      lastRun: [
        line({ type: 'start', lesson: 'who-am-i', step: 'as-role-session', at }),
        line({ type: 'call', service: 'S3Client', operation: 'ListBucketsCommand', input: {}, error: { name: 'AccessDenied', message: 'no' }, requestId: 'req-2', ms: 1500, httpStatus: 403 }),
        line({ type: 'error', name: 'AccessDenied', message: 'User: <arn> is not authorized', expected: true }),
        line({ type: 'end', ok: true, status: 'expected-failure', ms: 1620 }),
      ],
    },
    { id: 'delete-role', title: 'Delete the role', phase: 'teardown', status: 'idle' },
  ],
};
const notRun: ReportInput['lessons'][number] = { slug: 'assume-role', title: 'Assume a role', steps: [{ id: 'create-role', title: 'Create', phase: 'setup', status: 'idle' }] };

test('the report names the target, the date, each lesson, each step that ran and its calls', () => {
  const md = labReport(input([whoAmI, notRun]));
  assert.match(md, /^# STS Workshop lab report\n/);
  assert.match(md, /- Date: 2030-01-02 10:00:00 UTC/);
  assert.match(md, /- Target: offline sandbox/);
  assert.match(md, /- Account: `123456789012`/);
  assert.match(md, /- Region: `us-east-1`/);
  assert.match(md, /- Lessons completed: 1 of 2/);
  assert.match(md, /\| Who am I\? \| completed earlier · now 2 of 3 steps ended as meant \|/, 'completed once; the statuses are a later run-through’s');
  assert.match(md, /\| Assume a role \| not started · 0 of 1 steps ended as meant \|/);
  assert.match(md, /## Who am I\?\n\nCompleted 2030-01-02 03:10:00 UTC\./);
  assert.match(md, /### Ask STS who you are\n\n- Phase: usage\n- Outcome: succeeded\n- Started: 2030-01-02 03:04:05 UTC\n- Took: 21 ms/);
  assert.match(md, /\| 1 \| STS \| `GetCallerIdentity` \| `OK` \| `req-1` \| 14 ms \|/);
  // A table cell cannot be broken by a pipe in a title, and text carries no HTML.
  assert.match(md, /### Call as the role \\\| denied/);
  assert.match(md, /- Outcome: failed as expected/);
  assert.match(md, /- Expected error: `AccessDenied`: User: &lt;arn&gt; is not authorized/);
  assert.match(md, /\| 1 \| S3 \| `ListBuckets` \| `AccessDenied \(HTTP 403\)` \| `req-2` \| 1\.5 s \|/);
  // Results and outputs are not part of the report; steps and lessons that never ran have no section.
  assert.doesNotMatch(md, /"Account"|workshop-admin"/);
  assert.doesNotMatch(md, /### Delete the role/);
  assert.doesNotMatch(md, /## Assume a role/);
});

test('a secret planted in any field the report reads is redacted, in every encoding', () => {
  const registry = new SecretRegistry();
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzPLANTEDzz';
  registry.add(secret, 'SecretAccessKey');
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)];
  const planted: ReportInput['lessons'][number] = {
    slug: 'leak',
    title: `Lesson ${secret}`,
    steps: [
      {
        id: 'leaky',
        title: `Step ${encodeURIComponent(secret)}`,
        phase: 'usage',
        status: 'failed',
        lastRun: [
          line({ type: 'start', lesson: 'leak', step: 'leaky', at }),
          line({ type: 'call', service: `STS${secret}`, operation: 'GetSessionTokenCommand', input: { SecretAccessKey: secret }, output: { SessionToken: secret }, requestId: Buffer.from(secret).toString('base64'), ms: 3 }),
          line({ type: 'call', service: 'STSClient', operation: `X${secret}`, input: {}, error: { name: `E_${secret}`, message: secret }, requestId: secret, ms: 3 }),
          line({ type: 'log', text: secret }),
          line({ type: 'result', value: secret }),
          line({ type: 'error', name: secret, message: `aws_secret_access_key = ${secret} and ${encodeURIComponent(secret)}`, expected: false }),
          line({ type: 'end', ok: false, status: 'failed', ms: 9 }),
        ],
      },
    ],
  };
  const md = labReport({ ...input([planted], (t) => registry.redact(t)), target: { ...target, arn: `arn:${secret}` } });
  for (const form of forms) assert.equal(md.includes(form), false, `a form of the secret is in the report:\n${md}`);
  assert.match(md, /\[REDACTED:SecretAccessKey\]/);
  assert.match(md, /### Step \\\[REDACTED:SecretAccessKey\\\]/);
});

test('unreadable lines and a run without an end still give a report', () => {
  const md = labReport(
    input([{ slug: 'x', title: 'X', steps: [{ id: 's', title: 'S', phase: 'setup', status: 'cancelled', lastRun: ['{"type":"start","at":"bad"', line({ type: 'log', text: 'hi' })] }] }]),
  );
  assert.match(md, /### S\n\n- Phase: setup\n- Outcome: cancelled\n- Calls: none/);
});

test('the file name carries the date', () => {
  assert.equal(reportFilename(new Date('2030-01-02T23:59:00Z')), 'sts-workshop-report-2030-01-02.md');
});
