/**
 * Session tokens that describe themselves, as AWS's do: a token carries the account and the
 * expiry of the credentials it was issued with, and a MAC under a key of this sandbox over
 * those and the access key id, so a token can be checked, and recognised as expired, after
 * the sandbox has dropped the session it belonged to (authenticate then still answers
 * ExpiredToken, never InvalidClientTokenId). The sandbox stores no token: `sessionToken`
 * rebuilds one from the same three facts. The form is AWS's length and look: `IQoJb3JpZ2luX2Vj`
 * and 340 base64 characters (255 bytes: version, expiry, account id, a filler drawn from the
 * key by SHAKE256, and the HMAC-SHA256). The key comes from the sandbox's id source, once.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Ids } from '../ids.ts';
import type { SandboxState } from '../state.ts';
import type { Session } from '../store.ts';

const PREFIX = 'IQoJb3JpZ2luX2Vj';
const BYTES = 255;
const HEADER = 1 + 6 + 12; // version, expiry (ms, 48 bits), account id (12 digits)
const MAC = 32;
const FILLER = BYTES - HEADER - MAC;

export interface TokenFacts {
  accessKeyId: string;
  accountId: string;
  /** Epoch ms the credentials were issued to expire at. */
  expiresAt: number;
}

const keys = new WeakMap<Ids, Buffer>();

function keyOf(ids: Ids): Buffer {
  let key = keys.get(ids);
  if (!key) keys.set(ids, (key = Buffer.from(ids.hex(32), 'hex')));
  return key;
}

function bytesOf(key: Buffer, facts: TokenFacts): Buffer {
  const out = Buffer.alloc(BYTES);
  out[0] = 1;
  out.writeUIntBE(facts.expiresAt, 1, 6);
  out.write(facts.accountId.padEnd(12, '0').slice(0, 12), 7, 'latin1');
  createHash('shake256', { outputLength: FILLER }).update(key).update(facts.accessKeyId).update(out.subarray(0, HEADER)).digest().copy(out, HEADER);
  createHmac('sha256', key).update(facts.accessKeyId).update(out.subarray(0, BYTES - MAC)).digest().copy(out, BYTES - MAC);
  return out;
}

/** The session token for these credentials. */
export function sessionToken(ids: Ids, facts: TokenFacts): string {
  return PREFIX + bytesOf(keyOf(ids), facts).toString('base64');
}

/**
 * What a presented token says, when this sandbox issued it for `accessKeyId` (compared in
 * constant time); undefined for anything else.
 */
export function readSessionToken(ids: Ids, token: string, accessKeyId: string): Omit<TokenFacts, 'accessKeyId'> | undefined {
  if (token.length !== PREFIX.length + 340 || !token.startsWith(PREFIX)) return undefined;
  const presented = Buffer.from(token.slice(PREFIX.length), 'base64');
  if (presented.length !== BYTES || presented[0] !== 1) return undefined;
  const facts = { accessKeyId, expiresAt: presented.readUIntBE(1, 6), accountId: presented.toString('latin1', 7, 19) };
  const expected = sessionToken(ids, facts); // the exact text: base64 decoding alone is lenient
  return timingSafeEqual(Buffer.from(token, 'latin1'), Buffer.from(expected, 'latin1')) ? { accountId: facts.accountId, expiresAt: facts.expiresAt } : undefined;
}

/** The expiry a session's token carries: the one it was issued with. */
export function tokenExpiry(session: Session): number {
  return (session as { tokenExpiresAt?: number }).tokenExpiresAt ?? session.expiresAt;
}

/** Whether `token` is the one issued with this session. */
export function tokenMatches(state: SandboxState, token: string, session: Session): boolean {
  const claim = readSessionToken(state.ids, token, session.accessKeyId);
  return claim !== undefined && claim.accountId === session.accountId && claim.expiresAt === tokenExpiry(session);
}

/**
 * Whether `token` was issued by this sandbox for `accessKeyId`, whose session is no longer
 * held, in an account that still exists, and has expired: the request gets ExpiredToken.
 */
export function expiredDroppedToken(state: SandboxState, token: string, accessKeyId: string): boolean {
  const claim = readSessionToken(state.ids, token, accessKeyId);
  return claim !== undefined && state.clock.now() >= claim.expiresAt && state.store.accounts.has(claim.accountId);
}
