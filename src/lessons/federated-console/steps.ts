/**
 * Lesson "Sign in to the console as a federated user" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'federated-console',
  title: "Sign in to the console as a federated user",
  summary: "Turn role credentials into a console sign-in URL through the federation endpoint, and see why that URL is a bearer credential.",
  steps: [],
});
