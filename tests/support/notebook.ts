/**
 * Test support: a whole notebook in process (embedded sandbox on a free port, ledger in a temp
 * directory), driven through `app.request()` with the launch token and our own Origin, and a
 * reader for NDJSON run streams.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepEvent } from '../../src/lessons/events.ts';
import type { Lesson } from '../../src/lessons/lesson.ts';
import { readConfig } from '../../server/config.ts';
import { createNotebook, type Notebook } from '../../server/notebook.ts';

export const TOKEN = 'test-token-0123456789abcdef-0123456789';
export const PORT = 4321;
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** `stateDir`: reuse an earlier notebook's state directory (a restart); a new one by default. */
export async function testNotebook(options: { lessons?: Lesson[]; env?: Record<string, string>; stateDir?: string } = {}) {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'stsw-test-')));
  const logLines: string[] = [];
  const config = readConfig([], { WORKSHOP_TOKEN: TOKEN, SANDBOX_PORT: '0', WORKSHOP_STATE_DIR: stateDir, SANDBOX_PROPAGATION_MS: '0', ...options.env });
  const notebook = await createNotebook(config, { lessons: options.lessons, writeLog: (l) => logLines.push(l) });
  notebook.bindPort(PORT);
  await notebook.ready;
  return Object.assign(notebook, { stateDir, logLines, request: (path: string, init: RequestInit = {}) => request(notebook, path, init) });
}

export function request(notebook: Notebook, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('host')) headers.set('host', `127.0.0.1:${PORT}`);
  if (!headers.has('authorization') && !headers.has('cookie')) headers.set('authorization', `Bearer ${TOKEN}`);
  if (init.method === 'POST' && !headers.has('origin')) headers.set('origin', ORIGIN);
  if (init.method === 'POST' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return notebook.app.request(`http://127.0.0.1:${PORT}${path}`, { ...init, headers });
}

export function run(notebook: Notebook, lesson: string, step: string, inputs: Record<string, string> = {}) {
  return request(notebook, `/api/lessons/${lesson}/steps/${step}/run`, { method: 'POST', body: JSON.stringify(inputs) });
}

export async function events(response: Response): Promise<StepEvent[]> {
  const text = await response.text();
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as StepEvent);
}

export async function runToEnd(notebook: Notebook, lesson: string, step: string, inputs: Record<string, string> = {}) {
  const response = await run(notebook, lesson, step, inputs);
  if (response.status !== 200) throw new Error(`run ${lesson}/${step}: HTTP ${response.status} ${await response.text()}`);
  const list = await events(response);
  const end = list.at(-1);
  if (end?.type !== 'end') throw new Error(`run ${lesson}/${step} did not end: ${JSON.stringify(list)}`);
  return { events: list, end, result: list.find((e) => e.type === 'result')?.value as any, error: list.find((e) => e.type === 'error') as any };
}
