/**
 * Filling a step's MFA inputs (Step.astro) with the authenticator's codes: `code` ← the current
 * code; `code1` ← the current code and `code2` ← the next one (EnableMFADevice). Each filled
 * input gets `input` and `change` events and a short highlight (`.mfa-filled`,
 * authenticator.css). It does not fetch codes or decide when to fill: the authenticator panel
 * and the steps' own fill buttons (step-mfa-buttons.ts) do; the sentences come from
 * mfa-fill-text.ts.
 */
import type { View } from './authenticator-answer.ts';
import { mfaFillText, type MfaFields } from './mfa-fill-text.ts';

/** The lesson's `<run-step>` for `stepId`, if it is on this page. */
export function stepElement(lesson: string, stepId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`run-step[data-lesson="${CSS.escape(lesson)}"][data-step="${CSS.escape(stepId)}"]`);
}

/** The note next to a step's own fill button (Step.astro). */
export function stepFillNote(step: HTMLElement): HTMLElement | null {
  return step.querySelector<HTMLElement>('[data-part="mfa-fill-note"]');
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

/** Which MFA inputs a step has: `code1` + `code2`, one `code`, or none. */
export function mfaFieldsOf(step: HTMLElement): MfaFields {
  if (input(step, 'code1') && input(step, 'code2')) return 'pair';
  return input(step, 'code') ? 'single' : 'none';
}

/** Fills one step's MFA inputs from `view` and returns a sentence saying what happened. */
export function fillMfaCodes(step: HTMLElement, view: View, sent: ReadonlySet<string>): string {
  const code1 = input(step, 'code1');
  const code2 = input(step, 'code2');
  const code = input(step, 'code');
  if (code1 && code2) {
    const text = mfaFillText('pair', view, sent);
    setValue(code1, view.code);
    setValue(code2, view.nextCode);
    return text;
  }
  if (code) {
    const text = mfaFillText('single', view, sent);
    setValue(code, view.code);
    return text;
  }
  return mfaFillText('none', view, sent);
}
