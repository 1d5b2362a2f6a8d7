/**
 * The page's built-in authenticator: for each lesson, the virtual MFA device its setup created
 * (serial number and seed, held in memory only, the seed registered as a secret). It computes
 * the current and next TOTP code on the server, with the clock the target judges codes by (the
 * sandbox may run ahead), so the seed never reaches the page; the QR code (which encodes the
 * seed) is made only when the learner asks for it. RFC 6238 via otpauth; QR via qrcode.
 */
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

interface Device {
  serialNumber: string;
  seed: string;
  label: string;
}

export interface AuthenticatorView {
  serialNumber: string;
  code: string;
  nextCode: string;
  secondsLeft: number;
}

export class Authenticators {
  readonly #devices = new Map<string, Device>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  register(lesson: string, serialNumber: string, seed: string, label: string): void {
    this.#devices.set(lesson, { serialNumber, seed, label });
  }

  forget(lesson: string): void {
    this.#devices.delete(lesson);
  }

  view(lesson: string): AuthenticatorView | undefined {
    const device = this.#devices.get(lesson);
    if (!device) return undefined;
    const totp = new TOTP({ secret: Secret.fromBase32(device.seed), algorithm: 'SHA1', digits: 6, period: 30 });
    const now = this.#now();
    return {
      serialNumber: device.serialNumber,
      code: totp.generate({ timestamp: now }),
      nextCode: totp.generate({ timestamp: now + 30_000 }),
      secondsLeft: 30 - (Math.floor(now / 1000) % 30),
    };
  }

  /** A PNG data URL of the otpauth:// URI, for scanning into a phone app. */
  async qr(lesson: string): Promise<string | undefined> {
    const device = this.#devices.get(lesson);
    if (!device) return undefined;
    const uri = `otpauth://totp/${encodeURIComponent(device.label)}?secret=${device.seed}&issuer=STS%20Workshop`;
    return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
  }
}
