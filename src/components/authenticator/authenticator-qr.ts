/**
 * The QR panel of the built-in authenticator (markup from Authenticator.astro): "Show QR code…"
 * opens a warning first; only "I understand, show it" asks the server for the QR code (the device
 * secret, authenticator-api.ts), which stays on the page until Hide, a change of device or two
 * minutes, and is dropped from the page when hidden. It never stores the image anywhere else and
 * does not poll for codes (mfa-authenticator.ts does).
 */
import { fetchAuthenticatorQr } from './authenticator-api.ts';
import { dataPart } from './data-part.ts';

const QR_VISIBLE_MS = 120_000;

export class AuthenticatorQr {
  readonly #host: HTMLElement;
  readonly #lesson: () => string;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `host` holds the QR parts; `lesson` names the lesson whose device it shows. */
  constructor(host: HTMLElement, lesson: () => string) {
    this.#host = host;
    this.#lesson = lesson;
  }

  #opener(): HTMLButtonElement | null {
    return this.#host.querySelector<HTMLButtonElement>('[data-action="qr"]');
  }

  /** "Show QR code…": opens the warning, or hides the panel when it is open. */
  toggle(): void {
    const qr = dataPart(this.#host, 'qr');
    const opener = this.#opener();
    if (!qr.hidden) {
      this.hide();
      return;
    }
    qr.hidden = false;
    dataPart(this.#host, 'qr-confirm').hidden = false;
    dataPart(this.#host, 'qr-shown').hidden = true;
    dataPart(this.#host, 'qr-problem').hidden = true;
    opener?.setAttribute('aria-expanded', 'true');
    if (opener) opener.textContent = 'Hide QR code';
  }

  /** "I understand, show it": fetches the QR code and shows it for two minutes at most. */
  async reveal(button: HTMLButtonElement): Promise<void> {
    const problem = dataPart(this.#host, 'qr-problem');
    button.disabled = true;
    try {
      const image = await fetchAuthenticatorQr(this.#lesson());
      if (dataPart(this.#host, 'qr').hidden) return; // hidden again while we waited
      dataPart<HTMLImageElement>(this.#host, 'qr-img').src = image.dataUrl;
      dataPart(this.#host, 'qr-warning').textContent = image.warning;
      dataPart(this.#host, 'qr-confirm').hidden = true;
      dataPart(this.#host, 'qr-shown').hidden = false;
      problem.hidden = true;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.hide(), QR_VISIBLE_MS);
    } catch (err) {
      problem.textContent = err instanceof Error ? err.message : String(err);
      problem.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  /** Hides the panel and drops the image (the secret) from the page. */
  hide(): void {
    clearTimeout(this.#timer);
    const img = this.#host.querySelector<HTMLImageElement>('[data-part="qr-img"]');
    if (img) img.removeAttribute('src');
    const qr = this.#host.querySelector<HTMLElement>('[data-part="qr"]');
    if (qr) qr.hidden = true;
    const shown = this.#host.querySelector<HTMLElement>('[data-part="qr-shown"]');
    if (shown) shown.hidden = true;
    const opener = this.#opener();
    if (opener) {
      opener.setAttribute('aria-expanded', 'false');
      opener.textContent = 'Show QR code…';
    }
  }
}
