/**
 * A step's output area (`data-testid="output"`, Step.astro): turns the streamed StepEvents into
 * elements as they arrive — SDK calls as collapsible input/output blocks, log lines, progress
 * bars (one per label, updated in place), the result (with a reveal-once control for each offered
 * secret, offer-control.ts), errors and the closing status line — plus the boxes for problems of
 * the page itself (the step could not start, the connection broke). Under an unexpected error it
 * adds the advice of render-event.ts's errorHint (a refused MFA code, for instance). Text only
 * (textContent, never innerHTML); it neither fetches nor sets the step's status (run-step.ts).
 */
import type { StepEvent } from '../lessons/events.ts';
import { callSummary, endLine, errorHint, pretty } from './render-event.ts';
import { createOfferControl, findOffers } from './offer-control.ts';
import '../styles/offer.css';

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

/** Appends errorHint's advice to an error box, if it has any for this error. */
function addHint(box: HTMLElement, name: string, message: string, expected: boolean): void {
  const hint = errorHint(name, message, expected);
  if (!hint) return;
  const p = el('p', 'ev-hint', hint);
  p.dataset.testid = 'hint';
  box.append(p);
}

function callView(event: Extract<StepEvent, { type: 'call' }>): HTMLElement {
  const failed = Boolean(event.error);
  const details = el('details', `ev ev-call ${failed ? 'is-error' : 'is-ok'}`);
  const summary = el('summary');
  summary.append(el('span', 'call-mark', failed ? '✗' : '✓'), el('span', 'call-text', callSummary(event)));
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
  return details;
}

export class StepOutput {
  readonly #area: HTMLElement;
  readonly #lesson: string;
  #progress = new Map<string, { bar: HTMLProgressElement; count: HTMLElement }>();

  /** `area` is the step's output element; `lesson` scopes its offer controls. */
  constructor(area: HTMLElement, lesson: string) {
    this.#area = area;
    this.#lesson = lesson;
  }

  /** Tells assistive technology whether more output is on its way. */
  setBusy(busy: boolean): void {
    this.#area.setAttribute('aria-busy', String(busy));
  }

  clear(): void {
    this.#area.replaceChildren();
    this.#progress.clear();
  }

  /** A problem outside the step's own events: it could not start, the stream broke. */
  problem(title: string, message: string): void {
    const box = el('div', 'ev ev-error unexpected');
    box.append(el('strong', 'ev-error-name', title), el('span', 'ev-error-message', message));
    addHint(box, title, message, false);
    this.#area.append(box);
  }

  /** A line of the stream that is not a StepEvent, shown as it came. */
  unreadable(text: string): void {
    this.#area.append(el('div', 'ev ev-log ev-unreadable', text));
  }

  render(event: StepEvent): void {
    switch (event.type) {
      case 'start':
        return;
      case 'call':
        this.#area.append(callView(event));
        return;
      case 'log':
        this.#area.append(el('div', 'ev ev-log', event.text));
        return;
      case 'progress': {
        let row = this.#progress.get(event.label);
        if (!row) {
          const wrap = el('div', 'ev ev-progress');
          const bar = el('progress');
          bar.setAttribute('aria-label', event.label);
          const count = el('span', 'progress-count');
          wrap.append(el('span', 'progress-label', event.label), bar, count);
          this.#area.append(wrap);
          row = { bar, count };
          this.#progress.set(event.label, row);
        }
        row.bar.max = Math.max(event.total, 1);
        row.bar.value = Math.min(Math.max(event.done, 0), row.bar.max);
        row.count.textContent = `${event.done} / ${event.total}`;
        return;
      }
      case 'result': {
        let result = this.#area.querySelector<HTMLElement>('[data-testid="result"]');
        if (!result) {
          result = el('div', 'ev ev-result');
          result.dataset.testid = 'result';
          this.#area.append(result);
        }
        result.replaceChildren(el('div', 'ev-label', 'Result'), el('pre', 'ev-json', pretty(event.value)));
        for (const offer of findOffers(event.value)) result.append(createOfferControl(offer, { lesson: this.#lesson }));
        return;
      }
      case 'error': {
        const box = el('div', `ev ev-error ${event.expected ? 'expected' : 'unexpected'}`);
        box.append(
          el('span', 'ev-error-kind', event.expected ? 'Denied as expected' : 'Error'),
          el('strong', 'ev-error-name', event.name),
          el('span', 'ev-error-message', event.message),
        );
        addHint(box, event.name, event.message, event.expected);
        this.#area.append(box);
        return;
      }
      case 'end':
        this.#area.append(el('div', `ev ev-end status-${event.status}`, endLine(event.status, event.ms)));
        return;
    }
  }
}
