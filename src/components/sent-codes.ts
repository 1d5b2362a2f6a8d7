/**
 * The MFA codes the steps on this page have sent, per lesson: AWS accepts each code only once,
 * so the authenticator warns before a code is filled in or shown a second time. Page memory only
 * (a reload forgets it); step-mfa-buttons.ts records the codes when a step's Run submits its form.
 */
const byLesson = new Map<string, Set<string>>();

/** The (live, shared) set of codes sent by the lesson's steps on this page. */
export function sentCodes(lesson: string): Set<string> {
  let set = byLesson.get(lesson);
  if (!set) byLesson.set(lesson, (set = new Set()));
  return set;
}
