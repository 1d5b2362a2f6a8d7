/**
 * Test support: a workshop room in process (`--room`, embedded sandbox, generous join limits
 * unless a test gives its own), and learners who join it through the public API and then call
 * it with their own cookie and key, as a browser would. `learner.request` is a Drivable's
 * request (drive-lesson.ts), so whole lessons can be driven as a learner.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../server/config.ts';
import type { JoinLimits } from '../../server/room/join-limiter.ts';
import { createNotebook } from '../../server/notebook.ts';
import type { JoinAnswer } from '../../src/api/contract.ts';
import type { Lesson } from '../../src/lessons/lesson.ts';
import { ORIGIN, PORT, request, TOKEN } from './notebook.ts';

export async function testRoom(options: { args?: string[]; joinLimits?: JoinLimits; lessons?: Lesson[] } = {}) {
  const stateDir = await mkdtemp(join(tmpdir(), 'stsw-room-'));
  const logLines: string[] = [];
  const config = readConfig(['--room', ...(options.args ?? [])], { WORKSHOP_TOKEN: TOKEN, SANDBOX_PORT: '0', WORKSHOP_STATE_DIR: stateDir, SANDBOX_PROPAGATION_MS: '0' });
  const notebook = await createNotebook(config, {
    writeLog: (l) => logLines.push(l),
    lessons: options.lessons,
    joinLimits: options.joinLimits ?? { perAddress: 1000, overall: 1000, windowMs: 60_000 },
  });
  notebook.bindPort(PORT);
  await notebook.ready;
  const facilitator = (path: string, init: RequestInit = {}) => request(notebook, path, init);
  return Object.assign(notebook, {
    stateDir,
    logLines,
    facilitator,
    room: notebook.room!,
    /** Joins with the room's current code (or `code`); throws with the answer when refused. */
    async join(name: string, code?: string) {
      const res = await anonymous(notebook, '/api/room/join', { method: 'POST', body: JSON.stringify({ code: code ?? notebook.room!.room.code, name }) });
      if (res.status !== 200) throw Object.assign(new Error(`join ${name}: ${res.status}`), { status: res.status, body: await res.json() });
      const cookie = /sts_workshop_learner=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
      const answer = (await res.json()) as JoinAnswer;
      return learnerClient(notebook, cookie, answer.key, answer.learner);
    },
  });
}

type RoomNotebook = Awaited<ReturnType<typeof createNotebook>>;

/** A request with no credentials at all (what anyone on the network can send). */
export function anonymous(notebook: RoomNotebook, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('host', `127.0.0.1:${PORT}`);
  if (init.method === 'POST') {
    if (!headers.has('origin')) headers.set('origin', ORIGIN);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return notebook.app.request(`http://127.0.0.1:${PORT}${path}`, { ...init, headers });
}

export function learnerClient(notebook: RoomNotebook, cookie: string, key: string, learner: JoinAnswer['learner']) {
  return {
    ...learner,
    cookie,
    key,
    request: (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', `sts_workshop_learner=${cookie}`);
      headers.set('x-workshop-key', key);
      return request(notebook, path, { ...init, headers });
    },
  };
}

export type Learner = Awaited<ReturnType<Awaited<ReturnType<typeof testRoom>>['join']>>;
