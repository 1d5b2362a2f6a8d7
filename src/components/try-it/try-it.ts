/**
 * <try-it data-lesson>: the try-it cell's behaviour (markup from TryIt.astro), loaded after the
 * page has settled or when the learner reaches for the cell (load-try-it.ts). The credential
 * picker follows the credentials panel's list (credentials-store.ts: the notebook's own and each
 * credential the lesson holds, expired ones marked); choosing an operation offers an example of
 * its parameters unless the learner has typed their own. Run checks that the parameters are a
 * JSON object (params.ts), POSTs `{ credential, service, operation, input }` to
 * `/api/lessons/:lesson/try` and draws the NDJSON events exactly as a step's output does
 * (step-output.ts), passing each on as a bubbling `step-event` (the trust diagram lights up, the
 * panel refreshes at the end); a refusal (bad input, a create it cannot track, a run in
 * progress, a real account not yet confirmed) is a notice and nothing runs. Stop asks the server
 * to cancel. Ctrl/Cmd+Enter runs it. Text only (textContent, never innerHTML).
 */
import { KIND_LABEL } from '../../lessons/credentials.ts';
import type { StepEvent, StepStatus } from '../../lessons/events.ts';
import { confirmAccount, isConfirmAccount } from '../banner/account-confirm.ts';
import { apiFetch } from '../../api/api-fetch.ts';
import { CredentialsStore } from '../credentials/credentials-store.ts';
import { readEvents } from '../step/ndjson.ts';
import { apiErrorMessage, statusLabel } from '../step/render-event.ts';
import { StepOutput } from '../step/step-output.ts';
import { exampleFor, parseParams } from './params.ts';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/x-ndjson, application/json' };

export class TryIt extends HTMLElement {
  #wired = false;
  #busy = false;
  #form!: HTMLFormElement;
  #credential!: HTMLSelectElement;
  #operation!: HTMLSelectElement;
  #input!: HTMLTextAreaElement;
  #error!: HTMLElement;
  #run!: HTMLButtonElement;
  #stop!: HTMLButtonElement;
  #status!: HTMLElement;
  #output!: StepOutput;
  /** The example last put in the parameters field: replaced on a new choice unless edited. */
  #example = '';
  /** The status before a run started: what a refused start goes back to. */
  #previous: StepStatus = 'idle';

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const q = <T extends HTMLElement>(sel: string) => this.querySelector<T>(sel)!;
    this.#form = q('form[data-part="controls"]');
    this.#credential = q('[data-part="credential"]');
    this.#operation = q('[data-part="operation"]');
    this.#input = q('[data-part="input"]');
    this.#error = q('[data-part="error"]');
    this.#run = q('[data-testid="run"]');
    this.#stop = q('[data-testid="stop"]');
    this.#status = q('[data-testid="status"]');
    this.#output = new StepOutput(q('[data-testid="output"]'), this.lesson);
    this.#example = this.#input.value;

    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    this.#stop.addEventListener('click', () => void this.stop());
    this.#operation.addEventListener('change', () => this.#offerExample());
    this.#input.addEventListener('input', () => this.#showError(''));
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        void this.run();
      } else if (event.key === 'Escape' && this.dataset.status === 'running') {
        event.preventDefault();
        void this.stop();
      }
    });
    this.dataset.ready = '';
    CredentialsStore.for(this.lesson).subscribe(({ answer }) => {
      const chosen = this.#credential.value;
      this.#credential.replaceChildren(
        ...answer.credentials.map((c) => {
          const option = document.createElement('option');
          option.value = c.name;
          const kind = c.kind === 'notebook' ? 'its own identity' : KIND_LABEL[c.kind];
          option.textContent = `${c.label} (${kind}${c.expired ? ', expired' : ''})`;
          return option;
        }),
      );
      this.#credential.value = answer.credentials.some((c) => c.name === chosen) ? chosen : 'notebook';
    });
  }

  /** Runs the call unless one is running; resolves with how it ended (`refused`: nothing ran). */
  async run(): Promise<StepStatus | 'refused'> {
    if (this.#busy) return 'refused';
    const parsed = parseParams(this.#input.value);
    if (!parsed.ok) {
      this.#showError(parsed.message);
      this.#input.focus();
      return 'refused';
    }
    const [service, operation] = this.#operation.value.split(':');
    this.#busy = true;
    this.#output.dismissNotice();
    this.#previous = (this.dataset.status as StepStatus | undefined) ?? 'idle';
    this.#setStatus('running');
    try {
      let res: Response;
      try {
        res = await apiFetch(`${this.#base}`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ credential: this.#credential.value, service, operation, input: parsed.value }),
        });
      } catch (err) {
        return this.#refused(`Could not reach the notebook server (${err instanceof Error ? err.message : String(err)}). Check that it is still running, then try again.`);
      }
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        return this.#refused(apiErrorMessage(res.status, text), isConfirmAccount(res.status, text));
      }
      this.#output.clear();
      let ended: StepStatus | undefined;
      for await (const item of readEvents(res.body!)) {
        if ('unreadable' in item) {
          this.#output.unreadable(item.unreadable);
          continue;
        }
        this.#output.render(item.event);
        this.dispatchEvent(new CustomEvent<StepEvent>('step-event', { bubbles: true, detail: item.event }));
        if (item.event.type === 'end') ended = item.event.status;
      }
      if (!ended) this.#output.problem('The run ended without a final status', 'The connection to the notebook server closed early. Check the terminal, then run it again.');
      this.#setStatus(ended ?? 'failed');
      return ended ?? 'failed';
    } catch (err) {
      this.#output.problem('Lost the connection to the notebook server', err instanceof Error ? err.message : String(err));
      this.#setStatus('failed');
      return 'failed';
    } finally {
      this.#busy = false;
      this.#output.setBusy(false);
    }
  }

  async stop(): Promise<void> {
    if (this.dataset.status !== 'running') return;
    this.#stop.disabled = true;
    const res = await apiFetch(`${this.#base}/stop`, { method: 'POST', headers: JSON_HEADERS, body: '{}' }).catch(() => undefined);
    if (!res?.ok && this.dataset.status === 'running') this.#stop.disabled = false;
  }

  get #base(): string {
    return `/api/lessons/${encodeURIComponent(this.lesson)}/try`;
  }

  /** Nothing ran: back to idle, and say why (with the account confirmation when that is why). */
  #refused(message: string, askToConfirm = false): 'refused' {
    this.#setStatus(this.#previous);
    const confirm = askToConfirm
      ? { label: 'Yes, change this account', run: () => void confirmAccount().then(() => this.run(), (err: Error) => this.#output.notice('Not confirmed', [{ text: err.message }])) }
      : undefined;
    this.#output.notice(askToConfirm ? 'Confirm' : 'Not run', [{ text: message }], confirm);
    return 'refused';
  }

  #offerExample(): void {
    const current = this.#input.value.trim();
    if (current !== '' && current !== this.#example.trim() && current !== '{}') return;
    const [service, operation] = this.#operation.value.split(':');
    this.#example = exampleFor(service, operation);
    this.#input.value = this.#example;
    this.#showError('');
  }

  #showError(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = message === '';
    this.#input.setAttribute('aria-invalid', String(message !== ''));
  }

  #setStatus(status: StepStatus): void {
    this.dataset.status = status;
    this.#status.textContent = statusLabel[status];
    this.#run.disabled = status === 'running';
    this.#stop.disabled = status !== 'running';
    this.#output.setBusy(status === 'running');
  }
}

if (!customElements.get('try-it')) customElements.define('try-it', TryIt);
