/**
 * A seat: one learner's notebook inside a room: their Workshop (lesson state, runs, progress,
 * authenticator, ledger scope), the Target it runs against (their own sandbox account and its
 * administrator), the lesson API bound to both (lesson-api.ts), and how to close it (stop what
 * runs, remove what the lessons made, close the account). learner-seat.ts makes them.
 */
import type { Hono } from 'hono';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';

export interface Seat {
  workshop: Workshop;
  target: Target;
  api: Hono<GuardEnv>;
  /** Stops runs, removes everything the lessons made, closes the account: what was removed. */
  close(): Promise<{ removed: string[]; failed: string[] }>;
}
