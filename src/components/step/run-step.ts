/**
 * <run-step data-lesson data-step>: the behaviour of one step (markup comes from Step.astro).
 * Run POSTs the step's inputs and hands the streamed NDJSON events to the output area
 * (step-output.ts) as they arrive; a start the server refuses (out of order, already running,
 * bad input, no token…) changes nothing but a notice in the output, linking the step it names
 * (step-links.ts), since nothing ran. Stop asks the server to cancel. On load the step shows
 * the status the server remembers (step-statuses.ts) and, for a step that ran, that run's output
 * (last-run.ts). The element owns the control flow of a run and the status indicator; it does
 * not draw events itself. A step input named `issuer` is filled in with this page's address
 * (the console federation `Issuer`: the sign-in page the console links back to). `run()`
 * resolves with how the run ended, so the lesson toolbar (run-all/) can drive steps one by one;
 * each run it starts is announced with a bubbling `step-run` event (before the inputs are read),
 * and "Run to here" with a `run-to-here` event the toolbar handles; each event its stream brings
 * is passed on as a bubbling `step-event` (detail: the StepEvent) for the page's live views (the
 * credentials panel, the trust diagram). Keys: Shift+Enter anywhere in the step (an input
 * included) runs it, Escape stops it. Text only (textContent, never innerHTML).
 */
import { confirmAccount, isConfirmAccount } from '../banner/account-confirm.ts';
import { apiFetch } from '../../api/api-fetch.ts';
import type { StepEvent, StepStatus } from '../../lessons/events.ts';
import { copyCode } from './copy-code.ts';
import { fetchLastRun } from './last-run.ts';
import { readEvents } from './ndjson.ts';
import { apiErrorMessage, isStepStatus, statusLabel } from './render-event.ts';
import { linkStepTitles, stepsOnPage } from './step-links.ts';
import { StepOutput } from './step-output.ts';
import { fetchStepStatuses, initialStepStatuses } from './step-statuses.ts';
import type { Outcome } from '../run-all/run-plan.ts';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/x-ndjson, application/json' };

export class RunStep extends HTMLElement {
  #wired = false;
  /** True from the Run click until the stream ends: blocks a second run (double click). */
  #busy = false;
  /** Run clicks so far: a remembered run that arrives after one is not drawn over it. */
  #attempts = 0;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;

  #form!: HTMLFormElement;
  #run!: HTMLButtonElement;
  #stop!: HTMLButtonElement;
  #status!: HTMLElement;
  #output!: StepOutput;
  #note!: HTMLElement;

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }
  get step(): string {
    return this.dataset.step ?? '';
  }
  get #base(): string {
    return `/api/lessons/${encodeURIComponent(this.lesson)}/steps/${encodeURIComponent(this.step)}`;
  }

  connectedCallback(): void {
    if (this.#wired) return;
    const q = <T extends HTMLElement>(sel: string): T => {
      const found = this.querySelector<T>(sel);
      if (!found) throw new Error(`<run-step data-step="${this.step}"> is missing ${sel}`);
      return found;
    };
    this.#form = q<HTMLFormElement>('form[data-part="controls"]');
    this.#run = q<HTMLButtonElement>('[data-testid="run"]');
    this.#stop = q<HTMLButtonElement>('[data-testid="stop"]');
    this.#status = q('[data-testid="status"]');
    this.#output = new StepOutput(q('[data-testid="output"]'), this.lesson);
    this.#note = q('[data-part="note"]');
    this.#wired = true;

    this.#fillIssuer();

    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    this.#stop.addEventListener('click', () => void this.stop());
    this.querySelector('[data-testid="run-to-here"]')?.addEventListener('click', () => this.dispatchEvent(new CustomEvent('run-to-here', { bubbles: true })));
    this.addEventListener('keydown', (event) => this.#onKey(event));
    this.querySelector<HTMLButtonElement>('[data-testid="copy"]')?.addEventListener(
      'click',
      (e) => void copyCode(e.currentTarget as HTMLButtonElement, this.querySelector<HTMLElement>('[data-part="code"] pre')),
    );
    this.#setStatus('idle');

    initialStepStatuses().then(
      (map) => {
        const status = map.get(`${this.lesson}/${this.step}`);
        if (!status || this.#busy) return;
        this.#setStatus(status);
        if (status === 'running') {
          this.#setNote('This step was already running when the page loaded; its output streams to the tab that started it.');
          this.#poll();
        } else if (status !== 'idle' && this.#attempts === 0) {
          void this.#showLastRun();
        }
      },
      () => {
        // The banner explains a missing or unauthorised server; the steps just stay idle.
      },
    );
  }

  disconnectedCallback(): void {
    clearTimeout(this.#pollTimer);
  }

  /** Starts a run unless one is in progress; resolves with how it ended ('refused': it did not start). */
  async run(): Promise<Outcome> {
    if (this.#busy || this.dataset.status === 'running') return 'refused';
    if (!this.#form.checkValidity()) {
      this.#form.reportValidity();
      return 'refused';
    }
    this.#busy = true; // synchronously, before any await: a double click cannot start two runs
    this.#attempts++;
    this.dispatchEvent(new CustomEvent('step-run', { bubbles: true }));
    clearTimeout(this.#pollTimer);
    const previous = isStepStatus(this.dataset.status) ? this.dataset.status : 'idle';
    const inputs: Record<string, string> = {};
    for (const [name, value] of new FormData(this.#form)) {
      if (typeof value === 'string') inputs[name] = value.trim();
    }
    this.#output.dismissNotice();
    this.#setNote('');
    this.#setStatus('running');

    let ended: Outcome | undefined;
    try {
      let res: Response;
      try {
        res = await apiFetch(`${this.#base}/run`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify(inputs),
        });
      } catch (err) {
        // No answer at all: the server is gone, so the step did not start here.
        const reason = err instanceof Error ? err.message : String(err);
        this.#refused(previous, `Could not reach the notebook server (${reason}). Check that it is still running in its terminal, then try again.`);
        return 'refused';
      }
      if (!res.ok) {
        // Refused before anything ran: the step keeps its status and its last output.
        const text = await res.text().catch(() => '');
        this.#refused(previous, apiErrorMessage(res.status, text), isConfirmAccount(res.status, text));
        return 'refused';
      }
      this.#output.clear();
      if (!res.body) throw new Error('The answer has no body.');
      for await (const item of readEvents(res.body)) {
        if ('unreadable' in item) {
          this.#output.unreadable(item.unreadable);
          continue;
        }
        this.#output.render(item.event);
        this.dispatchEvent(new CustomEvent<StepEvent>('step-event', { bubbles: true, detail: item.event }));
        if (item.event.type === 'end') {
          this.#setStatus(item.event.status);
          ended = item.event.status;
        }
      }
      if (!ended) {
        this.#output.problem('The run ended without a final status', 'The connection to the notebook server closed early. Check the terminal, then run the step again.');
        this.#setStatus('failed');
      }
      return ended ?? 'failed';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#output.problem('Lost the connection to the notebook server', message);
      this.#setStatus('failed');
      return 'failed';
    } finally {
      this.#busy = false;
      this.#output.setBusy(false);
    }
  }

  /** Back to a step that never ran (the lesson was reset): no output, no notes, inputs as served, idle. */
  clear(): void {
    if (this.#busy) return;
    this.#attempts++; // a remembered run still on its way is not drawn
    clearTimeout(this.#pollTimer);
    this.#output.clear();
    this.#output.dismissNotice();
    this.#form.reset();
    this.#fillIssuer();
    this.querySelectorAll<HTMLElement>('[data-part="mfa-fill-note"]').forEach((note) => (note.textContent = ''));
    this.querySelectorAll<HTMLElement>('[data-part="mfa-skip"]').forEach((el) => (el.hidden = true));
    this.#setStatus('idle');
  }

  /** Shift+Enter runs the step (focus in an input included; controls with an Enter of their own keep it); Escape stops it. */
  #onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' && event.shiftKey) {
      if ((event.target as Element).closest('a, button, summary, textarea, select')) return;
      event.preventDefault();
      void this.run();
    } else if (event.key === 'Escape' && this.dataset.status === 'running') {
      event.preventDefault();
      void this.stop();
    }
  }

  #fillIssuer(): void {
    const issuer = this.#form.querySelector<HTMLInputElement>('input[name="issuer"]');
    if (issuer && !issuer.value) issuer.value = `${location.origin}${location.pathname}`;
  }

  /** Asks the server to cancel the run; the stream's `end` event sets the final status. */
  async stop(): Promise<void> {
    if (this.dataset.status !== 'running') return;
    this.#stop.disabled = true;
    this.#setNote('Stopping…');
    try {
      const res = await apiFetch(`${this.#base}/stop`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
      if (!res.ok) {
        const message = apiErrorMessage(res.status, await res.text().catch(() => ''));
        this.#setNote(`Could not stop the step: ${message}`);
        if (this.dataset.status === 'running') this.#stop.disabled = false;
      } else if (!this.#busy) {
        // No stream in this tab (the run started elsewhere): learn the outcome by polling.
        this.#poll(300);
      }
    } catch (err) {
      this.#setNote(`Could not stop the step: ${err instanceof Error ? err.message : String(err)}`);
      if (this.dataset.status === 'running') this.#stop.disabled = false;
    }
  }

  /** A start that did not happen: back to the status before the click, and say why. */
  #refused(previous: StepStatus, message: string, askToConfirm = false): void {
    this.#setStatus(previous);
    const confirm = askToConfirm
      ? {
          label: 'Yes, change this account',
          run: () =>
            void confirmAccount().then(
              () => this.run(),
              (err: Error) => this.#output.notice('Not confirmed', [{ text: err.message }]),
            ),
        }
      : undefined;
    this.#output.notice(askToConfirm ? 'Confirm' : 'Not started', linkStepTitles(message, stepsOnPage(this.lesson), this.step), confirm);
  }

  /** Draws the step's remembered last run, unless a run was started here in the meantime. */
  async #showLastRun(): Promise<void> {
    const attempts = this.#attempts;
    let items;
    try {
      items = await fetchLastRun(this.lesson, this.step);
    } catch {
      return; // the step keeps its status; its output area stays empty
    }
    if (!items || this.#busy || attempts !== this.#attempts) return;
    this.#output.replay(items);
  }

  // ── status ──────────────────────────────────────────────────────────────────────────────

  #setStatus(status: StepStatus): void {
    this.dataset.status = status;
    this.#status.textContent = statusLabel[status];
    const running = status === 'running';
    // data-locked: a workshop room's pacing keeps this lesson closed for now (room/pacing-lock.ts).
    this.#run.disabled = running || this.dataset.locked !== undefined;
    this.#stop.disabled = !running;
    this.#output.setBusy(running);
    if (!running) this.#setNote('');
  }

  #setNote(text: string): void {
    this.#note.textContent = text;
    this.#note.hidden = text === '';
  }

  /** While a run we cannot see is going on, ask the server now and then how it ended. */
  #poll(delay = 1500): void {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(async () => {
      if (this.#busy) return;
      try {
        const status = (await fetchStepStatuses()).get(`${this.lesson}/${this.step}`);
        if (this.#busy) return;
        if (status && status !== 'running') {
          this.#setStatus(status);
          if (status !== 'idle') void this.#showLastRun(); // the output the other tab saw
          return;
        }
      } catch {
        // try again below
      }
      this.#poll(Math.min(delay * 1.5, 5000));
    }, delay);
  }
}

if (!customElements.get('run-step')) customElements.define('run-step', RunStep);
