/**
 * The target banner's text, from `GET /api/session` (a SessionAnswer). Anything that is not
 * the sandbox reads as real AWS; in a workshop room the learner's name (or "Facilitator")
 * leads. Pure: target-banner.ts does the fetching and the DOM.
 */
import type { SessionAnswer } from '../../api/contract.ts';

export type BannerState = 'loading' | 'sandbox' | 'aws' | 'unauthorized' | 'unreachable' | 'error';

export interface BannerView {
  state: BannerState;
  /** The main line, e.g. "Offline sandbox · account 123456789012 · us-east-1". */
  text: string;
  /** A second, quieter line (the caller ARN, or what to do). */
  detail: string;
}

/** The banner for a 200 answer. Anything that is not a sandbox is treated as real AWS. */
export function describeSession(session: Pick<SessionAnswer, 'target' | 'accountId' | 'region' | 'arn' | 'room'>): BannerView {
  const sandbox = session.target === 'sandbox';
  const parts = [sandbox ? 'Offline sandbox' : 'REAL AWS'];
  // In a workshop room: whose notebook this is (a learner's name, or the facilitator).
  if (session.room?.role === 'learner' && session.room.name) parts.unshift(session.room.name);
  else if (session.room?.role === 'facilitator') parts.unshift('Facilitator');
  if (session.accountId) parts.push(`account ${session.accountId}`);
  if (session.region) parts.push(session.region);
  return {
    state: sandbox ? 'sandbox' : 'aws',
    text: parts.join(' · '),
    detail: session.arn,
  };
}

/** The banner for a failed `GET /api/session`: a status code, or 0 when the server is unreachable. */
export function describeFailure(status: number): BannerView {
  if (status === 401) {
    return {
      state: 'unauthorized',
      text: 'Not connected: open this page with the URL the terminal printed.',
      detail: 'The notebook prints a link with a new token each time it starts: this tab was opened without it, or before the notebook last restarted.',
    };
  }
  if (status === 0) {
    return {
      state: 'unreachable',
      text: 'The notebook server is not reachable.',
      detail: 'Is it still running? Start it again with npm start and open the URL it prints.',
    };
  }
  return {
    state: 'error',
    text: `The notebook server answered HTTP ${status}.`,
    detail: 'Steps may not run; check the terminal for errors.',
  };
}
