import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkStepTitles } from './step-links.ts';

const steps = [
  { id: 'create-role', title: 'Create a role that trusts the notebook' },
  { id: 'as-role-session', title: 'Call as the role session' },
  { id: 'delete-role', title: 'Delete the role' },
];
const joined = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

test('the step a refusal names becomes a link, and the text reads as the server wrote it', () => {
  const message = 'Run "Create a role that trusts the notebook" first: this step builds on it.';
  const parts = linkStepTitles(message, steps, 'as-role-session');
  assert.deepEqual(parts, [
    { text: 'Run "' },
    { text: 'Create a role that trusts the notebook', step: 'create-role' },
    { text: '" first: this step builds on it.' },
  ]);
  assert.equal(joined(parts), message);
});

test('a running step named at the start of the message is linked too', () => {
  const message = '"Delete the role" is still running in this lesson; wait for it to finish or press Stop.';
  const parts = linkStepTitles(message, steps, 'create-role');
  assert.deepEqual(parts[0], { text: '"' });
  assert.deepEqual(parts[1], { text: 'Delete the role', step: 'delete-role' });
  assert.equal(joined(parts), message);
});

test('unknown titles, the step itself and messages without quotes stay text', () => {
  assert.deepEqual(linkStepTitles('Run "Something else" first.', steps), [{ text: 'Run "Something else" first.' }]);
  assert.deepEqual(linkStepTitles('"Delete the role" is still running.', steps, 'delete-role'), [{ text: '"Delete the role" is still running.' }]);
  assert.deepEqual(linkStepTitles('Missing or wrong launch token.', steps), [{ text: 'Missing or wrong launch token.' }]);
  assert.deepEqual(linkStepTitles('', steps), []);
  const two = linkStepTitles('"Delete the role" and "Call as the role session"', steps);
  assert.deepEqual(
    two.filter((p) => 'step' in p).map((p) => (p as { step: string }).step),
    ['delete-role', 'as-role-session'],
  );
  assert.equal(joined(two), '"Delete the role" and "Call as the role session"');
});
