/**
 * The facilitator's grid, built from what each learner's Workshop already tells its own page:
 * every learner × lesson × step status, the error code of a step that failed when it was meant
 * to succeed (read from that step's last run, already redacted), and per step how many learners
 * have run it and how many as meant. Pure: it reads summaries and last runs, changes nothing.
 */
import type { GridLearner, GridStep, LessonSummary, RoomAnswer } from '../../src/api/contract.ts';

export interface GridInput {
  id: string;
  name: string;
  accountId: string;
  joinedAt: number;
  busy?: string;
  lessons: LessonSummary[];
  lastRun(lesson: string, step: string): string[] | undefined;
}

export function roomGrid(lessons: LessonSummary[], learners: GridInput[]): Pick<RoomAnswer, 'lessons' | 'learners' | 'counts'> {
  const counts: RoomAnswer['counts'] = {};
  for (const lesson of lessons) counts[lesson.slug] = Object.fromEntries(lesson.steps.map((s) => [s.id, { ran: 0, succeeded: 0, failed: 0 }]));
  const rows: GridLearner[] = learners.map((learner) => {
    const row: GridLearner = { id: learner.id, name: learner.name, accountId: learner.accountId, joinedAt: new Date(learner.joinedAt).toISOString(), lessons: {} };
    if (learner.busy) row.busy = learner.busy;
    for (const lesson of learner.lessons) {
      const steps: Record<string, GridStep> = {};
      for (const step of lesson.steps) {
        const cell: GridStep = { status: step.status };
        const count = counts[lesson.slug]?.[step.id];
        if (step.status !== 'idle' && step.status !== 'running' && count) {
          count.ran++;
          if (step.status === 'succeeded' || step.status === 'expected-failure') count.succeeded++;
          if (step.status === 'failed') count.failed++;
        }
        if (step.status === 'failed') {
          const code = errorCode(learner.lastRun(lesson.slug, step.id));
          if (code) cell.error = code;
        }
        steps[step.id] = cell;
      }
      row.lessons[lesson.slug] = { completed: lesson.completed, steps };
    }
    return row;
  });
  return {
    lessons: lessons.map((l) => ({ slug: l.slug, title: l.title, steps: l.steps.map((s) => ({ id: s.id, title: s.title, phase: s.phase })) })),
    learners: rows,
    counts,
  };
}

/** The name of the last unexpected error event in a run's NDJSON lines. */
function errorCode(lines: string[] | undefined): string | undefined {
  for (const line of [...(lines ?? [])].reverse()) {
    if (!line.includes('"type":"error"')) continue;
    try {
      const event = JSON.parse(line) as { type?: string; name?: unknown; expected?: unknown };
      if (event.type === 'error' && typeof event.name === 'string') return event.name;
    } catch {
      // a line cut by the size cap: look further back
    }
  }
  return undefined;
}
