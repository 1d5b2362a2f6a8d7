/**
 * The lesson registry, in course order: one import line per lesson. The runner and the site
 * both read it; nothing else registers lessons.
 */
import type { Lesson } from './lesson.ts';
import whoAmI from './who-am-i/steps.ts';

export const lessons: Lesson[] = [whoAmI];

export function findLesson(slug: string): Lesson | undefined {
  return lessons.find((lesson) => lesson.slug === slug);
}
