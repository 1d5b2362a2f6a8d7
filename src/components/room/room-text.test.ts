import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goneView, isGoneCode, joinRefusal, nameProblem, roomErrorCode } from './room-text.ts';

test('an ended session says what happened and what to do', () => {
  assert.equal(goneView('RoomEnded').title, 'The facilitator ended the room');
  assert.equal(goneView('LeftRoom').title, 'You left the room');
  assert.match(goneView('LeftRoom').text, /join again with the room’s link/);
  assert.equal(isGoneCode('Removed'), true);
  assert.equal(isGoneCode('Unauthorized'), false);
});

test('a refused join keeps the server’s words under a plain title', () => {
  assert.deepEqual(joinRefusal('RoomLocked', 'The facilitator has closed this room.', 403), { title: 'The room is closed to new learners for now', text: 'The facilitator has closed this room.' });
  assert.equal(joinRefusal('NoSuchRoom', 'x', 404).title, 'This join code does not open a room');
  assert.match(joinRefusal('', '', 0).title, /not reachable/);
});

test('a display name is 1 to 40 characters once trimmed', () => {
  assert.notEqual(nameProblem('   '), '');
  assert.equal(nameProblem(' Ada '), '');
  assert.equal(nameProblem('x'.repeat(40)), '');
  assert.notEqual(nameProblem('x'.repeat(41)), '');
});

test('a room route the server does not have reads as "not a room"', () => {
  assert.equal(roomErrorCode(404, 'NotFound'), 'NotARoom');
  assert.equal(roomErrorCode(404, 'NoSuchRoom'), 'NoSuchRoom');
  assert.equal(joinRefusal('NotARoom', '', 404).text, 'Ask the facilitator for the room’s join link.');
});
