/**
 * <run-step data-lesson data-step>: the behaviour of one step (markup comes from Step.astro).
 * Run POSTs the step's inputs and renders the streamed NDJSON events as they arrive; Stop asks
 * the server to cancel; on load the step shows the status the server remembers. Every piece of
 * server-provided text goes into the page with textContent (never innerHTML). A result that
 * carries an offered secret (`{ $offer, … }`) gets a reveal-once control (offer-control.ts). A
 * step input named `issuer` is filled in with this page's address (the console federation
 * `Issuer`: the sign-in page the console links back to).
 */
import type { StepEvent, StepStatus } from '../lessons/events.ts';
import { readEvents } from './ndjson.ts';
import { apiErrorMessage, callSummary, endLine, pretty, statusLabel, statusesFrom } from './render-event.ts';
import { createOfferControl, findOffers } from './offer-control.ts';
import '../styles/offer.css';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/x-ndjson, application/json' };

// ── page-wide step statuses (one GET /api/lessons per page load, shared by every step) ──────

let statusRequest: Promise<Map<string, StepStatus>> | undefined;

async function fetchStatuses(): Promise<Map<string, StepStatus>> {
  const res = await fetch('/api/lessons', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/lessons answered ${res.status}`);
  return statusesFrom(await res.json());
}

function initialStatuses(): Promise<Map<string, StepStatus>> {
  statusRequest ??= fetchStatuses();
  return statusRequest;
}

// ── small DOM helpers (text only) ───────────────────────────────────────────────────────────

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function block(label: string, value: unknown, className = ''): HTMLElement {
  const wrap = el('div', `ev-block ${className}`.trim());
  wrap.append(el('div', 'ev-label', label), el('pre', 'ev-json', pretty(value)));
  return wrap;
}

// ── the element ─────────────────────────────────────────────────────────────────────────────

class RunStep extends HTMLElement {
  #wired = false;
  /** True from the Run click until the stream ends: blocks a second run (double click). */
  #busy = false;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #progress = new Map<string, { bar: HTMLProgressElement; count: HTMLElement }>();

  #form!: HTMLFormElement;
  #run!: HTMLButtonElement;
  #stop!: HTMLButtonElement;
  #status!: HTMLElement;
  #output!: HTMLElement;
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
    this.#output = q('[data-testid="output"]');
    this.#note = q('[data-part="note"]');
    this.#wired = true;

    const issuer = this.#form.querySelector<HTMLInputElement>('input[name="issuer"]');
    if (issuer && !issuer.value) issuer.value = `${location.origin}${location.pathname}`;

    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    this.#stop.addEventListener('click', () => void this.stop());
    this.querySelector<HTMLButtonElement>('[data-testid="copy"]')?.addEventListener('click', (e) => void this.#copy(e.currentTarget as HTMLButtonElement));
    this.#setStatus('idle');

    initialStatuses().then(
      (map) => {
        const status = map.get(`${this.lesson}/${this.step}`);
        if (!status || this.#busy) return;
        this.#setStatus(status);
        if (status === 'running') {
          this.#setNote('This step was already running when the page loaded; its output streams to the tab that started it.');
          this.#poll();
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

  /** Starts a run unless one is in progress. */
  async run(): Promise<void> {
    if (this.#busy || this.dataset.status === 'running') return;
    if (!this.#form.checkValidity()) {
      this.#form.reportValidity();
      return;
    }
    this.#busy = true; // synchronously, before any await: a double click cannot start two runs
    clearTimeout(this.#pollTimer);
    const inputs: Record<string, string> = {};
    for (const [name, value] of new FormData(this.#form)) {
      if (typeof value === 'string') inputs[name] = value.trim();
    }
    this.#clearOutput();
    this.#setStatus('running');

    let ended = false;
    try {
      const res = await fetch(`${this.#base}/run`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(inputs),
      });
      if (!res.ok) {
        const message = apiErrorMessage(res.status, await res.text().catch(() => ''));
        this.#append(this.#problem('Could not start the step', message));
        this.#setStatus('failed');
        return;
      }
      if (!res.body) throw new Error('The answer has no body.');
      for await (const item of readEvents(res.body)) {
        if ('unreadable' in item) {
          this.#append(el('div', 'ev ev-log ev-unreadable', item.unreadable));
          continue;
        }
        this.#render(item.event);
        if (item.event.type === 'end') ended = true;
      }
      if (!ended) {
        this.#append(this.#problem('The run ended without a final status', 'The connection to the notebook server closed early. Check the terminal, then run the step again.'));
        this.#setStatus('failed');
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#append(this.#problem('Lost the connection to the notebook server', message));
      this.#setStatus('failed');
    } finally {
      this.#busy = false;
      this.#output.setAttribute('aria-busy', 'false');
    }
  }

  /** Asks the server to cancel the run; the stream's `end` event sets the final status. */
  async stop(): Promise<void> {
    if (this.dataset.status !== 'running') return;
    this.#stop.disabled = true;
    this.#setNote('Stopping…');
    try {
      const res = await fetch(`${this.#base}/stop`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
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

  // ── status ──────────────────────────────────────────────────────────────────────────────

  #setStatus(status: StepStatus): void {
    this.dataset.status = status;
    this.#status.textContent = statusLabel[status];
    const running = status === 'running';
    this.#run.disabled = running;
    this.#stop.disabled = !running;
    this.#output.setAttribute('aria-busy', String(running));
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
        const status = (await fetchStatuses()).get(`${this.lesson}/${this.step}`);
        if (this.#busy) return;
        if (status && status !== 'running') {
          this.#setStatus(status);
          return;
        }
      } catch {
        // try again below
      }
      this.#poll(Math.min(delay * 1.5, 5000));
    }, delay);
  }

  // ── output ──────────────────────────────────────────────────────────────────────────────

  #clearOutput(): void {
    this.#output.replaceChildren();
    this.#progress.clear();
    this.#setNote('');
  }

  #append(node: Node): void {
    this.#output.append(node);
  }

  #problem(title: string, message: string): HTMLElement {
    const box = el('div', 'ev ev-error unexpected');
    box.append(el('strong', 'ev-error-name', title), el('span', 'ev-error-message', message));
    return box;
  }

  #render(event: StepEvent): void {
    switch (event.type) {
      case 'start':
        return;
      case 'call': {
        const failed = Boolean(event.error);
        const details = el('details', `ev ev-call ${failed ? 'is-error' : 'is-ok'}`);
        const summary = el('summary');
        summary.append(
          el('span', 'call-mark', failed ? '✗' : '✓'),
          el('span', 'call-text', callSummary(event)),
        );
        if (event.error) summary.append(el('span', 'call-error', event.error.name));
        details.append(summary);
        const body = el('div', 'call-body');
        body.append(block('Input', event.input));
        if (event.error) body.append(block('Error', event.error, 'is-error'));
        else body.append(block('Output', event.output));
        if (event.requestId) {
          const meta = el('div', 'call-meta');
          meta.append(el('span', 'ev-label', 'Request ID'), el('code', '', event.requestId));
          body.append(meta);
        }
        details.append(body);
        this.#append(details);
        return;
      }
      case 'log':
        this.#append(el('div', 'ev ev-log', event.text));
        return;
      case 'progress': {
        let row = this.#progress.get(event.label);
        if (!row) {
          const wrap = el('div', 'ev ev-progress');
          const bar = el('progress');
          bar.setAttribute('aria-label', event.label);
          const count = el('span', 'progress-count');
          wrap.append(el('span', 'progress-label', event.label), bar, count);
          this.#append(wrap);
          row = { bar, count };
          this.#progress.set(event.label, row);
        }
        row.bar.max = Math.max(event.total, 1);
        row.bar.value = Math.min(Math.max(event.done, 0), row.bar.max);
        row.count.textContent = `${event.done} / ${event.total}`;
        return;
      }
      case 'result': {
        let result = this.#output.querySelector<HTMLElement>('[data-testid="result"]');
        if (!result) {
          result = el('div', 'ev ev-result');
          result.dataset.testid = 'result';
          this.#append(result);
        }
        result.replaceChildren(el('div', 'ev-label', 'Result'), el('pre', 'ev-json', pretty(event.value)));
        for (const offer of findOffers(event.value)) result.append(createOfferControl(offer, { lesson: this.lesson }));
        return;
      }
      case 'error': {
        const box = el('div', `ev ev-error ${event.expected ? 'expected' : 'unexpected'}`);
        box.append(
          el('span', 'ev-error-kind', event.expected ? 'Denied as expected' : 'Error'),
          el('strong', 'ev-error-name', event.name),
          el('span', 'ev-error-message', event.message),
        );
        this.#append(box);
        return;
      }
      case 'end':
        this.#append(el('div', `ev ev-end status-${event.status}`, endLine(event.status, event.ms)));
        this.#setStatus(event.status);
        return;
    }
  }

  // ── copy ────────────────────────────────────────────────────────────────────────────────

  async #copy(button: HTMLButtonElement): Promise<void> {
    const pre = this.querySelector<HTMLElement>('[data-part="code"] pre');
    const text = pre?.textContent ?? '';
    const label = button.querySelector<HTMLElement>('[data-part="copy-label"]') ?? button;
    let done = 'Copied';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard permission: select the code so the learner can press Ctrl+C / ⌘C.
      if (pre) {
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      done = 'Press Ctrl+C';
    }
    label.textContent = done;
    setTimeout(() => {
      label.textContent = 'Copy';
    }, 1600);
  }
}

if (!customElements.get('run-step')) customElements.define('run-step', RunStep);
