/**
 * The step statuses the notebook server remembers (`GET /api/lessons`), for the Run buttons: one
 * request per page load shared by every `<run-step>` (initialStepStatuses), and a fresh one when
 * a step polls for the end of a run it cannot see (fetchStepStatuses). The same answer, whole,
 * for the progress marks (initialLessons, fetchLessons). Reading it is render-event.ts's
 * statusesFrom; nothing here touches the DOM.
 */
import { apiGet } from '../../api/api-client.ts';
import type { LessonsAnswer } from '../../api/contract.ts';
import type { StepStatus } from '../../lessons/events.ts';
import { statusesFrom } from './render-event.ts';

let initial: Promise<LessonsAnswer> | undefined;

/** The answer of `GET /api/lessons`, asked now. */
export function fetchLessons(): Promise<LessonsAnswer> {
  return apiGet('/api/lessons');
}

/** The answer at page load: the first caller asks, later callers share it. */
export function initialLessons(): Promise<LessonsAnswer> {
  initial ??= fetchLessons();
  return initial;
}

/** Statuses keyed `<lesson>/<step>`, asked now. */
export async function fetchStepStatuses(): Promise<Map<string, StepStatus>> {
  return statusesFrom(await fetchLessons());
}

/** The statuses at page load, from the shared answer. */
export function initialStepStatuses(): Promise<Map<string, StepStatus>> {
  return initialLessons().then(statusesFrom);
}
