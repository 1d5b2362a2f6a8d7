/**
 * The encoded authorization failure message a refusal carries (EC2's UnauthorizedOperation) and
 * STS DecodeAuthorizationMessage reads back. Opaque and tamper-proof, as AWS's are: the decoded
 * JSON, deflated, is sealed with AES-256-GCM under a key of this sandbox (drawn once from its id
 * source, like session tokens' MAC key) with the account of the refused caller as associated
 * data, so only a caller of that same account can open it, and a changed byte, a message from
 * another sandbox or plain text opens for nobody. Written as URL-safe base64 without padding,
 * the alphabet AWS's messages use. The sandbox stores nothing per message.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Ids } from '../ids.ts';

const VERSION = 1;
const IV = 12;
const TAG = 16;
const MAX_DECODED = 64 * 1024;

const keys = new WeakMap<Ids, Buffer>();

function keyOf(ids: Ids): Buffer {
  let key = keys.get(ids);
  if (!key) keys.set(ids, (key = Buffer.from(ids.hex(32), 'hex')));
  return key;
}

export const authorizationMessage = { encode, decode };

/** Seals the decoded message (AWS's JSON text) for callers of `accountId`. */
function encode(ids: Ids, accountId: string, decoded: string): string {
  const iv = Buffer.from(ids.hex(IV), 'hex');
  const cipher = createCipheriv('aes-256-gcm', keyOf(ids), iv);
  cipher.setAAD(Buffer.from(accountId, 'latin1'));
  const sealed = Buffer.concat([cipher.update(deflateRawSync(decoded)), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The decoded JSON text when this sandbox sealed `encoded` for `accountId`, else undefined. */
function decode(ids: Ids, accountId: string, encoded: string): string | undefined {
  const bytes = Buffer.from(encoded, 'base64url');
  // base64url decoding skips what it cannot read: only the exact text this module wrote opens.
  if (bytes.length <= 1 + IV + TAG || bytes[0] !== VERSION || bytes.toString('base64url') !== encoded) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(ids), bytes.subarray(1, 1 + IV));
    decipher.setAAD(Buffer.from(accountId, 'latin1'));
    decipher.setAuthTag(bytes.subarray(1 + IV, 1 + IV + TAG));
    const deflated = Buffer.concat([decipher.update(bytes.subarray(1 + IV + TAG)), decipher.final()]);
    return inflateRawSync(deflated, { maxOutputLength: MAX_DECODED }).toString('utf8');
  } catch {
    return undefined; // wrong account, another sandbox, or altered
  }
}
