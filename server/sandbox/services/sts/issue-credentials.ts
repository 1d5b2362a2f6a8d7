/**
 * Mints temporary credentials (an ASIA key id, a secret, a session token) and records the
 * session in the store, so authenticate.ts can recognise them until they expire. Shared by
 * AssumeRole and GetSessionToken; it decides nothing about who may have them. The token is
 * not stored: it describes itself (auth/session-tokens.ts) and the session rebuilds it on
 * demand, so a session costs a few hundred bytes; each issuance sweeps a few spent sessions
 * (session-sweep.ts).
 */
import { sessionToken } from '../../auth/session-tokens.ts';
import type { Ids } from '../../ids.ts';
import { sweepSessions } from '../../session-sweep.ts';
import type { SandboxState } from '../../state.ts';
import type { Session } from '../../store.ts';

interface IssuedSession extends Omit<Session, 'token'> {}
class IssuedSession {
  readonly #ids: Ids;
  /** The expiry the token carries (AgeCredentials may move `expiresAt`, never the token's). */
  readonly tokenExpiresAt: number;
  constructor(ids: Ids, fields: Omit<Session, 'token'>) {
    Object.assign(this, fields);
    this.#ids = ids;
    this.tokenExpiresAt = fields.expiresAt;
  }
  get token(): string {
    return sessionToken(this.#ids, { accessKeyId: this.accessKeyId, accountId: this.accountId, expiresAt: this.tokenExpiresAt });
  }
}

export type SessionFacts = Omit<Session, 'accessKeyId' | 'secret' | 'token' | 'issuedAt' | 'expiresAt'>;

export function issueCredentials(state: SandboxState, facts: SessionFacts, durationSeconds: number): Session {
  sweepSessions(state);
  const issuedAt = state.clock.now();
  const session: Session = new IssuedSession(state.ids, {
    ...facts,
    accessKeyId: state.ids.accessKeyId('ASIA'),
    secret: state.ids.secretAccessKey(),
    issuedAt,
    expiresAt: issuedAt + durationSeconds * 1000,
  });
  state.store.sessions.set(session.accessKeyId, session);
  return session;
}

export function credentialsOutput(session: Session) {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secret,
    SessionToken: session.token,
    Expiration: new Date(session.expiresAt),
  };
}
