/**
 * Reading the notebook server's authenticator answers: `GET /api/lessons/<slug>/authenticator`
 * (the device's codes, 404 before setup created a device) and `POST …/authenticator/qr` (the QR
 * image, which is the device secret). Pure: it takes an HTTP status and body text and never
 * fetches or touches the DOM (authenticator-api.ts fetches, mfa-authenticator.ts shows), so it is
 * testable with node:test.
 */
import { apiErrorMessage } from './render-event.ts';

/** What the authenticator shows: the seed stays on the server. */
export interface View {
  serialNumber: string;
  code: string;
  nextCode: string;
  secondsLeft: number;
}

/** A device's codes, no device yet, or a sentence saying what went wrong. */
export type Answer = { view: View } | { missing: true } | { problem: string };

export const NO_DEVICE = 'No device yet — run the step that creates it.';

export function isView(value: unknown): value is View {
  const v = value as Partial<View> | null;
  return (
    typeof v?.serialNumber === 'string' &&
    typeof v.code === 'string' &&
    /^\d{6}$/.test(v.code) &&
    typeof v.nextCode === 'string' &&
    /^\d{6}$/.test(v.nextCode) &&
    typeof v.secondsLeft === 'number'
  );
}

/** The Answer for a `GET …/authenticator` response. */
export function authenticatorAnswer(status: number, bodyText: string): Answer {
  if (status === 404) return { missing: true };
  if (status < 200 || status > 299) return { problem: apiErrorMessage(status, bodyText) };
  try {
    const body: unknown = JSON.parse(bodyText);
    if (isView(body)) return { view: body };
  } catch {
    // fall through
  }
  return { problem: 'The notebook server sent an answer the authenticator does not understand.' };
}

/** The image of a `POST …/authenticator/qr` response; throws an Error whose message is shown. */
export function qrImageFrom(status: number, bodyText: string): { dataUrl: string; warning: string } {
  if (status < 200 || status > 299) throw new Error(status === 404 ? NO_DEVICE : apiErrorMessage(status, bodyText));
  const body = JSON.parse(bodyText) as { dataUrl?: unknown; warning?: unknown };
  if (typeof body.dataUrl !== 'string' || !body.dataUrl.startsWith('data:image/png;base64,')) throw new Error('The server did not send a QR code image.');
  return { dataUrl: body.dataUrl, warning: typeof body.warning === 'string' ? body.warning : '' };
}
