/**
 * Lesson "Clean up" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'clean-up',
  title: "Clean up",
  summary: "What this course created, what is left, and one button to remove it all.",
  steps: [],
});
