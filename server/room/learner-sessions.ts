/**
 * A room's learner sessions: what the join flow hands a learner's browser (an HttpOnly,
 * SameSite=Strict cookie id and a key the page keeps in localStorage and sends in
 * `X-Workshop-Key`, as the launch-token exchange does for the facilitator) and which learner
 * each belongs to. A learner's session keeps working across reloads and a closed laptop for
 * the room's life; when the learner leaves, is removed, or the room ends, the session stays
 * known as gone (with why) so the page can say so instead of a bare 401. Comparisons are
 * constant-time. It sets no cookie and knows nothing of rooms' rules (room.ts).
 */
import { randomBytes } from 'node:crypto';
import { tokenMatches } from '../guard/launch-token.ts';

export const LEARNER_COOKIE = 'sts_workshop_learner';

export type GoneReason = 'LeftRoom' | 'Removed' | 'RoomEnded';

interface Session {
  key: string;
  learnerId: string;
  gone?: GoneReason;
}

export type Identified = { learnerId: string } | { gone: GoneReason } | undefined;

export class LearnerSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #random: (bytes: number) => string;

  constructor(random: (bytes: number) => string = (n) => randomBytes(n).toString('base64url')) {
    this.#random = random;
  }

  create(learnerId: string): { id: string; key: string } {
    const id = this.#random(32);
    const key = this.#random(32);
    this.#sessions.set(id, { key, learnerId });
    return { id, key };
  }

  /** The learner a cookie id and key belong to; `gone` (with why) for a session that ended. */
  identify(id: string | undefined, key: string | undefined): Identified {
    const session = id === undefined ? undefined : this.#sessions.get(id);
    if (!session || !tokenMatches(key, session.key)) return undefined;
    return session.gone ? { gone: session.gone } : { learnerId: session.learnerId };
  }

  /** Ends every session of a learner, remembering why. */
  end(learnerId: string, reason: GoneReason): void {
    for (const session of this.#sessions.values()) if (session.learnerId === learnerId) session.gone = reason;
  }
}
