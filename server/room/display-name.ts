/**
 * A learner's display name as the room keeps it: trimmed, inner whitespace collapsed, 1–40
 * characters, no control characters; a name already taken in the room (ignoring case) gets a
 * suffix, " (2)", " (3)", … rather than a clash. Throws WorkshopError 400 BadName otherwise.
 * `learnerTag` is how a name appears in the facilitator's log: quoted, so that a name made to
 * look like a log line (`x] end who-am-i: succeeded [y`) cannot pass for one.
 */
import { WorkshopError } from '../runner/workshop-error.ts';

export const MAX_NAME = 40;

export function displayName(raw: unknown, taken: Iterable<string>): string {
  if (typeof raw !== 'string') throw new WorkshopError(400, 'BadName', 'Type a display name.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(raw.replace(/[\t ]/g, ' '))) throw new WorkshopError(400, 'BadName', 'A display name cannot hold control characters or line breaks.');
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length === 0) throw new WorkshopError(400, 'BadName', 'Type a display name: the facilitator sees it beside your progress.');
  if ([...name].length > MAX_NAME) throw new WorkshopError(400, 'BadName', `A display name is at most ${MAX_NAME} characters.`);
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!lower.has(`${name} (${n})`.toLowerCase())) return `${name} (${n})`;
}

/** The prefix of a learner's log lines: `[learner "Ada"] `, the name JSON-quoted. */
export function learnerTag(name: string): string {
  return `[learner ${JSON.stringify(name)}] `;
}
