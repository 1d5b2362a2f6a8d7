/**
 * The one confirmation a real AWS account asks for before its first change (the server refuses
 * a changing step with 409 `ConfirmAccount`, naming the account, the principal and what the
 * lesson creates): `isConfirmAccount` recognises that answer, and `confirmAccount` tells the
 * server yes for this launch, with the account id the session reports. It draws nothing; the
 * step's notice carries the button (run-step.ts).
 */
import { apiFetch } from './api-fetch.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

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
  const session = (await (await apiFetch('/api/session')).json()) as { accountId?: string };
  const res = await apiFetch('/api/account/confirm', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ accountId: session.accountId }) });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  }
}
