/**
 * Lesson "Assume a role" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'assume-role',
  title: "Assume a role",
  summary: "A user with no permissions borrows a role's permissions through STS AssumeRole, and watches the temporary credentials expire.",
  steps: [],
});
