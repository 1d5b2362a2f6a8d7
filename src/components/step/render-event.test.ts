import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiErrorMessage,
  callSummary,
  endLine,
  errorHint,
  errorView,
  formatMs,
  isReadyLabel,
  isStepStatus,
  lastRunTime,
  operationName,
  pretty,
  progressStem,
  serviceName,
  statusLabel,
  statusesFrom,
} from './render-event.ts';

test('status labels are the exact indicator texts', () => {
  assert.deepEqual(Object.values(statusLabel), ['idle', 'running', 'succeeded', 'failed', 'failed as expected', 'cancelled']);
  assert.equal(isStepStatus('expected-failure'), true);
  assert.equal(isStepStatus('failed as expected'), false);
});

test('formatMs', () => {
  assert.equal(formatMs(14), '14 ms');
  assert.equal(formatMs(14.6), '15 ms');
  assert.equal(formatMs(1234), '1.2 s');
  assert.equal(formatMs(12_345), '12 s');
  assert.equal(formatMs(125_000), '2 min 5 s');
  assert.equal(formatMs(120_000), '2 min');
  assert.equal(formatMs(Number.NaN), '');
  assert.equal(formatMs(-1), '');
});

test('callSummary names service, operation and duration', () => {
  assert.equal(callSummary({ service: 'STS', operation: 'GetCallerIdentity', ms: 14 }), 'STS · GetCallerIdentity · 14 ms');
  assert.equal(callSummary({ service: 'IAMClient', operation: 'CreateUserCommand', ms: 1500 }), 'IAM · CreateUser · 1.5 s');
  assert.equal(callSummary({ service: 'IAM', operation: 'CreateRole', ms: 23, httpStatus: 200 }), 'IAM · CreateRole · 200 · 23 ms');
  assert.equal(callSummary({ service: 'S3', operation: 'ListBuckets', ms: 9, httpStatus: 403 }), 'S3 · ListBuckets · 403 · 9 ms');
  assert.equal(serviceName('Client'), 'Client');
  assert.equal(operationName('Command'), 'Command');
});

test('pretty prints JSON, strings as they are, and survives odd values', () => {
  assert.equal(pretty({ Account: '123456789012' }), '{\n  "Account": "123456789012"\n}');
  assert.equal(pretty('plain <b>text</b>'), 'plain <b>text</b>');
  assert.equal(pretty(undefined), '(no value)');
  assert.equal(pretty(null), 'null');
  assert.equal(pretty(10n), '"10"');
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = loop;
  assert.match(pretty(loop), /\[circular\]/);
});

test('apiErrorMessage uses the API message and falls back to the status', () => {
  assert.equal(apiErrorMessage(409, '{"error":{"code":"Conflict","message":"Step is already running"}}'), 'Step is already running');
  assert.equal(apiErrorMessage(400, '{"error":{"code":"BadInput","message":"code must be 6 digits"}}'), 'code must be 6 digits');
  assert.equal(apiErrorMessage(409, ''), 'This step is already running.');
  assert.equal(apiErrorMessage(502, '<html>bad gateway</html>'), 'The notebook server answered HTTP 502.');
  assert.match(apiErrorMessage(401, ''), /URL the terminal printed/);
  assert.match(apiErrorMessage(401, '{"error":{"code":"Unauthorized","message":"Missing token."}}'), /^Missing token\. Open the notebook/);
  const told = 'Missing or wrong launch token: open the URL the terminal printed, or send Authorization: Bearer <token>.';
  assert.equal(apiErrorMessage(401, JSON.stringify({ error: { code: 'Unauthorized', message: told } })), told, 'no second hint when the server gives one');
});

test('errorView: a Stop reads as "Stopped" in its own tone, whatever the runner said', () => {
  const stopped = errorView('Cancelled', 'Stopped by the learner; the call in flight was aborted.', false);
  assert.equal(stopped.kind, 'Stopped');
  assert.equal(stopped.tone, 'cancelled');
  assert.equal(stopped.name, undefined);
  assert.doesNotMatch(stopped.message, /in flight/);
  assert.match(stopped.message, /a call or a wait/);
  assert.deepEqual(errorView('AccessDenied', 'no', true), { kind: 'Denied as expected', tone: 'expected', name: 'AccessDenied', message: 'no' });
  assert.deepEqual(errorView('ExpiredToken', 'old', false), { kind: 'Error', tone: 'unexpected', name: 'ExpiredToken', message: 'old' });
});

test('progressStem: a count at the end does not make a new bar', () => {
  assert.equal(progressStem('Waiting for IAM to propagate, 6 s'), 'Waiting for IAM to propagate');
  assert.equal(progressStem('Waiting for IAM to propagate, 0 s'), progressStem('Waiting for IAM to propagate, 115 s'));
  assert.equal(progressStem('Waiting for IAM to propagate and for a fresh code, 31 s'), 'Waiting for IAM to propagate and for a fresh code');
  assert.equal(progressStem('The credentials expire in 40 s'), 'The credentials expire in');
  assert.equal(progressStem('Deleting users 2/5'), 'Deleting users');
  assert.equal(progressStem('Uploading (45%)'), 'Uploading');
  assert.equal(progressStem('1.5 s'), '1.5 s', 'a label that is only a count stays itself');
  assert.equal(progressStem('AssumeRole: ready'), 'AssumeRole: ready');
  assert.equal(isReadyLabel('AssumeRole: ready'), true);
  assert.equal(isReadyLabel('Waiting for IAM to propagate, 6 s'), false);
});

test('lastRunTime: the time on the same day, the date as well otherwise', () => {
  const opts = { locale: 'en-GB', timeZone: 'UTC' };
  const now = new Date('2030-03-04T15:00:00Z');
  assert.equal(lastRunTime('2030-03-04T14:32:05.120Z', now, opts), '14:32:05');
  assert.equal(lastRunTime('2030-03-03T09:05:00Z', now, opts), '3 Mar, 09:05:00');
  assert.equal(lastRunTime('not a date', now, opts), '');
});

test('statusesFrom reads GET /api/lessons, keyed lesson/step', () => {
  const step = { title: 'T', phase: 'usage' as const, expect: 'ok' as const, inputs: [], requires: [] };
  const map = statusesFrom({
    target: 'sandbox',
    lessons: [
      { slug: 'who-am-i', title: 'W', summary: '', completed: false, steps: [{ ...step, id: 'get-caller-identity', status: 'succeeded' }, { ...step, id: 'create-role', status: 'idle' }] },
      { slug: 'clean-up', title: 'C', summary: '', completed: false, steps: [] },
    ],
  });
  assert.deepEqual([...map], [
    ['who-am-i/get-caller-identity', 'succeeded'],
    ['who-am-i/create-role', 'idle'],
  ]);
  assert.equal(statusesFrom({ target: 'sandbox', lessons: [] }).size, 0);
});

test('endLine', () => {
  assert.equal(endLine('succeeded', 14), 'Succeeded in 14 ms');
  assert.equal(endLine('expected-failure', 1200), 'Failed as expected in 1.2 s');
  assert.equal(endLine('cancelled', Number.NaN), 'Cancelled');
});

test('errorHint explains refused MFA codes and nothing else', () => {
  const sts = errorHint('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  assert.match(sts ?? '', /next code/);
  assert.match(sts ?? '', /only once/);
  const iam = errorHint('InvalidAuthenticationCodeException', 'Authentication code for device is not valid.');
  assert.match(iam ?? '', /consecutive/);
  assert.match(iam ?? '', /next code/);
  assert.equal(errorHint('InvalidAuthenticationCode', 'Authentication code for device is not valid.'), iam);
  assert.match(
    errorHint('AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.') ?? '',
    /enable the device/,
  );
  assert.equal(errorHint('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', true), undefined, 'expected denials get no advice');
  assert.equal(errorHint('AccessDenied', 'User: arn:aws:iam::123456789012:user/a is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r'), undefined);
  assert.equal(errorHint('ExpiredToken', 'The security token included in the request is expired'), undefined);
});
