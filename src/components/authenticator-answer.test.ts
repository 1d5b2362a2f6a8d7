import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticatorAnswer, isView, NO_DEVICE, qrImageFrom } from './authenticator-answer.ts';

const view = { serialNumber: 'arn:aws:iam::123456789012:mfa/sts-workshop/d', code: '123456', nextCode: '654321', secondsLeft: 17 };

test('isView wants a serial number, two six-digit codes and a countdown', () => {
  assert.equal(isView(view), true);
  assert.equal(isView({ ...view, code: '12345' }), false);
  assert.equal(isView({ ...view, nextCode: 654321 }), false);
  assert.equal(isView({ ...view, secondsLeft: '17' }), false);
  assert.equal(isView({ ...view, serialNumber: undefined }), false);
  assert.equal(isView(null), false);
});

test('authenticatorAnswer: codes, no device yet, or a problem to show', () => {
  assert.deepEqual(authenticatorAnswer(200, JSON.stringify(view)), { view });
  assert.deepEqual(authenticatorAnswer(404, ''), { missing: true });
  assert.deepEqual(authenticatorAnswer(500, '{"error":{"code":"Boom","message":"It broke."}}'), { problem: 'It broke.' });
  assert.match((authenticatorAnswer(401, '') as { problem: string }).problem, /URL the terminal printed/);
  assert.deepEqual(authenticatorAnswer(200, '<html>'), { problem: 'The notebook server sent an answer the authenticator does not understand.' });
  assert.deepEqual(authenticatorAnswer(200, '{"code":"1"}'), { problem: 'The notebook server sent an answer the authenticator does not understand.' });
});

test('qrImageFrom accepts only a PNG data URL', () => {
  const dataUrl = 'data:image/png;base64,AAAA';
  assert.deepEqual(qrImageFrom(200, JSON.stringify({ dataUrl, warning: 'Keep it secret.' })), { dataUrl, warning: 'Keep it secret.' });
  assert.deepEqual(qrImageFrom(200, JSON.stringify({ dataUrl })), { dataUrl, warning: '' });
  assert.throws(() => qrImageFrom(404, ''), { message: NO_DEVICE });
  assert.throws(() => qrImageFrom(500, '{"error":{"code":"Boom","message":"It broke."}}'), { message: 'It broke.' });
  assert.throws(() => qrImageFrom(200, JSON.stringify({ dataUrl: 'https://example.com/qr.png' })), { message: 'The server did not send a QR code image.' });
  assert.throws(() => qrImageFrom(200, 'not json'), SyntaxError);
});
