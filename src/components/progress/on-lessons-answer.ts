/**
 * Calls `show` with the newest `GET /api/lessons` answer a progress mark can have: each fresh
 * one a step's end dispatches (PROGRESS_EVENT), and the page-load answer unless a fresh one came
 * first (it would be older). Shared by the completion marks and the next-lesson prompt; it draws
 * nothing itself.
 */
import type { LessonsAnswer } from '../../api/contract.ts';
import { initialLessons } from '../step/step-statuses.ts';
import { PROGRESS_EVENT } from './completed-lessons.ts';

export function onLessonsAnswer(show: (body: LessonsAnswer) => void): void {
  let fresh = false;
  document.addEventListener(PROGRESS_EVENT, (event) => {
    fresh = true;
    show((event as CustomEvent<LessonsAnswer>).detail);
  });
  initialLessons().then(
    (body) => fresh || show(body),
    () => {},
  );
}
