/**
 * Which steps the lesson toolbar runs, and the sentences it says while doing so. Run all takes the
 * setup steps, then the usage steps, each in page order, and skips the ones already done in this
 * run-through (succeeded or denied as meant, and not stale: a status from before a restart or a
 * teardown is shown but built on by nothing). Run to here takes the not-yet-done setup and usage
 * steps above a step in the same order, then the step itself (run again even if done). Reset
 * takes the teardown steps in page order. Pure: it reads the steps and their statuses and never
 * fetches or touches the DOM (lesson-runner.ts does), so it is testable with node:test.
 */
import type { LessonsAnswer } from '../../api/contract.ts';
import type { StepStatus } from '../../lessons/events.ts';

export type Phase = 'setup' | 'usage' | 'teardown';

/** A step on the page, with the status the server reports for it. */
export interface PlanStep {
  id: string;
  title: string;
  phase: Phase;
  status: StepStatus;
  /** The status is from before a restart or the lesson's teardown (GET /api/lessons `stale`). */
  stale?: boolean;
}

export interface Plan {
  run: PlanStep[];
  /** Done in this run-through, so not run again. */
  skipped: PlanStep[];
}

/** How one run of a step ended, as <run-step>'s run() resolves: its status, or refused (nothing ran). */
export type Outcome = Exclude<StepStatus, 'idle' | 'running'> | 'refused';

/** An outcome the sequence goes on after: the step did what the lesson means it to do. */
export function asMeant(outcome: Outcome): boolean {
  return outcome === 'succeeded' || outcome === 'expected-failure';
}

export function isDone(step: PlanStep): boolean {
  return (step.status === 'succeeded' || step.status === 'expected-failure') && !step.stale;
}

/** Setup first, then usage, each in the order given (page order); teardown left out. */
function ordered(steps: PlanStep[]): PlanStep[] {
  return [...steps.filter((s) => s.phase === 'setup'), ...steps.filter((s) => s.phase === 'usage')];
}

function split(steps: PlanStep[]): Plan {
  return { run: steps.filter((s) => !isDone(s)), skipped: steps.filter(isDone) };
}

/** Run all: every setup and usage step not done yet. */
export function runAllPlan(steps: PlanStep[]): Plan {
  return split(ordered(steps));
}

/** Run to here: the not-yet-done setup and usage steps above `id`, then `id` itself. */
export function runToHerePlan(steps: PlanStep[], id: string): Plan {
  const at = steps.findIndex((s) => s.id === id);
  const target = steps[at];
  if (!target || target.phase === 'teardown') return { run: [], skipped: [] };
  const before = split(ordered(steps.slice(0, at)));
  return { run: [...before.run, target], skipped: before.skipped };
}

/** Reset: the teardown steps, in page order (they tolerate nothing to delete). */
export function teardownPlan(steps: PlanStep[]): PlanStep[] {
  return steps.filter((s) => s.phase === 'teardown');
}

// ── the sentences ───────────────────────────────────────────────────────────────────────────

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Running 4 of 9: Assume the role"; a reset's teardown says "Tearing down 1 of 2: …". */
export function runningText(index: number, total: number, title: string, reset = false): string {
  return `${reset ? 'Tearing down' : 'Running'} ${index + 1} of ${total}: ${title}`;
}

/** What a finished sequence says. */
export function doneText(ran: number, skipped: number): string {
  const skip = skipped > 0 ? ` ${plural(skipped, 'step')} already done in this run-through ${skipped === 1 ? 'was' : 'were'} skipped.` : '';
  if (ran === 0) return `Nothing to run: every step is already done in this run-through.`;
  return `Done: ${plural(ran, 'step')} ran as meant.${skip}`;
}

const why: Record<Exclude<Outcome, 'succeeded' | 'expected-failure'>, string> = {
  failed: 'it failed',
  cancelled: 'it was stopped',
  refused: 'it could not start',
};

/** Where and why a sequence stopped early; `byYou` when the learner pressed Stop. */
export function stoppedText(index: number, total: number, title: string, outcome: Outcome, byYou: boolean, reset = false): string {
  const where = `${reset ? 'Reset stopped' : 'Stopped'} at ${index + 1} of ${total}: "${title}"`;
  const after = reset ? ' The lesson was not reset.' : '';
  if (byYou) return `${where}.${after}`;
  const reason = asMeant(outcome) ? 'it ended' : why[outcome as keyof typeof why];
  return `${where} did not end as meant (${reason}); its output says why.${after}`;
}

/** Reads GET /api/lessons for one lesson: each step's status and staleness, by id. */
export function lessonStatuses(body: LessonsAnswer, lesson: string): Map<string, { status: StepStatus; stale: boolean }> {
  const steps = body.lessons.find((l) => l.slug === lesson)?.steps ?? [];
  return new Map(steps.map((step) => [step.id, { status: step.status, stale: step.stale !== undefined }]));
}
