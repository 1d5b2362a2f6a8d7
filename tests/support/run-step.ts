/**
 * Test support: one step run through the notebook's HTTP API (POST …/steps/<id>/run), its NDJSON
 * stream read as it arrives, so that whatever came before a break survives it (a notebook child
 * process killed mid-step). Works with any notebook that has `request`: in process
 * (tests/support/notebook.ts) or a child process over fetch (tests/support/notebook-child.ts).
 * It sends the inputs it is given and judges nothing: tests/support/drive-lesson.ts fills the
 * inputs, runs a lesson's steps in order and decides whether they ended as meant.
 */
import type { StepEvent } from '../../src/lessons/events.ts';

/** The notebook's API with its launch token: `nb.request` in process, fetch for a child process. */
export type ApiRequest = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface CallSeen {
  operation: string;
  service: string;
  ok: boolean;
  error?: string;
}

export interface StepRun {
  lesson: string;
  step: string;
  /** The HTTP status of the run request; undefined if the request itself failed. */
  http?: number;
  /**
   * The `end` event's status (`succeeded`, `expected-failure`, `failed`, `cancelled`);
   * `refused:<error code>` when the run did not start (HTTP ≠ 200); `broken` when the stream
   * (or the request) broke off before its `end` event: the process died, most likely.
   */
  status: string;
  /** The events that arrived (all of them, or those before the connection broke). */
  events: StepEvent[];
  /** The `call` events, in a few words. */
  calls: CallSeen[];
  /** The body of a non-200 answer, or the network error. */
  detail?: string;
}

/** POST …/run with `inputs`, reading the stream as it comes so that what arrived survives a crash. */
export async function runStep(nb: { request: ApiRequest }, lesson: string, step: string, inputs: Record<string, string> = {}): Promise<StepRun> {
  const out: StepRun = { lesson, step, status: 'broken', events: [], calls: [] };
  let res: Response;
  try {
    res = await nb.request(`/api/lessons/${lesson}/steps/${step}/run`, { method: 'POST', body: JSON.stringify(inputs), headers: { 'content-type': 'application/json' } });
  } catch (error) {
    return { ...out, detail: String((error as Error).cause ?? error) };
  }
  out.http = res.status;
  if (res.status !== 200) {
    const detail = await res.text().catch((e) => String(e));
    let code: string | undefined;
    try {
      code = JSON.parse(detail).error?.code;
    } catch {
      // not JSON
    }
    return { ...out, status: `refused:${code ?? res.status}`, detail };
  }
  let text = '';
  let broken = false;
  try {
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  } catch (error) {
    broken = true;
    out.detail = String((error as Error).cause ?? error);
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.events.push(JSON.parse(line) as StepEvent);
    } catch {
      broken = true; // a torn last line
    }
  }
  for (const e of out.events) {
    if (e.type === 'call') out.calls.push({ operation: e.operation, service: e.service, ok: !e.error, error: e.error?.name });
  }
  const end = out.events.at(-1);
  if (!broken && end?.type === 'end') out.status = end.status;
  return out;
}
