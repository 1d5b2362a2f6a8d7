/**
 * Mints temporary credentials (an ASIA key id, a secret, a session token) and records the
 * session in the store, so authenticate.ts can recognise them until they expire. Shared by
 * AssumeRole and GetSessionToken; it decides nothing about who may have them.
 */
import type { SandboxState } from '../../state.ts';
import type { Session } from '../../store.ts';

export type SessionFacts = Omit<Session, 'accessKeyId' | 'secret' | 'token' | 'issuedAt' | 'expiresAt'>;

export function issueCredentials(state: SandboxState, facts: SessionFacts, durationSeconds: number): Session {
  const issuedAt = state.clock.now();
  const session: Session = {
    ...facts,
    accessKeyId: state.ids.accessKeyId('ASIA'),
    secret: state.ids.secretAccessKey(),
    token: state.ids.sessionToken(),
    issuedAt,
    expiresAt: issuedAt + durationSeconds * 1000,
  };
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
