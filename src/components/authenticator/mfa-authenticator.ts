/**
 * <mfa-authenticator data-lesson>: the behaviour of the page's built-in virtual MFA device
 * (markup from Authenticator.astro). While the page is visible it asks the notebook server about
 * once a second for the device's codes (authenticator-api.ts; the seed stays on the server) and
 * shows the serial number, the current code, a countdown and the next code. Its fill buttons put
 * the codes into a step's inputs (fill-mfa-codes.ts); the steps' own fill buttons and Run are
 * handled page-wide by step-mfa-buttons.ts, the QR panel by authenticator-qr.ts. When the
 * current code was already sent, on the sandbox, it offers to skip the wait for an unused one
 * (mfa-skip-wait.ts moves the sandbox clock). It does not explain refused codes (run-step.ts
 * adds that hint under the error). textContent only.
 */
import { fetchAuthenticator } from './authenticator-api.ts';
import { NO_DEVICE, type Answer, type View } from './authenticator-answer.ts';
import { AuthenticatorQr } from './authenticator-qr.ts';
import { dataPart } from './data-part.ts';
import { fillMfaCodes, stepElement, stepFillNote } from './fill-mfa-codes.ts';
import { duration, freshIn, seconds, usedCodeText } from './mfa-fill-text.ts';
import { advanceSandboxClock, isSandboxTarget } from './mfa-skip-wait.ts';
import { sentCodes } from './sent-codes.ts';
import { installStepMfaButtons } from './step-mfa-buttons.ts';

const POLL_MS = 1000;
const PERIOD = 30;

class MfaAuthenticator extends HTMLElement {
  #wired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  /** Answers shown from elsewhere so far: a poll that started before one is not drawn over it. */
  #shown = 0;
  #view: View | undefined;
  /** The steps call the offline sandbox, whose clock can skip the wait for an unused code. */
  #sandbox = false;
  #qr = new AuthenticatorQr(this, () => this.lesson);
  #onVisibility = () => this.#schedule(0);

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  connectedCallback(): void {
    if (!this.#wired) {
      this.#wired = true;
      this.addEventListener('click', (event) => {
        const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
        if (!button || !this.contains(button)) return;
        switch (button.dataset.action) {
          case 'fill':
            void this.#fill(button);
            return;
          case 'qr':
            this.#qr.toggle();
            return;
          case 'qr-reveal':
            void this.#qr.reveal(button);
            return;
          case 'qr-hide':
            this.#qr.hide();
            return;
          case 'skip-wait':
            void this.#skipWait(button);
            return;
        }
      });
      void isSandboxTarget().then((sandbox) => (this.#sandbox = sandbox));
    }
    // The buttons next to the steps' inputs exist only where an authenticator can fill them.
    this.#stepButtons().forEach((b) => (b.hidden = false));
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#schedule(0);
  }

  disconnectedCallback(): void {
    clearTimeout(this.#timer);
    this.#qr.hide();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Asks the server now (after a step sent a code, for instance). */
  refresh(): void {
    this.#schedule(0);
  }

  /** Shows an answer fetched elsewhere (a step's own fill button). */
  show(answer: Answer): void {
    this.#shown++;
    this.#render(answer);
  }

  #stepButtons(): NodeListOf<HTMLButtonElement> {
    return document.querySelectorAll<HTMLButtonElement>(`run-step[data-lesson="${CSS.escape(this.lesson)}"] [data-mfa-fill]`);
  }

  // ── polling ───────────────────────────────────────────────────────────────────────────

  #schedule(delay = POLL_MS): void {
    clearTimeout(this.#timer);
    if (!this.isConnected || document.visibilityState !== 'visible') return;
    this.#timer = setTimeout(() => void this.#tick(), delay);
  }

  async #tick(): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    const shown = this.#shown;
    try {
      const answer = await fetchAuthenticator(this.lesson);
      // An answer shown meanwhile (a fill, a skipped wait) is newer than this one.
      if (shown === this.#shown) this.#render(answer);
    } catch (err) {
      this.#render({ problem: `Lost the connection to the notebook server (${err instanceof Error ? err.message : String(err)}).` });
    } finally {
      this.#inFlight = false;
      this.#schedule();
    }
  }

  #render(answer: Answer): void {
    const body = dataPart(this, 'body');
    const empty = dataPart(this, 'empty');
    const problem = dataPart(this, 'problem');
    if ('missing' in answer) {
      this.dataset.state = 'empty';
      this.#view = undefined;
      body.hidden = true;
      empty.hidden = false;
      problem.hidden = true;
      this.#qr.hide();
      this.#stepButtons().forEach((b) => (b.disabled = true));
      return;
    }
    if ('problem' in answer) {
      this.dataset.state = 'error';
      problem.textContent = answer.problem;
      problem.hidden = false;
      empty.hidden = true;
      body.hidden = true;
      this.#stepButtons().forEach((b) => (b.disabled = true));
      return;
    }
    const view = answer.view;
    const changedDevice = this.#view?.serialNumber !== view.serialNumber;
    // Notes about filled codes go stale when the code moves on.
    if (this.#view && this.#view.code !== view.code) {
      dataPart(this, 'fill-note').textContent = '';
      document
        .querySelectorAll<HTMLElement>(`run-step[data-lesson="${CSS.escape(this.lesson)}"] [data-part="mfa-fill-note"]`)
        .forEach((note) => (note.textContent = ''));
    }
    this.#view = view;
    this.dataset.state = 'ready';
    body.hidden = false;
    empty.hidden = true;
    problem.hidden = true;
    if (changedDevice) this.#qr.hide();
    dataPart(this, 'serial').textContent = view.serialNumber;
    const ahead = dataPart(this, 'ahead');
    ahead.hidden = !view.clockAheadSeconds;
    ahead.textContent = view.clockAheadSeconds
      ? `The sandbox clock is ${duration(view.clockAheadSeconds)} ahead of real time (waits were skipped). A phone app's codes follow real time, so they match these again only after that long: use the codes shown here.`
      : '';
    dataPart(this, 'code').textContent = view.code;
    dataPart(this, 'next').textContent = view.nextCode;
    dataPart(this, 'seconds').textContent = `changes in ${seconds(view.secondsLeft)}`;
    dataPart(this, 'bar').style.width = `${Math.max(0, Math.min(1, view.secondsLeft / PERIOD)) * 100}%`;
    this.toggleAttribute('data-low', view.secondsLeft <= 5);
    const used = usedCodeText(view, sentCodes(this.lesson));
    const usedNote = dataPart(this, 'used');
    usedNote.hidden = used === '';
    usedNote.textContent = used;
    dataPart(this, 'skip').hidden = used === '' || !this.#sandbox;
    this.#stepButtons().forEach((b) => (b.disabled = false));
  }

  /** Moves the sandbox clock to the first code no step on this page has sent. */
  async #skipWait(button: HTMLButtonElement): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const note = dataPart(this, 'fill-note');
    const wait = freshIn(view, sentCodes(this.lesson));
    button.disabled = true;
    try {
      await advanceSandboxClock(wait);
      this.show(await fetchAuthenticator(this.lesson)); // first: a new code clears older notes
      note.textContent = `Moved the sandbox clock ${seconds(wait)} ahead: no step on this page has sent the current code.`;
      // The skip button hides with the warning; the next thing to do is to fill a step.
      this.querySelector<HTMLButtonElement>('button[data-action="fill"]')?.focus();
    } catch (err) {
      note.textContent = `Could not skip the wait: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  }

  // ── filling from the panel ────────────────────────────────────────────────────────────

  async #fill(button: HTMLButtonElement): Promise<void> {
    const stepId = button.dataset.fillStep ?? '';
    const step = stepElement(this.lesson, stepId);
    const note = dataPart(this, 'fill-note');
    if (!step) {
      note.textContent = 'That step is not on this page.';
      return;
    }
    button.disabled = true;
    try {
      const answer = await fetchAuthenticator(this.lesson);
      this.#render(answer); // clears notes about older codes before the new note is written
      if (!('view' in answer)) {
        note.textContent = 'missing' in answer ? NO_DEVICE : answer.problem;
        return;
      }
      const title = step.querySelector('.step-title')?.textContent?.trim() ?? stepId;
      const text = fillMfaCodes(step, answer.view, sentCodes(this.lesson));
      note.textContent = `“${title}”: ${text}`;
      const own = stepFillNote(step);
      if (own) own.textContent = text;
      step.querySelector('form[data-part="controls"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    } catch (err) {
      note.textContent = `Could not reach the notebook server: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  }
}

/** The lesson's authenticators on this page. */
function authenticatorsOf(lesson: string): NodeListOf<MfaAuthenticator> {
  return document.querySelectorAll<MfaAuthenticator>(`mfa-authenticator[data-lesson="${CSS.escape(lesson)}"]`);
}

installStepMfaButtons(authenticatorsOf);
if (!customElements.get('mfa-authenticator')) customElements.define('mfa-authenticator', MfaAuthenticator);
