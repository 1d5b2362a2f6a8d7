/**
 * The target banner's text, from `GET /api/session` → `{ target, accountId, region, arn }`.
 * Pure: target-banner.ts does the fetching and the DOM.
 */
export interface Session {
  target: 'sandbox' | 'aws';
  accountId: string;
  region: string;
  arn: string;
}

export type BannerState = 'loading' | 'sandbox' | 'aws' | 'unauthorized' | 'unreachable' | 'error';

export interface BannerView {
  state: BannerState;
  /** The main line, e.g. "Offline sandbox · account 123456789012 · us-east-1". */
  text: string;
  /** A second, quieter line (the caller ARN, or what to do). */
  detail: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The banner for a 200 answer. Anything that is not a sandbox is treated as real AWS. */
export function describeSession(body: unknown): BannerView {
  const s = (body ?? {}) as Partial<Record<keyof Session, unknown>>;
  const sandbox = s.target === 'sandbox';
  const parts = [sandbox ? 'Offline sandbox' : 'REAL AWS'];
  const account = str(s.accountId);
  const region = str(s.region);
  if (account) parts.push(`account ${account}`);
  if (region) parts.push(region);
  return {
    state: sandbox ? 'sandbox' : 'aws',
    text: parts.join(' · '),
    detail: str(s.arn),
  };
}

/** The banner for a failed `GET /api/session`: a status code, or 0 when the server is unreachable. */
export function describeFailure(status: number): BannerView {
  if (status === 401) {
    return {
      state: 'unauthorized',
      text: 'Not connected: open this page with the URL the terminal printed.',
      detail: 'The notebook prints a one-time link (with a token) when it starts; this tab was opened without it.',
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
