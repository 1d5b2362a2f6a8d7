/**
 * The two requests the built-in authenticator makes to the notebook server: the device's codes
 * (`GET /api/lessons/<slug>/authenticator`, asked about once a second; 204 before a device
 * exists) and, only after the learner confirmed the warning, the QR code (`POST
 * …/authenticator/qr`, the device secret). It fetches through the typed API client and hands the
 * answers to authenticator-answer.ts; it keeps nothing and shows nothing.
 */
import { ApiError, apiGet, apiPost } from '../../api/api-client.ts';
import type { QrAnswer } from '../../api/contract.ts';
import { authenticatorAnswer, NO_DEVICE, qrImage, type Answer } from './authenticator-answer.ts';

const base = (lesson: string) => `/api/lessons/${encodeURIComponent(lesson)}/authenticator` as const;

/** How long one poll may take: a request that hangs must not stop the polling for good. */
const POLL_TIMEOUT_MS = 4000;

/** The lesson's device codes now; rejects only when the server cannot be reached in time. */
export async function fetchAuthenticator(lesson: string): Promise<Answer> {
  try {
    return authenticatorAnswer(await apiGet(base(lesson), { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) }));
  } catch (err) {
    if (err instanceof ApiError) return { problem: err.message };
    throw err;
  }
}

/** The QR image of the lesson's device; rejects with a message to show. */
export async function fetchAuthenticatorQr(lesson: string): Promise<QrAnswer> {
  try {
    return qrImage(await apiPost(`${base(lesson)}/qr`, {}));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NoDevice') throw new Error(NO_DEVICE);
    throw err;
  }
}
