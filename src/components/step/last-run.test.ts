import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runItems, runTimes } from './last-run.ts';

const lines = [
  '{"type":"start","lesson":"who-am-i","step":"get-caller-identity","at":"2030-03-04T14:32:05.000Z"}',
  '{"type":"call","service":"STS","operation":"GetCallerIdentity","input":{},"output":{"Arn":"arn:aws:iam::123456789012:user/a"},"ms":14}',
  'not json',
  '{"type":"result","value":{"Arn":"arn:aws:iam::123456789012:user/a"}}',
  '{"type":"end","ok":true,"status":"succeeded","ms":1500}',
];

test('runItems reads the remembered NDJSON as a live stream would', () => {
  const items = runItems(lines.join('\n') + '\n');
  assert.equal(items.length, 5);
  assert.deepEqual(items[2], { unreadable: 'not json' });
  assert.equal('event' in items[4]! && items[4].event.type, 'end');
  assert.equal(runItems(lines.join('\r\n')).length, 5, 'CRLF and no final newline');
  assert.deepEqual(runItems(''), []);
  assert.deepEqual(runItems('\n\n'), []);
});

test('runTimes: when the run started and when it ended', () => {
  assert.deepEqual(runTimes(runItems(lines.join('\n'))), { startedAt: '2030-03-04T14:32:05.000Z', endedAt: Date.parse('2030-03-04T14:32:06.500Z') });
  assert.deepEqual(runTimes(runItems(lines[0]!)), { startedAt: '2030-03-04T14:32:05.000Z', endedAt: Date.parse('2030-03-04T14:32:05.000Z') });
  assert.deepEqual(runTimes(runItems('{"type":"start","lesson":"l","step":"s","at":"soon"}')), { startedAt: 'soon' });
  assert.deepEqual(runTimes(runItems(lines.slice(1).join('\n'))), {});
  assert.deepEqual(runTimes([]), {});
});
