/**
 * What the steps' own buttons mean to the built-in authenticator, with one listener each for the
 * whole page. A step's fill button (Step.astro, `[data-mfa-fill]`) fetches fresh codes, shows
 * them in the lesson's authenticators and fills that step's inputs. A step's Run (the submit of
 * its form) records the MFA codes it sends (sent-codes.ts), clears the step's fill note and
 * makes the lesson's authenticators ask the server again. It neither runs steps (run-step.ts)
 * nor draws the authenticator (mfa-authenticator.ts).
 */
import { fetchAuthenticator } from './authenticator-api.ts';
import { NO_DEVICE, type Answer } from './authenticator-answer.ts';
import { fillMfaCodes, stepFillNote } from './fill-mfa-codes.ts';
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

  // Remember the codes a step sends: the Run button submits the step's form. Capture phase, so
  // this runs before run-step.ts handles the submit.
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target as HTMLFormElement | null;
      const lesson = form?.closest<HTMLElement>('run-step')?.dataset.lesson;
      if (!form || !lesson) return;
      form.querySelectorAll<HTMLInputElement>('.field-mfa-code input').forEach((field) => {
        if (/^\d{6}$/.test(field.value.trim())) sentCodes(lesson).add(field.value.trim());
      });
      form.querySelectorAll<HTMLElement>('[data-part="mfa-fill-note"]').forEach((note) => (note.textContent = ''));
      for (const a of authenticators(lesson)) a.refresh();
    },
    true,
  );

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
      })
      .catch((err: unknown) => {
        if (note) note.textContent = `Could not reach the notebook server: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
