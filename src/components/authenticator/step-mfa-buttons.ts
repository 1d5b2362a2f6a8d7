/**
 * What the steps' own buttons mean to the built-in authenticator, with one listener each for the
 * whole page. A step's fill button (Step.astro, `[data-mfa-fill]`) fetches fresh codes, shows
 * them in the lesson's authenticators and fills that step's inputs; when those codes were already
 * sent, on the sandbox, it offers the step's "Skip the wait (sandbox)" button (`[data-mfa-skip]`,
 * mfa-skip-wait.ts), which moves the sandbox clock to unused codes and fills them. A step's run
 * (the `step-run` event of <run-step>, whether Run, Shift+Enter or Run all started it) records
 * the MFA codes it sends (sent-codes.ts), clears the step's fill note and makes the lesson's
 * authenticators ask the server again. It neither runs steps (run-step.ts) nor draws the
 * authenticator (mfa-authenticator.ts).
 */
import { fetchAuthenticator } from './authenticator-api.ts';
import { NO_DEVICE, type Answer } from './authenticator-answer.ts';
import { fillMfaCodes, mfaFieldsOf, stepFillNote } from './fill-mfa-codes.ts';
import { codesWait, seconds } from './mfa-fill-text.ts';
import { fillFreshCodes, isSandboxTarget } from './mfa-skip-wait.ts';
import { sentCodes } from './sent-codes.ts';

/** What these listeners need from an authenticator on the page. */
export interface AuthenticatorHandle {
  /** Shows an answer fetched elsewhere. */
  show(answer: Answer): void;
  /** Asks the server now. */
  refresh(): void;
}

let installed = false;

/** Adds the two page-wide listeners (once); `authenticators` lists a lesson's authenticators. */
export function installStepMfaButtons(authenticators: (lesson: string) => Iterable<AuthenticatorHandle>): void {
  if (installed) return;
  installed = true;

  // Remember the codes a step sends: <run-step> announces each run it starts, before it reads
  // the inputs (run-step.ts), however it was started.
  document.addEventListener('step-run', (event) => {
    const step = event.target as HTMLElement | null;
    const lesson = step?.dataset.lesson;
    if (!step || !lesson) return;
    step.querySelectorAll<HTMLInputElement>('.field-mfa-code input').forEach((field) => {
      if (/^\d{6}$/.test(field.value.trim())) sentCodes(lesson).add(field.value.trim());
    });
    step.querySelectorAll<HTMLElement>('[data-part="mfa-fill-note"]').forEach((note) => (note.textContent = ''));
    showSkip(step, false);
    for (const a of authenticators(lesson)) a.refresh();
  });

  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-mfa-fill]');
    if (!button) return;
    const step = button.closest<HTMLElement>('run-step');
    const lesson = step?.dataset.lesson;
    if (!step || !lesson) return;
    event.preventDefault();
    const note = stepFillNote(step);
    button.disabled = true;
    fetchAuthenticator(lesson)
      .then((answer) => {
        // Show the fresh codes first (that clears notes about older codes), then fill.
        for (const a of authenticators(lesson)) a.show(answer);
        const text = 'view' in answer ? fillMfaCodes(step, answer.view, sentCodes(lesson)) : 'missing' in answer ? NO_DEVICE : answer.problem;
        if (note) note.textContent = text;
        const spent = 'view' in answer && codesWait(mfaFieldsOf(step), answer.view, sentCodes(lesson)) > 0;
        if (spent) void isSandboxTarget().then((sandbox) => showSkip(step, sandbox));
        else showSkip(step, false);
      })
      .catch((err: unknown) => {
        if (note) note.textContent = `Could not reach the notebook server: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });

  // The sandbox's way out of the wait: move its clock to unused codes, then fill them in.
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-mfa-skip]');
    const step = button?.closest<HTMLElement>('run-step');
    const lesson = step?.dataset.lesson;
    if (!button || !step || !lesson) return;
    event.preventDefault();
    const note = stepFillNote(step);
    button.disabled = true;
    fillFreshCodes(step, lesson, { skip: true })
      .then(({ text, skipped, view }) => {
        // Show the new codes first (that clears notes about older codes), then say what was done.
        for (const a of authenticators(lesson)) a.show({ view });
        if (note) note.textContent = skipped > 0 ? `Moved the sandbox clock ${seconds(skipped)} ahead. ${text}` : text;
        showSkip(step, false);
        step.querySelector<HTMLElement>('[data-testid="run"]')?.focus();
      })
      .catch((err: unknown) => {
        if (note) note.textContent = `Could not skip the wait: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

/** Shows or hides a step's "Skip the wait (sandbox)" button and the sentence explaining it. */
export function showSkip(step: HTMLElement, shown: boolean): void {
  step.querySelectorAll<HTMLElement>('[data-part="mfa-skip"]').forEach((el) => (el.hidden = !shown));
}
