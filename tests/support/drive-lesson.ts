/**
 * Test support: a whole lesson run through the notebook's HTTP API the way a learner clicks
 * through it, for any lesson, reading what to do from `GET /api/lessons` (steps in order, their
 * inputs). One driver for every test that runs lessons: it takes any notebook with `request`,
 * in process (`testNotebook()`) or a child process (`startNotebook()`, whose `exited` lets a
 * stream that breaks off count as the process dying, with the part that arrived kept).
 *
 * Inputs: MFA codes come from the built-in authenticator (one input gets `code`, two get `code`
 * and `nextCode`); before every MFA use after the lesson's first, the sandbox clock moves 30 s
 * forward for each code the previous use sent (a code works once per 30-second window), so the
 * codes are fresh. Lessons run in parallel through one notebook pass a `clockLock`, held around
 * each MFA step (clock, codes, run). An `issuer` gets the page's address; other required inputs
 * their placeholder when it fits their pattern; optional ones are left out. It judges steps only
 * as ended as meant or not, and stops at the first that did not (unless `keepGoing`); what a
 * test expects beyond that is the test's to check.
 */
import type { Lesson, Phase, Step } from '../../src/lessons/lesson.ts';
import type { AuthenticatorView } from '../../server/runner/authenticator.ts';
import type { Mutex } from './mutex.ts';
import { exitWithin, type Exit } from './notebook-child.ts';
import { ORIGIN } from './notebook.ts';
import { runStep, type ApiRequest, type StepRun } from './run-step.ts';

/** A step as GET /api/lessons describes it: the lesson model's fields, their defaults filled in. */
export type StepInfo = Required<Pick<Step, 'id' | 'title' | 'phase' | 'expect' | 'inputs' | 'requires'>>;

export interface LessonInfo extends Pick<Lesson, 'slug' | 'title'> {
  steps: StepInfo[];
}

/** A notebook to drive: in process (tests/support/notebook.ts) or a child process (tests/support/notebook-child.ts). */
export interface Drivable {
  request: ApiRequest;
  /** The page's origin (a child process's); the in-process notebook's ORIGIN without it. */
  base?: string;
  /** A child process's exit: a stream that breaks off is then told apart as the process dying. */
  exited?: Promise<Exit>;
  /** Wait on the wall clock for unused MFA codes instead of moving the sandbox clock (a room's learners may not move it). */
  waitForCodes?: boolean;
}

export interface DriveOptions {
  /** The phases whose steps run, in the lesson's order; all of them by default. */
  phases?: readonly Phase[];
  /** Stop after this step. */
  until?: string;
  /** Go on past a step that did not end as meant (a teardown after a failure); by default the drive stops there. */
  keepGoing?: boolean;
  /** Held around each MFA step (clock, codes, run) when lessons run in parallel through one notebook. */
  clockLock?: Mutex;
}

/** A step's run within a drive, with the step's phase. */
export type DrivenStep = StepRun & { phase: Phase };

export interface Drive {
  lesson: string;
  runs: DrivenStep[];
  /** Every step ran and ended as meant (succeeded, or the expected failure). */
  completed: boolean;
  /** A step's stream broke off and the process died. */
  died: boolean;
  /** The first step that did not end as meant, or why the drive stopped early, if it did and did not die. */
  problem?: string;
}

/** GET /api/lessons. */
export async function listLessons(nb: Drivable): Promise<LessonInfo[]> {
  const res = await nb.request('/api/lessons');
  if (res.status !== 200) throw new Error(`GET /api/lessons: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { lessons: LessonInfo[] }).lessons;
}

const asMeant = (run: StepRun) => run.status === 'succeeded' || run.status === 'expected-failure';

/** Runs a lesson's steps of the given phases in order, as a learner would (see the module's comment). */
export async function driveLesson(nb: Drivable, which: LessonInfo | string, options: DriveOptions = {}): Promise<Drive> {
  const lesson = typeof which === 'string' ? (await listLessons(nb)).find((l) => l.slug === which) : which;
  if (!lesson) throw new Error(`no lesson ${which}`);
  const drive: Drive = { lesson: lesson.slug, runs: [], completed: false, died: false };
  const diedWithin = async (ms: number) => nb.exited !== undefined && (await exitWithin({ exited: nb.exited }, ms)) !== undefined;
  /** Codes the lesson's previous MFA step sent: each one's 30-second window is spent. */
  let spentWindows = 0;
  for (const step of lesson.steps) {
    if (options.phases && !options.phases.includes(step.phase)) continue;
    const mfa = step.inputs.filter((i) => i.kind === 'mfa-code');
    const once = async () => {
      const inputs = fixedInputs(nb, lesson.slug, step);
      if (mfa.length > 0) {
        if (mfa.length > 2) throw new Error(`${lesson.slug}/${step.id} asks for ${mfa.length} MFA codes; the driver knows one or two`);
        const codes = await mfaCodes(nb, lesson.slug, 30 * spentWindows);
        spentWindows = mfa.length;
        inputs[mfa[0].name] = codes.code;
        if (mfa[1]) inputs[mfa[1].name] = codes.nextCode;
      }
      return runStep(nb, lesson.slug, step.id, inputs);
    };
    let run: StepRun;
    try {
      run = mfa.length > 0 && options.clockLock ? await options.clockLock.run(once) : await once();
    } catch (error) {
      // The authenticator or the clock could not be reached: the process died, or the API refused.
      if (await diedWithin(1000)) {
        drive.died = true;
        drive.runs.push({ lesson: lesson.slug, step: step.id, phase: step.phase, status: 'broken', events: [], calls: [], detail: String(error) });
      } else drive.problem = `${step.id}: ${(error as Error).message}`;
      return drive;
    }
    drive.runs.push({ ...run, phase: step.phase });
    if (run.status === 'broken') {
      drive.died = await diedWithin(3000);
      if (!drive.died) drive.problem = `${step.id}: the stream broke off${nb.exited ? ' and the process is still running' : ''} (${run.detail})`;
      return drive;
    }
    if (!asMeant(run)) {
      const error = run.events.find((e) => e.type === 'error');
      drive.problem ??= `${step.id}: ${run.status}${run.http !== 200 ? ` (HTTP ${run.http} ${run.detail})` : error ? ` (${error.name}: ${error.message})` : ''}`;
      if (!options.keepGoing) return drive;
    }
    if (step.id === options.until) return drive;
  }
  drive.completed = drive.problem === undefined;
  return drive;
}

/** What a learner types other than MFA codes: the page's address as `issuer`, fitting placeholders where required. */
function fixedInputs(nb: Drivable, slug: string, step: StepInfo): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const spec of step.inputs) {
    if (spec.kind === 'mfa-code') continue;
    if (spec.name === 'issuer') inputs.issuer = `${nb.base ?? ORIGIN}/lessons/${slug}/`;
    else if (spec.required === false) continue;
    else if (spec.placeholder !== undefined && (!spec.pattern || new RegExp(`^(?:${spec.pattern})$`).test(spec.placeholder))) inputs[spec.name] = spec.placeholder;
    else throw new Error(`the driver cannot fill the required input "${spec.name}" of ${slug}/${step.id}`);
  }
  return inputs;
}

/** The authenticator's codes for a lesson's device, the sandbox clock moved `advance` seconds forward first. */
async function mfaCodes(nb: Drivable, slug: string, advance: number): Promise<AuthenticatorView> {
  const forward = async (seconds: number) => {
    const res = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds }), headers: { 'content-type': 'application/json' } });
    if (res.status !== 200) throw new Error(`POST /api/sandbox/clock: HTTP ${res.status} ${await res.text()}`);
  };
  const read = async () => {
    const res = await nb.request(`/api/lessons/${slug}/authenticator`);
    if (res.status !== 200) throw new Error(`GET /api/lessons/${slug}/authenticator: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as AuthenticatorView;
  };
  if (nb.waitForCodes) {
    // As on a real account: sit out the spent windows (the rest of this one, then whole ones).
    let codes = await read();
    const wait = advance > 0 ? codes.secondsLeft + advance - 30 : codes.secondsLeft < 5 ? codes.secondsLeft : 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 300));
    if (wait > 0) codes = await read();
    if (codes.secondsLeft < 5) {
      await new Promise((resolve) => setTimeout(resolve, codes.secondsLeft * 1000 + 300));
      codes = await read();
    }
    return codes;
  }
  if (advance > 0) await forward(advance);
  let codes = await read();
  // Near the end of a window, move on to the next one so the wall clock cannot roll it over mid-step.
  if (advance > 0 && codes.secondsLeft < 5) {
    await forward(codes.secondsLeft);
    codes = await read();
  }
  return codes;
}

/** What a drive did, in one line per step, for assertion messages. */
export function describeDrive(drive: Drive): string {
  const steps = drive.runs.map((r) => `${r.step}: ${r.status === 'broken' ? 'broke off' : r.status} [${r.calls.map((c) => (c.ok ? c.operation : `${c.operation}!${c.error}`)).join(' ')}]`);
  return `${drive.lesson}: ${steps.join('; ')}${drive.problem ? ` -- problem: ${drive.problem}` : ''}${drive.died ? ' -- died' : ''}`;
}
