/**
 * Lesson "Assume a role that requires MFA" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'assume-role-mfa',
  title: "Assume a role that requires MFA",
  summary: "A role whose trust policy admits the user only with a one-time code from a virtual MFA device.",
  steps: [],
});
