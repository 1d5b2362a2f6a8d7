import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksumBase64, wellFormedChecksum } from './checksums.ts';

const hex = (value: string) => Buffer.from(value, 'hex').toString('base64');

test('CRC check values from the CRC catalogue ("123456789")', async () => {
  const check = new TextEncoder().encode('123456789');
  assert.equal(await checksumBase64('crc32', check), hex('cbf43926'));
  assert.equal(await checksumBase64('crc32c', check), hex('e3069283'));
  assert.equal(await checksumBase64('crc64nvme', check), hex('ae8b14860a799888'));
  assert.equal(await checksumBase64('crc64nvme', new Uint8Array()), 'AAAAAAAAAAA=');
  assert.equal(await checksumBase64('sha256', check), hex('15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225'));
});

test('checksum values must be base64 of the right length', () => {
  assert.ok(wellFormedChecksum('crc32', 'z7Y9bA=='));
  assert.ok(!wellFormedChecksum('crc32', 'z7Y9bA'));
  assert.ok(!wellFormedChecksum('crc32', 'AAAAAAAAAAA='));
  assert.ok(!wellFormedChecksum('sha256', 'not base64!'));
});
