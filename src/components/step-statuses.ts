/**
 * The step statuses the notebook server remembers (`GET /api/lessons`), for the Run buttons: one
 * request per page load shared by every `<run-step>` (initialStepStatuses), and a fresh one when
 * a step polls for the end of a run it cannot see (fetchStepStatuses). The same answer, whole,
 * for the progress marks (initialLessons, fetchLessons). Parsing is render-event.ts's
 * statusesFrom; nothing here touches the DOM.
 */
import { apiFetch } from './api-fetch.ts';
import type { StepStatus } from '../lessons/events.ts';
import { statusesFrom } from './render-event.ts';

let initial: Promise<unknown> | undefined;

/** The answer of `GET /api/lessons`, asked now. */
export async function fetchLessons(): Promise<unknown> {
  const res = await apiFetch('/api/lessons', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/lessons answered ${res.status}`);
  return res.json();
}

/** The answer at page load: the first caller asks, later callers share it. */
export function initialLessons(): Promise<unknown> {
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
