/**
 * The control for an offered secret (a console sign-in URL): when a step's result carries an
 * `OfferRef` (`{ $offer, label, masked, expiresAt }`, see src/lessons/lesson.ts), step-output.ts
 * puts one of these under the result. It shows the label, the masked value and a countdown;
 * "Reveal once" POSTs `/api/lessons/<lesson>/offers/<name>/reveal` (the server hands the value
 * out once, and refuses a second or expired reveal with 409), then shows the value with Copy and
 * "Open the console" (a new tab, `noopener noreferrer`) and a warning that the URL signs anyone
 * in. When the offer expires the value is masked again and the link removed. In the result JSON
 * above it an offer is shown as a short placeholder (withOfferPlaceholders). A control rebuilt
 * from a remembered run (after a reload) never reveals by itself: its countdown starts from
 * what was left then (agedOffer), and a reveal already used is refused (409) and says so. Text
 * only (textContent, attributes), no innerHTML. The pure parts live beside it, each tested with
 * node:test: offer-ref.ts (finding offers in a result, placeholders, aging), offer-validity.ts
 * (the countdown text) and reveal-answer.ts (the reveal API's path, which values may be links); the two text
 * helpers here (displayMasked, heading) are tested in offer-control.test.ts.
 */
import { ApiError, apiPost } from '../../api/api-client.ts';
import type { RevealAnswer } from '../../api/contract.ts';
import type { OfferRef } from '../../lessons/lesson.ts';
import { offerValidity } from './offer-validity.ts';
import { linkable, revealPath } from './reveal-answer.ts';

// step-output.ts finds and rewrites a result's offers through this module.

/**
 * The masked value as the page shows it. The server's redactor may already have replaced the
 * mask's dots with `[REDACTED…]` (it matches anything after `SigninToken=`); show dots either way.
 */
export function displayMasked(masked: string): string {
  return masked.replace(/\[REDACTED(?::[^\]]*)?\]/g, '••••');
}

/** "console sign-in URL" → "Console sign-in URL". */
export function heading(label: string): string {
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : 'Secret';
}

// ── DOM ────────────────────────────────────────────────────────────────────────────────────

export interface OfferControlOptions {
  lesson: string;
  /** Rebuilt from a remembered run: say that a reveal may already have been used. */
  remembered?: boolean;
  now?: () => number;
}

/** Builds the control for one OfferRef. Its countdown stops by itself once it leaves the page. */
export function createOfferControl(ref: OfferRef, options: OfferControlOptions): HTMLElement {
  const now = options.now ?? Date.now;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  // Count down from the lifetime the server reported, on this browser's clock: the target's
  // clock (the sandbox's) may run ahead of the wall.
  const fromNow = (seconds: number | undefined, fallback: string | undefined) =>
    seconds === undefined ? fallback : new Date(now() + seconds * 1000).toISOString();
  let expiresAt = fromNow(ref.expiresInSeconds, ref.expiresAt);
  let revealedValue: string | undefined;

  const root = el('section', 'offer');
  root.dataset.testid = 'offer';
  root.dataset.offer = ref.$offer;
  root.dataset.state = 'masked';
  const title = heading(ref.label);
  root.setAttribute('aria-label', title);

  const head = el('div', 'offer-head');
  const timer = el('span', 'offer-timer');
  timer.dataset.testid = 'offer-timer';
  head.append(lockIcon(), el('strong', 'offer-label', title), timer);

  const value = el('code', 'offer-value', displayMasked(ref.masked));
  value.dataset.testid = 'offer-value';

  const warning = el(
    'p',
    'offer-warning',
    `Anyone who has this URL is signed in to the console as this role until it expires: treat it like a password. ` +
      `Reveal it only when you are about to use it, and never paste it into chat, tickets or screenshots.`,
  );

  const actions = el('div', 'offer-actions');
  const revealButton = el('button', 'btn btn-primary btn-small', 'Reveal once');
  revealButton.type = 'button';
  revealButton.dataset.testid = 'offer-reveal';
  actions.append(revealButton);

  const note = el('p', 'offer-note');
  note.setAttribute('role', 'status');
  note.hidden = true;
  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    note.textContent = text;
    note.hidden = text === '';
    note.dataset.kind = kind;
  };

  root.append(head, value, warning, actions, note);
  if (options.remembered) say('From the last run: if it was revealed before, the notebook will not show it again.');

  let ticker: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    if (ticker !== undefined && !root.isConnected) {
      clearInterval(ticker);
      ticker = undefined;
      return;
    }
    if (root.dataset.state === 'refused') {
      // Nothing more to count down to: the server will not hand this value out again.
      timer.textContent = 'not available';
      timer.classList.remove('is-low');
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      return;
    }
    const state = offerValidity(expiresAt, now());
    timer.textContent = state.text;
    timer.classList.toggle('is-low', state.msLeft !== undefined && state.msLeft < 60_000);
    if (state.expired) expire();
  };
  const expire = () => {
    if (root.dataset.state === 'expired') return;
    root.dataset.state = 'expired';
    revealedValue = undefined;
    value.textContent = displayMasked(ref.masked);
    revealButton.disabled = true;
    revealButton.textContent = 'Reveal once';
    actions.replaceChildren(revealButton);
    say('This URL has expired. Run the step again for a new one.');
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  };

  const showRevealed = (answer: RevealAnswer) => {
    revealedValue = answer.value;
    if (answer.expiresAt) expiresAt = fromNow(answer.expiresInSeconds, answer.expiresAt);
    root.dataset.state = 'revealed';
    value.textContent = answer.value;
    revealButton.disabled = true;
    revealButton.textContent = 'Revealed';
    const copy = el('button', 'btn btn-secondary btn-small', 'Copy');
    copy.type = 'button';
    copy.dataset.testid = 'offer-copy';
    copy.addEventListener('click', () => void copyValue(copy));
    actions.replaceChildren(revealButton, copy);
    if (linkable(answer.value)) {
      const open = el('a', 'btn btn-primary btn-small offer-open', 'Open the console');
      open.href = answer.value;
      open.target = '_blank';
      open.rel = 'noopener noreferrer';
      open.referrerPolicy = 'no-referrer';
      open.dataset.testid = 'offer-open';
      actions.append(open);
    }
    say('Shown once: the notebook will not show it again. Run the step again if you need a new one.');
  };

  const copyValue = async (button: HTMLButtonElement) => {
    if (revealedValue === undefined) return;
    let done = 'Copied';
    try {
      await navigator.clipboard.writeText(revealedValue);
    } catch {
      const range = document.createRange();
      range.selectNodeContents(value);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      done = 'Press Ctrl+C';
    }
    button.textContent = done;
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 1600);
  };

  revealButton.addEventListener('click', async () => {
    if (revealButton.disabled) return;
    revealButton.disabled = true; // before any await: a double click reveals once
    say('Revealing…');
    try {
      showRevealed(await apiPost(revealPath(options.lesson, ref.$offer), {}));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // An ApiError is the server's refusal, a SyntaxError an answer it sent; anything else never reached it.
      if (!(error instanceof ApiError || error instanceof SyntaxError)) {
        // Never reached the server: nothing was revealed, so trying again is safe.
        say(`Could not reach the notebook server (${message}). Try again.`, 'error');
        revealButton.disabled = false;
      } else {
        // Refused (already shown once, expired, or unknown): another click would not help.
        say(message, 'error');
        root.dataset.state = 'refused';
        revealButton.textContent = 'Not available';
      }
    }
    tick();
  });

  tick();
  if (root.dataset.state !== 'expired' && expiresAt !== undefined) ticker = setInterval(tick, 1000);
  return root;
}

/** A small padlock (SVG built node by node; emoji fonts are not everywhere). */
function lockIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'offer-icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute(
    'd',
    'M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z',
  );
  svg.append(path);
  return svg;
}
