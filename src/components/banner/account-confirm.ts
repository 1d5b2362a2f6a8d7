/**
 * The one confirmation a real AWS account asks for before its first change (the server refuses
 * a changing step with 409 `ConfirmAccount`, naming the account, the principal and what the
 * lesson creates): `isConfirmAccount` recognises that answer, and `confirmAccount` tells the
 * server yes for this launch, with the account id the session reports. It draws nothing; the
 * step's notice carries the button (run-step.ts).
 */
import { apiGet, apiPost } from '../../api/api-client.ts';

export function isConfirmAccount(status: number, bodyText: string): boolean {
  if (status !== 409) return false;
  try {
    return (JSON.parse(bodyText) as { error?: { code?: unknown } }).error?.code === 'ConfirmAccount';
  } catch {
    return false;
  }
}

/** Confirms changes in the session's account; throws with the server's message when refused. */
export async function confirmAccount(): Promise<void> {
  const session = await apiGet('/api/session');
  await apiPost('/api/account/confirm', { accountId: session.accountId });
}
