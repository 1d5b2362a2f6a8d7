import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticatorAnswer, qrImage } from './authenticator-answer.ts';

const view = { serialNumber: 'arn:aws:iam::123456789012:mfa/sts-workshop/d', code: '123456', nextCode: '654321', secondsLeft: 17 };

test('authenticatorAnswer: the codes, or no device yet', () => {
  assert.deepEqual(authenticatorAnswer(view), { view });
  assert.deepEqual(authenticatorAnswer(undefined), { missing: true });
});

test('qrImage accepts only a PNG data URL', () => {
  const dataUrl = 'data:image/png;base64,AAAA';
  assert.deepEqual(qrImage({ dataUrl, warning: 'Keep it secret.' }), { dataUrl, warning: 'Keep it secret.' });
  assert.throws(() => qrImage({ dataUrl: 'https://example.com/qr.png', warning: '' }), { message: 'The server did not send a QR code image.' });
  assert.throws(() => qrImage({ dataUrl: 'javascript:alert(1)', warning: '' }), { message: 'The server did not send a QR code image.' });
});
