/**
 * Test support: runs a whole lesson through the notebook's HTTP API the way a learner clicks
 * through it, for any lesson, reading what to do from `GET /api/lessons` (steps in order,
 * their inputs). MFA inputs come from the built-in authenticator (`code`, or `code1`/`code2`
 * as the current and next code), and the sandbox clock moves 30 s past each code sent, so the
 * next one is fresh; an `issuer` input gets a page address. Works in process (`nb.request`) and
 * against a notebook child process (fetch with a bearer token) alike.
 */
export type ApiRequest = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface StepOutcome {
  step: string;
  phase: string;
  status: string;
  /** The streamed events (NDJSON lines, parsed). */
  events: { type: string; [key: string]: unknown }[];
}

interface InputSpec {
  name: string;
  kind: string;
}
interface StepSpec {
  id: string;
  phase: 'setup' | 'usage' | 'teardown';
  inputs: InputSpec[];
}

export async function lessonSlugs(request: ApiRequest): Promise<string[]> {
  const body = (await (await request('/api/lessons')).json()) as { lessons: { slug: string }[] };
  return body.lessons.map((l) => l.slug);
}

async function stepsOf(request: ApiRequest, slug: string): Promise<StepSpec[]> {
  const body = (await (await request('/api/lessons')).json()) as { lessons: { slug: string; steps: StepSpec[] }[] };
  const lesson = body.lessons.find((l) => l.slug === slug);
  if (!lesson) throw new Error(`no lesson ${slug}`);
  return lesson.steps;
}

const post = (request: ApiRequest, path: string, body: unknown) =>
  request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** The inputs a learner would type for this step. */
async function inputsFor(request: ApiRequest, slug: string, step: StepSpec): Promise<Record<string, string>> {
  const inputs: Record<string, string> = {};
  const mfa = step.inputs.filter((i) => i.kind === 'mfa-code');
  if (mfa.length > 0) {
    const res = await request(`/api/lessons/${slug}/authenticator`);
    if (res.ok) {
      const codes = (await res.json()) as { code: string; nextCode: string };
      mfa.forEach((input, i) => (inputs[input.name] = i === 0 ? codes.code : codes.nextCode));
    } else {
      for (const input of mfa) inputs[input.name] = '000000';
    }
  }
  for (const input of step.inputs) if (input.name === 'issuer') inputs.issuer = `http://127.0.0.1:4321/lessons/${slug}/`;
  return inputs;
}

/** Runs one step to its end; `status` is the end event's (or `refused:<code>` when it did not start). */
export async function driveStep(request: ApiRequest, slug: string, step: StepSpec): Promise<StepOutcome> {
  const inputs = await inputsFor(request, slug, step);
  const res = await post(request, `/api/lessons/${slug}/steps/${step.id}/run`, inputs);
  if (res.status !== 200) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    return { step: step.id, phase: step.phase, status: `refused:${body.error?.code ?? res.status}`, events: [] };
  }
  const events = (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StepOutcome['events'][number]);
  const end = events.at(-1);
  // A used code works once per 30-second window: move past every window whose code was sent.
  const codes = step.inputs.filter((i) => i.kind === 'mfa-code').length;
  if (codes > 0) await post(request, '/api/sandbox/clock', { seconds: 30 * codes });
  return { step: step.id, phase: step.phase, status: end?.type === 'end' ? String(end.status) : 'no-end', events };
}

/** Every step of a lesson in order (setup, usage, teardown); stops at the first unexpected outcome unless `all`. */
export async function driveLesson(request: ApiRequest, slug: string, options: { phases?: string[]; all?: boolean } = {}): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of await stepsOf(request, slug)) {
    if (options.phases && !options.phases.includes(step.phase)) continue;
    const outcome = await driveStep(request, slug, step);
    outcomes.push(outcome);
    if (!options.all && !['succeeded', 'expected-failure'].includes(outcome.status)) break;
  }
  return outcomes;
}

/** True when every step ended as meant (succeeded, or denied as expected). */
export const allAsMeant = (outcomes: StepOutcome[]) => outcomes.every((o) => o.status === 'succeeded' || o.status === 'expected-failure');

/** "assume-role/create-user: failed (AccessDenied: …)" for each step that did not end as meant. */
export function describeFailures(slug: string, outcomes: StepOutcome[]): string {
  return outcomes
    .filter((o) => o.status !== 'succeeded' && o.status !== 'expected-failure')
    .map((o) => {
      const error = o.events.find((e) => e.type === 'error') as { name?: string; message?: string } | undefined;
      return `${slug}/${o.step}: ${o.status}${error ? ` (${error.name}: ${error.message})` : ''}`;
    })
    .join('\n');
}
