/**
 * The reveal API as the offer control uses it: `revealPath` is where "Reveal once" POSTs
 * (`/api/lessons/<lesson>/offers/<name>/reveal`; the server hands the value out once and refuses
 * a second or expired reveal with 409), `readRevealAnswer` reads the answer (the value and its
 * expiry) or throws with the sentence to show, and `linkable` says whether a revealed value may
 * become a link (http and https URLs only). Pure: it never fetches or touches the DOM
 * (offer-control.ts does), so it is tested with node:test.
 */
import { apiErrorMessage } from './render-event.ts';

export interface RevealAnswer {
  value: string;
  label?: string;
  expiresAt?: string;
  expiresInSeconds?: number;
}

/** Reads the reveal API's answer, or throws with the message to show. */
export async function readRevealAnswer(res: Response): Promise<RevealAnswer> {
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(apiErrorMessage(res.status, text));
  const body = JSON.parse(text) as Partial<RevealAnswer>;
  if (typeof body.value !== 'string') throw new Error('The notebook server sent no value.');
  return {
    value: body.value,
    label: body.label,
    expiresAt: typeof body.expiresAt === 'string' ? body.expiresAt : undefined,
    expiresInSeconds: typeof body.expiresInSeconds === 'number' ? body.expiresInSeconds : undefined,
  };
}

export function revealPath(lesson: string, name: string): string {
  return `/api/lessons/${encodeURIComponent(lesson)}/offers/${encodeURIComponent(name)}/reveal`;
}

/** Only http(s) URLs become a link; anything else is shown as text only. */
export function linkable(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
