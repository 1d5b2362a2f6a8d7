/**
 * Bounded memory for temporary credentials: an expired session is dropped from the store, with
 * its access key id and secret, when a request presents it (`dropIfSpent`) and by an amortized
 * sweep that each issuance runs over a few sessions in turn (`sweepSessions`), so under any
 * steady AssumeRole load the store holds at most about 4/3 of the sessions alive at once, and
 * no timer keeps the process awake. Time is the sandbox's injected clock. A session is spent
 * once both its expiry and the expiry its token carries have passed (AgeCredentials moves only
 * the first), so the token alone still gets AWS's ExpiredToken afterwards (session-tokens.ts).
 */
import { tokenExpiry } from './auth/session-tokens.ts';
import type { SandboxState } from './state.ts';
import type { Session, Store } from './store.ts';

/** Sessions looked at per issuance: more than one issued, so the store cannot outgrow the live ones by much. */
export const SWEEP_PER_ISSUE = 4;

const cursors = new WeakMap<Store, Iterator<Session>>();

export function isSpent(session: Session, now: number): boolean {
  return now >= session.expiresAt && now >= tokenExpiry(session);
}

/** Drops the session when it is spent; true when it was. */
export function dropIfSpent(state: SandboxState, session: Session): boolean {
  if (!isSpent(session, state.clock.now())) return false;
  state.store.sessions.delete(session.accessKeyId);
  return true;
}

/** Looks at up to `budget` sessions after the last one looked at (wrapping once) and drops the spent. */
export function sweepSessions(state: SandboxState, budget = SWEEP_PER_ISSUE): number {
  const { sessions } = state.store;
  const now = state.clock.now();
  let cursor = cursors.get(state.store);
  let dropped = 0;
  let wrapped = false;
  for (let seen = 0; seen < budget && sessions.size > 0; ) {
    const next = cursor?.next();
    if (!cursor || next!.done) {
      if (wrapped) break;
      wrapped = true;
      cursors.set(state.store, (cursor = sessions.values()));
      continue;
    }
    seen++;
    const session = next!.value;
    if (isSpent(session, now)) {
      sessions.delete(session.accessKeyId);
      dropped++;
    }
  }
  return dropped;
}
