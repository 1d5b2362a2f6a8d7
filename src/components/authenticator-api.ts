/**
 * The two requests the built-in authenticator makes to the notebook server: the device's codes
 * (`GET /api/lessons/<slug>/authenticator`, asked about once a second) and, only after the learner
 * confirmed the warning, the QR code (`POST …/authenticator/qr`, the device secret). It fetches
 * and hands the status and text to authenticator-answer.ts; it keeps nothing and shows nothing.
 */
import { apiFetch } from './api-fetch.ts';
import { authenticatorAnswer, qrImageFrom, type Answer } from './authenticator-answer.ts';

const base = (lesson: string) => `/api/lessons/${encodeURIComponent(lesson)}/authenticator`;

/** The lesson's device codes now; rejects only when the server cannot be reached. */
export async function fetchAuthenticator(lesson: string): Promise<Answer> {
  const res = await apiFetch(base(lesson), { headers: { accept: 'application/json' }, cache: 'no-store' });
  const text = await res.text().catch(() => '');
  return authenticatorAnswer(res.status, text);
}

/** The QR image of the lesson's device; rejects with a message to show. */
export async function fetchAuthenticatorQr(lesson: string): Promise<{ dataUrl: string; warning: string }> {
  const res = await apiFetch(`${base(lesson)}/qr`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
    cache: 'no-store',
  });
  return qrImageFrom(res.status, await res.text());
}
