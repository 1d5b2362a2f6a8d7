/**
 * A workshop room: one facilitator, many learners, each learner on a seat of their own
 * (seat.ts: their own sandbox account, lesson state and API). The room keeps the join code
 * (rotatable), whether joining is locked, the cap on learners, the announcement and the pacing,
 * and which learner holds which session. Every rule about joining lives here and is checked
 * before anything is made: a wrong or rotated code, a locked, full or ended room, a bad name
 * (duplicates get a suffix). Leaving, removal and the room's end close the learners' seats
 * (everything in their accounts removed) and end their sessions. Time and randomness are
 * injected. It speaks no HTTP (routes/room.ts does) and runs no steps (catch-up.ts, reset.ts).
 */
import { WorkshopError } from '../runner/workshop-error.ts';
import type { Announcement, Pacing, RoomCleanAnswer } from '../../src/api/contract.ts';
import { displayName } from './display-name.ts';
import { LearnerSessions, type GoneReason } from './learner-sessions.ts';
import type { Seat } from './seat.ts';

export interface Learner {
  id: string;
  name: string;
  accountId: string;
  joinedAt: number;
  seat: Seat;
  /** What the facilitator is doing for this learner right now (catch-up, reset), if anything. */
  busy?: string;
}

export interface RoomDeps {
  now(): number;
  /** Random bytes as base64url text (ids) and the join code's letters. */
  random(bytes: number): Buffer;
  maxLearners: number;
  openSeat(learner: { id: string; name: string }): Promise<Seat>;
  /** Lesson slugs, for checking pacing. */
  lessonSlugs: string[];
}

// No 0/O, 1/I/L: a code read off a projector is typed without guessing.
const CODE_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
export const MAX_ANNOUNCEMENT = 500;

export class Room {
  readonly #deps: RoomDeps;
  readonly sessions = new LearnerSessions();
  readonly #learners = new Map<string, Learner>();
  #joining = 0;
  #code: string;
  locked = false;
  ended = false;
  pacing: Pacing = { mode: 'open', open: [] };
  announcement?: Announcement;

  constructor(deps: RoomDeps) {
    this.#deps = deps;
    this.#code = this.#newCode();
  }

  get code(): string {
    return this.#code;
  }

  get maxLearners(): number {
    return this.#deps.maxLearners;
  }

  get learners(): Learner[] {
    return [...this.#learners.values()];
  }

  /** Throws the reason a code does not let anyone in now; nothing when it does. */
  checkCode(code: unknown): void {
    if (this.ended) throw new WorkshopError(410, 'RoomEnded', 'This workshop room has ended.');
    if (typeof code !== 'string' || !codeMatches(code, this.#code)) {
      throw new WorkshopError(404, 'NoSuchRoom', 'This join code is not valid: it may have been changed. Ask the facilitator for the current link or code.');
    }
    if (this.locked) throw new WorkshopError(403, 'RoomLocked', 'The facilitator has closed this room to new learners for now.');
    if (this.#learners.size + this.#joining >= this.#deps.maxLearners) {
      throw new WorkshopError(409, 'RoomFull', `This room is full (${this.#deps.maxLearners} learners). Ask the facilitator.`);
    }
  }

  /** A new learner on a seat of their own, and their session; nothing is made when a check fails. */
  async join(code: unknown, name: unknown): Promise<{ learner: Learner; session: { id: string; key: string } }> {
    this.checkCode(code);
    const taken = () => [...this.#learners.values()].map((l) => l.name);
    displayName(name, taken()); // refuse a bad name before any account is made
    this.#joining++;
    let seat: Seat;
    const id = this.#deps.random(9).toString('base64url');
    try {
      seat = await this.#deps.openSeat({ id, name: displayName(name, taken()) });
    } finally {
      this.#joining--;
    }
    if (this.ended) {
      await seat.close();
      throw new WorkshopError(410, 'RoomEnded', 'This workshop room has ended.');
    }
    // Named again now: another learner may have taken the name while the seat was made.
    const learner: Learner = { id, name: displayName(name, taken()), accountId: seat.target.accountId, joinedAt: this.#deps.now(), seat };
    this.#learners.set(id, learner);
    return { learner, session: this.sessions.create(id) };
  }

  /** The learner with this id; 404 NoSuchLearner for one who left or was removed. */
  learner(id: string): Learner {
    const learner = this.#learners.get(id);
    if (!learner) throw new WorkshopError(404, 'NoSuchLearner', 'That learner is no longer in the room (they left or were removed).');
    return learner;
  }

  rotateCode(): string {
    this.#code = this.#newCode();
    return this.#code;
  }

  announce(text: unknown): Announcement | undefined {
    if (typeof text !== 'string') throw new WorkshopError(400, 'BadInput', 'text must be a string (empty clears the announcement).');
    const clean = text.trim();
    if (clean.length > MAX_ANNOUNCEMENT) throw new WorkshopError(400, 'BadInput', `An announcement is at most ${MAX_ANNOUNCEMENT} characters.`);
    this.announcement = clean ? { text: clean, at: new Date(this.#deps.now()).toISOString() } : undefined;
    return this.announcement;
  }

  setPacing(body: unknown): Pacing {
    const { mode, open } = (body ?? {}) as { mode?: unknown; open?: unknown };
    if (mode !== 'open' && mode !== 'paced') throw new WorkshopError(400, 'BadInput', 'mode must be "open" (every lesson) or "paced" (only the lessons in open).');
    const list = open === undefined ? [] : open;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || !this.#deps.lessonSlugs.includes(s))) {
      throw new WorkshopError(400, 'BadInput', `open must list lesson slugs: ${this.#deps.lessonSlugs.join(', ')}.`);
    }
    this.pacing = { mode, open: [...new Set(list as string[])] };
    return this.pacing;
  }

  /** 403 LessonLocked when pacing keeps a lesson closed (its teardown always runs). */
  checkOpen(slug: string, phase: string | undefined): void {
    if (this.pacing.mode === 'open' || phase === 'teardown' || !this.#deps.lessonSlugs.includes(slug) || this.pacing.open.includes(slug)) return;
    throw new WorkshopError(403, 'LessonLocked', 'The facilitator opens this lesson when the room gets there.');
  }

  /** Closes a learner's seat and ends their session (why: they left, or were removed). */
  async remove(id: string, reason: GoneReason): Promise<RoomCleanAnswer> {
    const learner = this.learner(id);
    this.#learners.delete(id);
    this.sessions.end(id, reason);
    const { removed, failed } = await learner.seat.close();
    return { removed, failed, learners: this.#learners.size };
  }

  /** Ends the room: no more joins, every seat closed, every session ended. */
  async end(): Promise<RoomCleanAnswer> {
    this.ended = true;
    const results = await Promise.all(this.learners.map((l) => this.remove(l.id, 'RoomEnded')));
    return { removed: results.flatMap((r) => r.removed), failed: results.flatMap((r) => r.failed), learners: 0 };
  }

  #newCode(): string {
    return [...this.#deps.random(CODE_LENGTH)].map((b) => CODE_LETTERS[b % CODE_LETTERS.length]).join('');
  }
}

/** Case-insensitive, ignoring spaces and dashes someone types between groups of letters. */
function codeMatches(offered: string, code: string): boolean {
  return offered.toUpperCase().replace(/[\s-]/g, '') === code;
}
