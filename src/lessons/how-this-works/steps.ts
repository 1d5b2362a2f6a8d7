/**
 * Lesson "How this notebook works" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'how-this-works',
  title: "How this notebook works",
  summary: "Targets, safety, cost and clean-up: how the notebook runs your steps, and how to use the AWS CLI against the sandbox.",
  steps: [],
});
