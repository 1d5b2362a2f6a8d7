/**
 * Which lessons the notebook server marks completed, read from `GET /api/lessons`'s answer
 * (`{ lessons: [{ slug, completed }] }`; malformed entries are skipped), and the document event
 * that carries a fresh answer to every progress mark on the page after a step ends
 * (next-lesson.ts dispatches it). Pure: no fetching, no DOM.
 */

/** Dispatched on `document` with a fresh `GET /api/lessons` answer as `detail`. */
export const PROGRESS_EVENT = 'workshop-progress';

export function completedLessons(body: unknown): Set<string> {
  const done = new Set<string>();
  const lessons = (body as { lessons?: unknown } | null)?.lessons;
  if (!Array.isArray(lessons)) return done;
  for (const lesson of lessons) {
    const { slug, completed } = (lesson ?? {}) as { slug?: unknown; completed?: unknown };
    if (typeof slug === 'string' && completed === true) done.add(slug);
  }
  return done;
}
