/**
 * A step's output area (`data-testid="output"`, Step.astro): turns the streamed StepEvents into
 * elements as they arrive — SDK calls as the call inspector's rows (inspector/call-view.ts: status,
 * input, output, the AWS CLI command, each with a Copy button), log lines, progress
 * bars (one per label stem and run, render-event.ts's progressStem: a retry loop's "…, 6 s",
 * "…, 12 s" move one bar, and its ": ready" ends it), the result (offers shown as a placeholder
 * in the JSON and as a reveal-once control below it, offer-control.ts), errors (a Stop as a
 * neutral "Stopped") and the closing status line — plus the boxes for the page's own news: a
 * start the server refused (a neutral notice that links the step it names, step-links.ts), a
 * broken stream. `replay` draws a remembered run the same way under a "Last run, <time>" line.
 * Under every error it says why in one sentence (inspector/error-explanations.ts, with the failed
 * call's service when known), under an unexpected one it adds render-event.ts's errorHint, and
 * the result has a Copy button. Text only (textContent, never
 * innerHTML); it neither fetches nor sets the step's status (run-step.ts).
 */
import type { StepEvent } from '../../lessons/events.ts';
import type { StreamItem } from './ndjson.ts';
import { endLine, errorHint, errorView, isReadyLabel, lastRunTime, pretty, progressStem } from './render-event.ts';
import { callView, explanationView } from '../inspector/call-view.ts';
import { copyableLabel } from '../inspector/copy-button.ts';
import { createOfferControl } from '../offer/offer-control.ts';
import { agedOffer, findOffers, withOfferPlaceholders } from '../offer/offer-ref.ts';
import { runTimes } from './last-run.ts';
import type { MessagePart } from './step-links.ts';
import './step-output.css';
// The offer control's styles, here because offer-control.ts is unit-tested under Node, which imports no CSS.
import '../offer/offer.css';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Appends errorHint's advice to an error box, if it has any for this error. */
function addHint(box: HTMLElement, name: string, message: string, expected: boolean): void {
  const hint = errorHint(name, message, expected);
  if (!hint) return;
  const p = el('p', 'ev-hint', hint);
  p.dataset.testid = 'hint';
  box.append(p);
}

interface ProgressRow {
  stem: string;
  wrap: HTMLElement;
  label: HTMLElement;
  bar: HTMLProgressElement;
  count: HTMLElement;
}

export class StepOutput {
  readonly #area: HTMLElement;
  readonly #lesson: string;
  /** The bars still moving in this run, by label stem; a finished bar leaves the map. */
  #progress = new Map<string, ProgressRow>();
  /** The bar moved last and not finished: the one a ": ready" event completes. */
  #lastOpen: ProgressRow | undefined;
  /** While a remembered run is drawn: when its result was made (ms), for the offers' countdown. */
  #replayMadeAt: number | undefined;
  /** The last call that failed in this run: the service an error event's explanation is about. */
  #lastFailedCall: Extract<StepEvent, { type: 'call' }> | undefined;

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
    this.#lastOpen = undefined;
    this.#lastFailedCall = undefined;
  }

  /** A problem outside the step's own events once it ran: the stream broke. */
  problem(title: string, message: string): void {
    const box = el('div', 'ev ev-error unexpected');
    box.append(el('strong', 'ev-error-name', title), el('span', 'ev-error-message', message));
    addHint(box, title, message, false);
    this.#area.append(box);
  }

  /**
   * News that is not a run, at the top of the output (above the last run, which stays): the
   * server refused to start the step, or could not be reached. Neutral, not the failed style;
   * the parts naming a step are links to it. Replaces an earlier notice.
   */
  notice(kind: string, parts: MessagePart[], action?: { label: string; run(): void }): void {
    this.dismissNotice();
    const box = el('div', 'ev ev-notice');
    box.dataset.testid = 'notice';
    const message = el('span', 'ev-notice-message');
    for (const part of parts) {
      if ('step' in part) {
        const link = el('a', 'ev-notice-link', part.text);
        link.href = `#step-${part.step}`;
        message.append(link);
      } else {
        message.append(part.text);
      }
    }
    box.append(el('span', 'ev-notice-kind', kind), message);
    if (action) {
      const button = el('button', 'btn btn-primary ev-notice-action', action.label);
      button.type = 'button';
      button.dataset.testid = 'notice-action';
      button.addEventListener('click', () => action.run(), { once: true });
      box.append(button);
    }
    this.#area.prepend(box);
  }

  dismissNotice(): void {
    for (const old of this.#area.querySelectorAll(':scope > [data-testid="notice"]')) old.remove();
  }

  /** A line of the stream that is not a StepEvent, shown as it came. */
  unreadable(text: string): void {
    this.#area.append(el('div', 'ev ev-log ev-unreadable', text));
  }

  /**
   * Draws a remembered run (the server's last-run answer) as if it had just streamed, under a
   * subtle "Last run, 14:32:05" line. Its offers get a masked control that never reveals by
   * itself and counts down from when the offer was made.
   */
  replay(items: readonly StreamItem[], now = new Date()): void {
    this.clear();
    const { startedAt, endedAt } = runTimes(items);
    const line = el('p', 'ev ev-last-run');
    line.dataset.testid = 'last-run';
    const time = startedAt ? lastRunTime(startedAt, now) : '';
    if (time && startedAt) {
      const stamp = el('time', '', time);
      stamp.dateTime = startedAt;
      line.append('Last run, ', stamp);
    } else {
      line.textContent = 'Last run';
    }
    this.#area.append(line);
    this.#replayMadeAt = endedAt ?? Number.NaN;
    try {
      for (const item of items) {
        if ('unreadable' in item) this.unreadable(item.unreadable);
        else this.render(item.event);
      }
    } finally {
      this.#replayMadeAt = undefined;
    }
  }

  render(event: StepEvent): void {
    switch (event.type) {
      case 'start':
        return;
      case 'call':
        if (event.error) this.#lastFailedCall = event;
        this.#area.append(callView(event));
        return;
      case 'log':
        this.#area.append(el('div', 'ev ev-log', event.text));
        return;
      case 'progress':
        this.#progressEvent(event);
        return;
      case 'result': {
        let result = this.#area.querySelector<HTMLElement>('[data-testid="result"]');
        if (!result) {
          result = el('div', 'ev ev-result');
          result.dataset.testid = 'result';
          this.#area.append(result);
        }
        const pre = el('pre', 'ev-json', pretty(withOfferPlaceholders(event.value)));
        result.replaceChildren(copyableLabel('Result', 'the result', () => pre), pre);
        const madeAt = this.#replayMadeAt;
        for (const offer of findOffers(event.value)) {
          const ref = madeAt === undefined ? offer : agedOffer(offer, madeAt, Date.now());
          result.append(createOfferControl(ref, { lesson: this.#lesson, remembered: madeAt !== undefined }));
        }
        return;
      }
      case 'error': {
        const view = errorView(event.name, event.message, event.expected);
        const box = el('div', `ev ev-error ${view.tone}`);
        box.append(el('span', 'ev-error-kind', view.kind));
        if (view.name !== undefined) box.append(el('strong', 'ev-error-name', view.name));
        box.append(el('span', 'ev-error-message', view.message));
        const call = this.#lastFailedCall?.error?.name === event.name ? this.#lastFailedCall : undefined;
        if (view.tone !== 'cancelled') {
          box.append(explanationView({ name: event.name, message: event.message, service: call?.service, operation: call?.operation }, 'ev-why'));
        }
        addHint(box, event.name, event.message, event.expected);
        this.#area.append(box);
        return;
      }
      case 'end':
        this.#area.append(el('div', `ev ev-end status-${event.status}`, endLine(event.status, event.ms)));
        return;
    }
  }

  /**
   * One bar per label stem: a retry loop's events move the same bar (its label follows the
   * latest, "…, 12 s"), a ": ready" event completes the bar that was moving, and a bar that
   * reached its total is done: the next event with its stem starts a new one.
   */
  #progressEvent(event: Extract<StepEvent, { type: 'progress' }>): void {
    const stem = progressStem(event.label);
    let row = this.#progress.get(stem);
    if (!row && isReadyLabel(event.label) && this.#lastOpen) row = this.#lastOpen;
    if (!row) {
      const wrap = el('div', 'ev ev-progress');
      const label = el('span', 'progress-label');
      const bar = el('progress');
      const count = el('span', 'progress-count');
      wrap.append(label, bar, count);
      this.#area.append(wrap);
      row = { stem, wrap, label, bar, count };
    }
    this.#progress.delete(row.stem);
    row.stem = stem;
    row.label.textContent = event.label;
    row.bar.setAttribute('aria-label', event.label);
    row.bar.max = Math.max(event.total, 1);
    row.bar.value = Math.min(Math.max(event.done, 0), row.bar.max);
    row.count.textContent = `${event.done} / ${event.total}`;
    const finished = event.total > 0 && event.done >= event.total;
    row.wrap.classList.toggle('is-done', finished);
    if (finished) {
      if (this.#lastOpen === row) this.#lastOpen = undefined;
    } else {
      this.#progress.set(stem, row);
      this.#lastOpen = row;
    }
  }
}
