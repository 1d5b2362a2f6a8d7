/**
 * <mfa-authenticator data-lesson>: the behaviour of the page's built-in virtual MFA device
 * (markup from Authenticator.astro). While the page is visible it asks the notebook server about
 * once a second for the device's codes (`GET /api/lessons/<slug>/authenticator` →
 * `{ serialNumber, code, nextCode, secondsLeft }`, 404 before setup created a device); the seed
 * stays on the server. It shows the serial number, the current code, a countdown and the next
 * code, and fills the MFA inputs of the lesson's steps: `code` ← the current code; `code1` ←
 * the current code and `code2` ← the next one (EnableMFADevice). Buttons next to a step's inputs
 * (Step.astro, `[data-mfa-fill]`) do the same for their own step. "Show QR code…" warns first,
 * then POSTs for the QR (the device secret), shows it until Hide (or two minutes), and never
 * keeps it. It also adds a hint under a step's unexpected error when AWS refused a code
 * (errorHint), since a used code can only be replaced by the next one. textContent only.
 */
import { apiErrorMessage, errorHint } from './render-event.ts';

interface View {
  serialNumber: string;
  code: string;
  nextCode: string;
  secondsLeft: number;
}

const POLL_MS = 1000;
const QR_VISIBLE_MS = 120_000;
const PERIOD = 30;

/** Codes a step on this page has sent, per lesson (AWS accepts each code only once). */
const sentCodes = new Map<string, Set<string>>();
const sent = (lesson: string) => {
  let set = sentCodes.get(lesson);
  if (!set) sentCodes.set(lesson, (set = new Set()));
  return set;
};

// Remember the codes a step sends: the Run button submits the step's form.
document.addEventListener(
  'submit',
  (event) => {
    const form = event.target as HTMLFormElement | null;
    const lesson = form?.closest<HTMLElement>('run-step')?.dataset.lesson;
    if (!form || !lesson) return;
    form.querySelectorAll<HTMLInputElement>('.field-mfa-code input').forEach((field) => {
      if (/^\d{6}$/.test(field.value.trim())) sent(lesson).add(field.value.trim());
    });
    form.querySelectorAll<HTMLElement>('[data-part="mfa-fill-note"]').forEach((note) => (note.textContent = ''));
    document.querySelectorAll<MfaAuthenticator>(`mfa-authenticator[data-lesson="${CSS.escape(lesson)}"]`).forEach((a) => a.refresh());
  },
  true,
);

function isView(value: unknown): value is View {
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

type Answer = { view: View } | { missing: true } | { problem: string };

async function fetchView(lesson: string): Promise<Answer> {
  const res = await fetch(`/api/lessons/${encodeURIComponent(lesson)}/authenticator`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const text = await res.text().catch(() => '');
  if (res.status === 404) return { missing: true };
  if (!res.ok) return { problem: apiErrorMessage(res.status, text) };
  try {
    const body: unknown = JSON.parse(text);
    if (isView(body)) return { view: body };
  } catch {
    // fall through
  }
  return { problem: 'The notebook server sent an answer the authenticator does not understand.' };
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

// ── filling a step's inputs ─────────────────────────────────────────────────────────────────

function stepElement(lesson: string, stepId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`run-step[data-lesson="${CSS.escape(lesson)}"][data-step="${CSS.escape(stepId)}"]`);
}

function input(step: HTMLElement, name: string): HTMLInputElement | null {
  return step.querySelector<HTMLInputElement>(`form[data-part="controls"] input[name="${name}"]`);
}

function setValue(field: HTMLInputElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  field.classList.remove('mfa-filled');
  void field.offsetWidth; // restart the highlight animation
  field.classList.add('mfa-filled');
}

/** Fills one step's MFA inputs from `view` and returns a sentence saying what happened. */
function fillStep(lesson: string, step: HTMLElement, view: View): string {
  const codes = sent(lesson);
  const code1 = input(step, 'code1');
  const code2 = input(step, 'code2');
  const code = input(step, 'code');
  const changes = `The current code changes in ${seconds(view.secondsLeft)}.`;
  if (code1 && code2) {
    const again = codes.has(view.code) || codes.has(view.nextCode);
    setValue(code1, view.code);
    setValue(code2, view.nextCode);
    return again
      ? `Filled in ${view.code} and ${view.nextCode}, but a step on this page has already sent one of them and AWS accepts each code only once: wait ${seconds(view.secondsLeft)}, then fill in again.`
      : `Filled in ${view.code} and the next code, ${view.nextCode}. Run the step now. ${changes}`;
  }
  if (code) {
    const again = codes.has(view.code);
    setValue(code, view.code);
    return again
      ? `Filled in ${view.code}, but a step on this page has already sent it and AWS accepts each code only once: wait ${seconds(view.secondsLeft)} for the next one, then fill in again.`
      : `Filled in ${view.code}. ${changes}`;
  }
  return 'This step has no MFA code to fill in.';
}

/** The note next to a step's own fill button (Step.astro). */
function stepNote(step: HTMLElement): HTMLElement | null {
  return step.querySelector<HTMLElement>('[data-part="mfa-fill-note"]');
}

// Buttons next to a step's inputs (Step.astro): one listener for the whole page.
document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-mfa-fill]');
  if (!button) return;
  const step = button.closest<HTMLElement>('run-step');
  const lesson = step?.dataset.lesson;
  if (!step || !lesson) return;
  event.preventDefault();
  const note = stepNote(step);
  button.disabled = true;
  fetchView(lesson)
    .then((answer) => {
      // Show the fresh codes first (that clears notes about older codes), then fill.
      document.querySelectorAll<MfaAuthenticator>(`mfa-authenticator[data-lesson="${CSS.escape(lesson)}"]`).forEach((a) => a.show(answer));
      const text =
        'view' in answer
          ? fillStep(lesson, step, answer.view)
          : 'missing' in answer
            ? 'No device yet — run the step that creates it.'
            : answer.problem;
      if (note) note.textContent = text;
    })
    .catch((err: unknown) => {
      if (note) note.textContent = `Could not reach the notebook server: ${err instanceof Error ? err.message : String(err)}`;
    })
    .finally(() => {
      button.disabled = false;
    });
});

// ── hints under refused codes ───────────────────────────────────────────────────────────────

function addHint(box: Element): void {
  if (!box.classList.contains('ev-error') || !box.classList.contains('unexpected') || box.querySelector('.ev-hint')) return;
  const name = box.querySelector('.ev-error-name')?.textContent ?? '';
  const message = box.querySelector('.ev-error-message')?.textContent ?? '';
  const hint = errorHint(name, message);
  if (!hint) return;
  const p = document.createElement('p');
  p.className = 'ev-hint';
  p.dataset.testid = 'hint';
  p.textContent = hint;
  box.append(p);
}

function watchOutputs(lesson: string): MutationObserver {
  const observer = new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach((node) => node instanceof Element && addHint(node));
  });
  document.querySelectorAll(`run-step[data-lesson="${CSS.escape(lesson)}"] [data-testid="output"]`).forEach((output) => {
    observer.observe(output, { childList: true });
    output.querySelectorAll('.ev-error').forEach(addHint);
  });
  return observer;
}

// ── the element ─────────────────────────────────────────────────────────────────────────────

class MfaAuthenticator extends HTMLElement {
  #wired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #qrTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #view: View | undefined;
  #observer: MutationObserver | undefined;
  #onVisibility = () => this.#schedule(0);

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  #part<T extends HTMLElement>(name: string): T {
    const found = this.querySelector<T>(`[data-part="${name}"]`);
    if (!found) throw new Error(`<mfa-authenticator> is missing [data-part="${name}"]`);
    return found;
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
            this.#openQr();
            return;
          case 'qr-reveal':
            void this.#revealQr(button);
            return;
          case 'qr-hide':
            this.#hideQr();
            return;
        }
      });
    }
    // The buttons next to the steps' inputs exist only where an authenticator can fill them.
    this.#stepButtons().forEach((b) => (b.hidden = false));
    this.#observer = watchOutputs(this.lesson);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#schedule(0);
  }

  disconnectedCallback(): void {
    clearTimeout(this.#timer);
    this.#hideQr();
    this.#observer?.disconnect();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Asks the server now (after a step sent a code, for instance). */
  refresh(): void {
    this.#schedule(0);
  }

  /** Shows an answer fetched elsewhere (a step's own fill button). */
  show(answer: Answer): void {
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
    try {
      this.#render(await fetchView(this.lesson));
    } catch (err) {
      this.#render({ problem: `Lost the connection to the notebook server (${err instanceof Error ? err.message : String(err)}).` });
    } finally {
      this.#inFlight = false;
      this.#schedule();
    }
  }

  #render(answer: Answer): void {
    const body = this.#part('body');
    const empty = this.#part('empty');
    const problem = this.#part('problem');
    if ('missing' in answer) {
      this.dataset.state = 'empty';
      this.#view = undefined;
      body.hidden = true;
      empty.hidden = false;
      problem.hidden = true;
      this.#hideQr();
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
      this.#part('fill-note').textContent = '';
      document
        .querySelectorAll<HTMLElement>(`run-step[data-lesson="${CSS.escape(this.lesson)}"] [data-part="mfa-fill-note"]`)
        .forEach((note) => (note.textContent = ''));
    }
    this.#view = view;
    this.dataset.state = 'ready';
    body.hidden = false;
    empty.hidden = true;
    problem.hidden = true;
    if (changedDevice) this.#hideQr();
    this.#part('serial').textContent = view.serialNumber;
    this.#part('code').textContent = view.code;
    this.#part('next').textContent = view.nextCode;
    this.#part('seconds').textContent = `changes in ${seconds(view.secondsLeft)}`;
    this.#part('bar').style.width = `${Math.max(0, Math.min(1, view.secondsLeft / PERIOD)) * 100}%`;
    this.toggleAttribute('data-low', view.secondsLeft <= 5);
    const usedNote = this.#part('used');
    const wasSent = sent(this.lesson).has(view.code);
    usedNote.hidden = !wasSent;
    usedNote.textContent = wasSent
      ? `A step on this page has already sent ${view.code}, and AWS accepts each code only once: the next code comes in ${seconds(view.secondsLeft)}.`
      : '';
    this.#stepButtons().forEach((b) => (b.disabled = false));
  }

  // ── filling from the panel ────────────────────────────────────────────────────────────

  async #fill(button: HTMLButtonElement): Promise<void> {
    const stepId = button.dataset.fillStep ?? '';
    const step = stepElement(this.lesson, stepId);
    const note = this.#part('fill-note');
    if (!step) {
      note.textContent = 'That step is not on this page.';
      return;
    }
    button.disabled = true;
    try {
      const answer = await fetchView(this.lesson);
      this.#render(answer); // clears notes about older codes before the new note is written
      if (!('view' in answer)) {
        note.textContent = 'missing' in answer ? 'No device yet — run the step that creates it.' : answer.problem;
        return;
      }
      const title = step.querySelector('.step-title')?.textContent?.trim() ?? stepId;
      const text = fillStep(this.lesson, step, answer.view);
      note.textContent = `“${title}”: ${text}`;
      const own = stepNote(step);
      if (own) own.textContent = text;
      step.querySelector('form[data-part="controls"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    } catch (err) {
      note.textContent = `Could not reach the notebook server: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  }

  // ── the QR code ───────────────────────────────────────────────────────────────────────

  #openQr(): void {
    const qr = this.#part('qr');
    const opener = this.querySelector<HTMLButtonElement>('[data-action="qr"]');
    if (!qr.hidden) {
      this.#hideQr();
      return;
    }
    qr.hidden = false;
    this.#part('qr-confirm').hidden = false;
    this.#part('qr-shown').hidden = true;
    this.#part('qr-problem').hidden = true;
    opener?.setAttribute('aria-expanded', 'true');
    if (opener) opener.textContent = 'Hide QR code';
  }

  async #revealQr(button: HTMLButtonElement): Promise<void> {
    const problem = this.#part('qr-problem');
    button.disabled = true;
    try {
      const res = await fetch(`/api/lessons/${encodeURIComponent(this.lesson)}/authenticator/qr`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        cache: 'no-store',
      });
      const text = await res.text();
      if (!res.ok) throw new Error(res.status === 404 ? 'No device yet — run the step that creates it.' : apiErrorMessage(res.status, text));
      const body = JSON.parse(text) as { dataUrl?: unknown; warning?: unknown };
      if (typeof body.dataUrl !== 'string' || !body.dataUrl.startsWith('data:image/png;base64,')) throw new Error('The server did not send a QR code image.');
      if (this.#part('qr').hidden) return; // hidden again while we waited
      this.#part<HTMLImageElement>('qr-img').src = body.dataUrl;
      this.#part('qr-warning').textContent = typeof body.warning === 'string' ? body.warning : '';
      this.#part('qr-confirm').hidden = true;
      this.#part('qr-shown').hidden = false;
      problem.hidden = true;
      clearTimeout(this.#qrTimer);
      this.#qrTimer = setTimeout(() => this.#hideQr(), QR_VISIBLE_MS);
    } catch (err) {
      problem.textContent = err instanceof Error ? err.message : String(err);
      problem.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  /** Hides the QR panel and drops the image (the secret) from the page. */
  #hideQr(): void {
    clearTimeout(this.#qrTimer);
    const img = this.querySelector<HTMLImageElement>('[data-part="qr-img"]');
    if (img) img.removeAttribute('src');
    const qr = this.querySelector<HTMLElement>('[data-part="qr"]');
    if (qr) qr.hidden = true;
    const shown = this.querySelector<HTMLElement>('[data-part="qr-shown"]');
    if (shown) shown.hidden = true;
    const opener = this.querySelector<HTMLButtonElement>('[data-action="qr"]');
    if (opener) {
      opener.setAttribute('aria-expanded', 'false');
      opener.textContent = 'Show QR code…';
    }
  }
}

if (!customElements.get('mfa-authenticator')) customElements.define('mfa-authenticator', MfaAuthenticator);
