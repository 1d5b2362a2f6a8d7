/**
 * Lesson "Get a session token that requires MFA" (being written).
 */
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'session-token-mfa',
  title: "Get a session token that requires MFA",
  summary: "GetSessionToken with and without MFA, against a policy that allows listing buckets only with MFA.",
  steps: [],
});
