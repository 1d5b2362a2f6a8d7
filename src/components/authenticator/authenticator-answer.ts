/**
 * What the built-in authenticator makes of the notebook server's answers: `GET /api/lessons/
 * <slug>/authenticator` gives the device's codes, or nothing yet (204 before setup created a
 * device); `POST …/authenticator/qr` gives the QR image, which is the device secret and is
 * only ever shown as a PNG data URL. Pure: it never fetches or touches the DOM
 * (authenticator-api.ts fetches, mfa-authenticator.ts shows), so it is testable with node:test.
 */
import type { AuthenticatorCodes, QrAnswer } from '../../api/contract.ts';

/** What the authenticator shows: the seed stays on the server. */
export type View = AuthenticatorCodes;

/** A device's codes, no device yet, or a sentence saying what went wrong. */
export type Answer = { view: View } | { missing: true } | { problem: string };

export const NO_DEVICE = 'No device yet — run the step that creates it.';

/** The Answer for the codes `GET …/authenticator` answered (undefined: no device yet). */
export function authenticatorAnswer(codes: AuthenticatorCodes | undefined): Answer {
  return codes ? { view: codes } : { missing: true };
}

/** The QR image of a `POST …/authenticator/qr` answer; throws unless it is a PNG data URL. */
export function qrImage(answer: QrAnswer): QrAnswer {
  if (!answer.dataUrl.startsWith('data:image/png;base64,')) throw new Error('The server did not send a QR code image.');
  return answer;
}
