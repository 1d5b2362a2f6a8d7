/**
 * Mints temporary credentials (an ASIA key id, a secret, a session token) and records the
 * session in the store, so authenticate.ts can recognise them until they expire. Shared by
 * AssumeRole and GetSessionToken; it decides nothing about who may have them. The token is
 * not stored: it describes itself (auth/session-tokens.ts) and the session rebuilds it on
 * demand; with the compact IssuedSession below a session costs about 300 bytes of heap with
 * its key id, secret and place in the store; each issuance sweeps a few spent sessions
 * (session-sweep.ts).
 */
import { sessionToken } from '../../auth/session-tokens.ts';
import type { Ids } from '../../ids.ts';
import { sweepSessions } from '../../session-sweep.ts';
import type { SandboxState } from '../../state.ts';
import type { Session, Tag } from '../../store.ts';

/** Sessions without tags share one (frozen) empty list. */
const NO_TAGS: Tag[] = Object.freeze([]) as unknown as Tag[];

/** The facts most sessions do not have, kept apart so that those sessions do not pay for them. */
interface RareFacts {
  userName?: string;
  userId?: string;
  federatedName?: string;
  mfaAuthAt?: number;
  sessionPolicies?: Session['sessionPolicies'];
  sourceIdentity?: string;
  transitiveTagKeys?: string[];
  federatedProvider?: string;
  /** Set once AgeCredentials moves `expiresAt`: the expiry the token still carries. */
  tokenExpiresAt?: number;
}

const MFA_PRESENT = 1;
const CHAINED = 2;
const FROM_LONG_TERM_USER = 4;

/**
 * A session as the store holds it, compact because a sandbox may hold 100,000 of them: the
 * facts every session has in fields assigned in one order (one shape, no separate property
 * array), the three flags in one small integer, the facts few sessions have in one object that
 * exists only when one of them is set, and the token a getter. About 140 bytes in itself where
 * a plain object with every field took over 200.
 */
class IssuedSession implements Session {
  readonly #ids: Ids;
  declare accessKeyId: string;
  declare secret: string;
  declare accountId: string;
  declare source: Session['source'];
  declare roleName: string | undefined;
  declare roleId: string | undefined;
  declare roleArn: string | undefined;
  declare sessionName: string | undefined;
  declare issuedAt: number;
  #expiresAt: number;
  declare tags: Tag[];
  readonly #flags: number;
  #rare: RareFacts | undefined;
  constructor(ids: Ids, facts: SessionFacts, accessKeyId: string, secret: string, issuedAt: number, expiresAt: number) {
    this.#ids = ids;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.accountId = facts.accountId;
    this.source = facts.source;
    this.roleName = facts.roleName;
    this.roleId = facts.roleId;
    this.roleArn = facts.roleArn;
    this.sessionName = facts.sessionName;
    this.issuedAt = issuedAt;
    this.#expiresAt = expiresAt;
    this.tags = facts.tags.length > 0 ? facts.tags : NO_TAGS;
    this.#flags = (facts.mfaPresent ? MFA_PRESENT : 0) | (facts.chained ? CHAINED : 0) | (facts.fromLongTermUser ? FROM_LONG_TERM_USER : 0);
    const { userName, userId, federatedName, mfaAuthAt, sessionPolicies, sourceIdentity, transitiveTagKeys, federatedProvider } = facts;
    const rare: RareFacts = { userName, userId, federatedName, mfaAuthAt, sessionPolicies, sourceIdentity, transitiveTagKeys, federatedProvider };
    this.#rare = Object.values(rare).some((value) => value !== undefined) ? rare : undefined;
  }
  #set<K extends keyof RareFacts>(key: K, value: RareFacts[K]): void {
    if (value === undefined && this.#rare?.[key] === undefined) return;
    (this.#rare ??= {})[key] = value;
  }
  get expiresAt(): number {
    return this.#expiresAt;
  }
  /** AgeCredentials moves it; the token keeps the expiry it was issued with (`tokenExpiresAt`). */
  set expiresAt(value: number) {
    if (this.#rare?.tokenExpiresAt === undefined) this.#set('tokenExpiresAt', this.#expiresAt);
    this.#expiresAt = value;
  }
  /** The expiry the token carries (AgeCredentials may move `expiresAt`, never the token's). */
  get tokenExpiresAt(): number {
    return this.#rare?.tokenExpiresAt ?? this.#expiresAt;
  }
  get mfaPresent(): boolean {
    return (this.#flags & MFA_PRESENT) !== 0;
  }
  get chained(): boolean {
    return (this.#flags & CHAINED) !== 0;
  }
  get fromLongTermUser(): boolean {
    return (this.#flags & FROM_LONG_TERM_USER) !== 0;
  }
  get userName(): string | undefined {
    return this.#rare?.userName;
  }
  /** RenameUser (UpdateUser NewUserName) renames the user behind GetSessionToken and GetFederationToken sessions. */
  set userName(value: string | undefined) {
    this.#set('userName', value);
  }
  get userId(): string | undefined {
    return this.#rare?.userId;
  }
  get federatedName(): string | undefined {
    return this.#rare?.federatedName;
  }
  get mfaAuthAt(): number | undefined {
    return this.#rare?.mfaAuthAt;
  }
  get sessionPolicies(): Session['sessionPolicies'] {
    return this.#rare?.sessionPolicies;
  }
  get sourceIdentity(): string | undefined {
    return this.#rare?.sourceIdentity;
  }
  get transitiveTagKeys(): string[] | undefined {
    return this.#rare?.transitiveTagKeys;
  }
  get federatedProvider(): string | undefined {
    return this.#rare?.federatedProvider;
  }
  get token(): string {
    return sessionToken(this.#ids, { accessKeyId: this.accessKeyId, accountId: this.accountId, expiresAt: this.tokenExpiresAt });
  }
}

export type SessionFacts = Omit<Session, 'accessKeyId' | 'secret' | 'token' | 'issuedAt' | 'expiresAt'>;

export function issueCredentials(state: SandboxState, facts: SessionFacts, durationSeconds: number): Session {
  sweepSessions(state);
  const issuedAt = state.clock.now();
  const session: Session = new IssuedSession(state.ids, facts, state.ids.accessKeyId('ASIA'), state.ids.secretAccessKey(), issuedAt, issuedAt + durationSeconds * 1000);
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
