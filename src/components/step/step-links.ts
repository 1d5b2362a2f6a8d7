/**
 * Links to the steps a server message names. When the notebook refuses to start a step it says
 * which other step is in the way, by title, in quotes: `Run "Create a role that trusts the
 * notebook" first: …` (OutOfOrder) or `"Assume the role" is still running in this lesson; …`
 * (AlreadyRunning). linkStepTitles splits such a message into text and links for the steps of
 * the lesson on this page (stepsOnPage reads their ids and titles from the page's markup), so
 * the notice under Run can point to the step to run first. The splitting is pure and tested.
 */

export interface StepRef {
  id: string;
  title: string;
}

/** A piece of a message: plain text, or a step's title to link to `#step-<id>`. */
export type MessagePart = { text: string } | { text: string; step: string };

/**
 * Splits `message` at each quoted title of one of `steps` (other than `self`), keeping the quotes
 * in the text around the link, so the text reads exactly as the server wrote it.
 */
export function linkStepTitles(message: string, steps: readonly StepRef[], self?: string): MessagePart[] {
  const byTitle = new Map(steps.filter((s) => s.id !== self && s.title).map((s) => [s.title, s.id]));
  const parts: MessagePart[] = [];
  let rest = 0;
  for (const match of message.matchAll(/"([^"]+)"/g)) {
    const id = byTitle.get(match[1]!);
    if (id === undefined) continue;
    const start = match.index + 1; // after the opening quote
    if (start > rest) parts.push({ text: message.slice(rest, start) });
    parts.push({ text: match[1]!, step: id });
    rest = start + match[1]!.length;
  }
  if (rest < message.length) parts.push({ text: message.slice(rest) });
  return parts;
}

/** The ids and titles of a lesson's steps on this page (Step.astro's markup). */
export function stepsOnPage(lesson: string, root: ParentNode = document): StepRef[] {
  const steps: StepRef[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('run-step[data-lesson][data-step]')) {
    if (el.dataset.lesson !== lesson) continue;
    const title = el.querySelector('.step-title')?.textContent?.trim() ?? '';
    steps.push({ id: el.dataset.step ?? '', title });
  }
  return steps;
}
