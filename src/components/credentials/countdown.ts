/**
 * Words and numbers for the credentials panel: the seconds a credential has left now (from the
 * server's answer and how long ago it came), a countdown such as "14:05", how long ago one
 * expired ("2 min ago"), and the note on a step that needs an expired credential. Pure, so the
 * panel (credentials-panel.ts) and its tests agree.
 */
import type { CredentialView } from '../../lessons/credentials.ts';

/** Seconds left now: the answer's `secondsLeft`, less the whole seconds since it arrived (ms). */
export function secondsLeftNow(view: Pick<CredentialView, 'secondsLeft'>, receivedAt: number, now: number): number | undefined {
  if (view.secondsLeft === undefined) return undefined;
  return view.secondsLeft - Math.floor(Math.max(0, now - receivedAt) / 1000);
}

/** 14:05, or 1:02:03 past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** How long ago an expiry was, from the (negative or zero) seconds left. */
export function ago(secondsLeft: number): string {
  const s = Math.max(0, -secondsLeft);
  if (s < 60) return 'just now';
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h ago` : `${h} h ${min % 60} min ago`;
}

/** "the role session", "the user's access key": a label inside a sentence. */
export function inSentence(label: string): string {
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  return /^the /.test(lower) ? lower : `the ${lower}`;
}

/** The parts of a step's note, the step to run again as a link: "Needs the role session, which expired 2 min ago: run “Assume the role” again." */
export function expiredNote(view: Pick<CredentialView, 'label' | 'heldBy'>, secondsLeft: number): { before: string; step?: { id: string; title: string }; after: string } {
  const before = `Needs ${inSentence(view.label)}, which expired ${ago(secondsLeft)}`;
  if (!view.heldBy) return { before: `${before}.`, after: '' };
  return { before: `${before}: run `, step: view.heldBy, after: ' again.' };
}
