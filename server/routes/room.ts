/**
 * The workshop room's API (server/room/). Public, before any sign-in: `GET /room/join-info`
 * (whether a code lets someone in now) and `POST /room/join` (rate-limited; makes the learner's
 * seat and session, sets the HttpOnly, SameSite=Strict learner cookie, answers the key the page
 * keeps). Signed in: `GET /room/me` and, for learners, `POST /room/leave`. Everything else is
 * the facilitator's (403 FacilitatorOnly for a learner): the grid, the join QR, rotating the
 * code, locking, announcing, pacing, catch-up, reset and removal of a learner, and the end.
 * Outside a room every route answers 404 NotARoom. Learner scoping of the lesson routes is
 * app.ts's (each learner reaches only their own seat).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import QRCode from 'qrcode';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { FileLedger } from '../ledger/ledger.ts';
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import { catchUp } from '../room/catch-up.ts';
import type { JoinLimiter } from '../room/join-limiter.ts';
import { LEARNER_COOKIE } from '../room/learner-sessions.ts';
import { resetLesson } from '../room/reset-lesson.ts';
import { roomGrid } from '../room/room-grid.ts';
import type { Learner, Room } from '../room/room.ts';
import type { CatchUpAnswer, JoinAnswer, JoinInfoAnswer, JoinQrAnswer, RoomAnswer, RoomCleanAnswer, RoomMeAnswer, RoomResetAnswer } from '../../src/api/contract.ts';

export interface RoomRouteDeps {
  room?: Room;
  lessons: Lesson[];
  /** The facilitator's own workshop (for the grid's lesson list). */
  workshop: Workshop;
  ledger: FileLedger;
  redact: (text: string) => string;
  limiter?: JoinLimiter;
  joinUrl(code: string): string;
  /** Cookies get Secure when the room is served over HTTPS. */
  secure: boolean;
  /** The embedded sandbox, whose console the room passes through (room/console-proxy.ts). */
  sandboxUrl?: string;
}

const LEARNER_COOKIE_SECONDS = 12 * 3600;

function roomOf(deps: RoomRouteDeps): Room {
  if (!deps.room) throw new WorkshopError(404, 'NotARoom', 'This notebook is not a workshop room: the facilitator starts one with `npm start -- --room`.');
  return deps.room;
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new WorkshopError(400, 'BadRequest', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Routes anyone may call: checking a code and joining. Mounted before the sign-in check. */
export function mountRoomPublic(api: Hono<GuardEnv>, deps: RoomRouteDeps, guards: MiddlewareHandler<GuardEnv>[]): void {
  for (const guard of guards) api.use('/room/join-info', guard).use('/room/join', guard);
  const limit = (c: Context) => {
    const address = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
    if (deps.limiter && !deps.limiter.attempt(address)) throw new WorkshopError(429, 'TooManyJoins', 'Too many join attempts from this address: wait a minute and try again.');
  };
  api.get('/room/join-info', (c) => {
    const room = roomOf(deps);
    limit(c);
    room.checkCode(c.req.query('code'));
    return c.json({ open: true, learners: room.learners.length, maxLearners: room.maxLearners } satisfies JoinInfoAnswer);
  });

  api.post('/room/join', async (c) => {
    const room = roomOf(deps);
    limit(c);
    const body = await jsonBody(c);
    room.checkCode(body.code);
    if (deps.limiter && !deps.limiter.admit()) throw new WorkshopError(429, 'TooManyJoins', 'Many learners are joining at once: wait a minute and try again.');
    const { learner, session } = await room.join(body.code, body.name);
    setCookie(c, LEARNER_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', path: '/', secure: deps.secure, maxAge: LEARNER_COOKIE_SECONDS });
    c.header('Cache-Control', 'no-store');
    return c.json({ key: session.key, learner: { id: learner.id, name: learner.name, accountId: learner.accountId } } satisfies JoinAnswer);
  });
}

/** Routes for signed-in callers: the learner's own, then the facilitator's. */
export function mountRoom(api: Hono<GuardEnv>, deps: RoomRouteDeps): void {
  const facilitator = (c: Context<GuardEnv>): Room => {
    const room = roomOf(deps);
    if (c.get('learner')) throw new WorkshopError(403, 'FacilitatorOnly', 'Only the facilitator can do this.');
    return room;
  };
  const lessonOf = (slug: unknown): Lesson => {
    const lesson = deps.lessons.find((l) => l.slug === slug);
    if (!lesson) throw new WorkshopError(400, 'NoSuchLesson', `There is no lesson "${String(slug)}".`);
    return lesson;
  };
  /** Runs facilitator work for one learner, one thing at a time, shown as busy in the grid. */
  const forLearner = async <T>(learner: Learner, what: string, work: () => Promise<T>): Promise<T> => {
    if (learner.busy) throw new WorkshopError(409, 'LearnerBusy', `Already ${learner.busy} for ${learner.name}; wait for it to finish.`);
    learner.busy = what;
    try {
      return await work();
    } finally {
      learner.busy = undefined;
    }
  };

  api.get('/room/me', (c) => {
    const room = roomOf(deps);
    const id = c.get('learner');
    const answer: RoomMeAnswer = { role: id ? 'learner' : 'facilitator', pacing: room.pacing };
    if (id) {
      const l = room.learner(id);
      answer.learner = { id: l.id, name: l.name, accountId: l.accountId, joinedAt: new Date(l.joinedAt).toISOString() };
    }
    if (room.announcement) answer.announcement = room.announcement;
    return c.json(answer);
  });

  api.post('/room/leave', async (c) => {
    const room = roomOf(deps);
    const id = c.get('learner');
    if (!id) throw new WorkshopError(400, 'NotALearner', 'The facilitator ends the room instead of leaving it.');
    return c.json((await room.remove(id, 'LeftRoom')) satisfies RoomCleanAnswer);
  });

  api.get('/room', (c) => {
    const room = facilitator(c);
    const grid = roomGrid(
      deps.workshop.describe(),
      room.learners.map((l) => ({ ...l, lessons: l.seat.workshop.describe(), lastRun: (lesson, step) => l.seat.workshop.lastRun(lesson, step) })),
    );
    const answer: RoomAnswer = { code: room.code, joinUrl: deps.joinUrl(room.code), locked: room.locked, maxLearners: room.maxLearners, pacing: room.pacing, ...grid };
    if (room.announcement) answer.announcement = room.announcement;
    return c.json(answer);
  });

  api.post('/room/join-qr', async (c) => {
    const room = facilitator(c);
    const joinUrl = deps.joinUrl(room.code);
    const dataUrl = await QRCode.toDataURL(joinUrl, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
    return c.json({ dataUrl, joinUrl } satisfies JoinQrAnswer);
  });

  api.post('/room/code', (c) => {
    const code = facilitator(c).rotateCode();
    return c.json({ code, joinUrl: deps.joinUrl(code) });
  });

  api.post('/room/lock', async (c) => {
    const room = facilitator(c);
    const { locked } = await jsonBody(c);
    if (typeof locked !== 'boolean') throw new WorkshopError(400, 'BadInput', 'locked must be true or false.');
    room.locked = locked;
    return c.json({ locked });
  });

  api.post('/room/announce', async (c) => {
    const room = facilitator(c);
    const announcement = room.announce((await jsonBody(c)).text);
    return c.json(announcement ? { announcement } : {});
  });

  api.post('/room/pacing', async (c) => c.json(facilitator(c).setPacing(await jsonBody(c))));

  api.post('/room/learners/:id/catch-up', async (c) => {
    const learner = facilitator(c).learner(c.req.param('id'));
    const body = await jsonBody(c);
    const lesson = lessonOf(body.lesson);
    const answer = await forLearner(learner, `catching up ${lesson.title}`, () => catchUp(learner.seat.workshop, lesson, body.step, deps.redact));
    return c.json(answer satisfies CatchUpAnswer);
  });

  api.post('/room/learners/:id/reset', async (c) => {
    const learner = facilitator(c).learner(c.req.param('id'));
    const lesson = lessonOf((await jsonBody(c)).lesson);
    const answer = await forLearner(learner, `resetting ${lesson.title}`, () => resetLesson(learner.seat, deps.ledger, lesson, deps.redact));
    return c.json(answer satisfies RoomResetAnswer);
  });

  api.post('/room/learners/:id/remove', async (c) => {
    const room = facilitator(c);
    return c.json((await room.remove(room.learner(c.req.param('id')).id, 'Removed')) satisfies RoomCleanAnswer);
  });

  api.post('/room/end', async (c) => c.json((await facilitator(c).end()) satisfies RoomCleanAnswer));
}
