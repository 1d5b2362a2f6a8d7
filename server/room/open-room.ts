/**
 * Composes a workshop room for the notebook's composition root: the Room (room.ts) whose seats
 * are learner accounts on the embedded sandbox (learner-seat.ts), the join rate limiter, the
 * join URL the terminal prints and the projector shows, the Host names and Origins the room is
 * served under (`--host`; an unspecified address such as 0.0.0.0 stands for every address of
 * this machine), and the rule for the sandbox clock, which every account shares: learners may
 * not move it (one learner skipping ahead would age everyone's credentials and codes), so their
 * pages wait for an unused MFA code as on a real account; the facilitator moves it (catch-up
 * does, a minute per MFA step).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { RoomConfig } from '../config.ts';
import type { Log } from '../log.ts';
import type { SecretRegistry } from '../redact/secret-registry.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import type { RunningSandbox } from '../sandbox/sandbox.ts';
import { DEFAULT_JOIN_LIMITS, JoinLimiter, type JoinLimits } from './join-limiter.ts';
import { learnerSeats } from './learner-seat.ts';
import { Room } from './room.ts';

export interface NotebookRoom {
  room: Room;
  limiter: JoinLimiter;
  joinUrl(code: string): string;
  /** Host headers accepted besides loopback, as `name:port`. */
  hosts(): string[];
  /** Origins accepted besides loopback's http ones. */
  origins(): string[];
}

export interface OpenRoomDeps {
  config: RoomConfig;
  sandbox: RunningSandbox;
  lessons: Lesson[];
  makeWorkshop(target: Target, extra: { checkClock: (seconds: number) => void }): Workshop;
  registry: SecretRegistry;
  log: Log;
  now(): number;
  port(): number;
  joinLimits?: JoinLimits;
}

export function openRoom(deps: OpenRoomDeps): NotebookRoom {
  const scheme = deps.config.tls ? 'https' : 'http';
  const names = () => deps.config.hosts.flatMap((h) => (h === '0.0.0.0' ? machineAddresses('IPv4') : h === '::' ? machineAddresses() : [h]));
  const hostPort = (name: string) => `${name.includes(':') ? `[${name}]` : name.toLowerCase()}:${deps.port()}`;
  const checkClock = () => {
    throw new WorkshopError(403, 'SharedClock', 'Everyone in the room shares one sandbox clock, so only the facilitator can move it: wait for the next MFA code instead.');
  };
  const room = new Room({
    now: deps.now,
    random: (n) => randomBytes(n),
    maxLearners: deps.config.maxLearners,
    lessonSlugs: deps.lessons.map((l) => l.slug),
    openSeat: learnerSeats({
      sandbox: deps.sandbox,
      makeWorkshop: deps.makeWorkshop,
      registerSecret: (value, label) => deps.registry.add(value, label),
      redact: (text) => deps.registry.redact(text),
      log: deps.log,
      accountDigits: () => String(randomInt(100_000_000_000, 1_000_000_000_000)),
      checkClock,
    }),
  });
  return {
    room,
    limiter: new JoinLimiter(deps.joinLimits ?? DEFAULT_JOIN_LIMITS, deps.now),
    joinUrl: (code) => `${scheme}://${hostPort(names()[0] ?? '127.0.0.1')}/join/?code=${code}`,
    hosts: () => names().map(hostPort),
    origins: () => [
      ...names().map((n) => `${scheme}://${hostPort(n)}`),
      ...(scheme === 'https' ? ['127.0.0.1', 'localhost', '::1'].map((n) => `https://${hostPort(n)}`) : []),
    ],
  };
}

/** Every non-internal address of this machine (for a room served on 0.0.0.0 or ::). */
function machineAddresses(family?: 'IPv4'): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && (!family || a.family === family) && !a.address.startsWith('fe80:'))
    .map((a) => a!.address);
}
