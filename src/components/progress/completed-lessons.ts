/**
 * Which lessons the notebook server marks completed, read from `GET /api/lessons`'s answer,
 * and the document event that carries a fresh answer to every progress mark on the page after
 * a step ends (next-lesson.ts dispatches it). Pure: no fetching, no DOM.
 */
import type { LessonsAnswer } from '../../api/contract.ts';

/** Dispatched on `document` with a fresh `GET /api/lessons` answer (a LessonsAnswer) as `detail`. */
export const PROGRESS_EVENT = 'workshop-progress';

export function completedLessons(body: LessonsAnswer): Set<string> {
  return new Set(body.lessons.filter((lesson) => lesson.completed).map((lesson) => lesson.slug));
}
