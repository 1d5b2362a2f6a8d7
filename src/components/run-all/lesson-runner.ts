/**
 * <lesson-runner data-lesson>: the behaviour of the lesson toolbar (markup from LessonRunner.astro).
 * Run all and the steps' "Run to here" (a `run-to-here` event from <run-step>) ask the server
 * which steps are done (GET /api/lessons), pick the steps to run (run-plan.ts) and run them one
 * at a time through each step's own <run-step>, so every output appears where it would on a
 * click; a step with MFA inputs is first filled from the built-in authenticator with unused codes
 * (mfa-skip-wait.ts: on the sandbox its clock skips the wait, on a real account the page waits).
 * It stops at the first step that does not end as meant, and on Stop (the Run all button, or
 * Escape in the toolbar). Reset lesson asks in a dialog, runs the teardown steps, calls
 * `POST /api/lessons/:lesson/reset` and clears every step; it then dispatches `lesson-reset` on
 * the document for other widgets. It neither draws step output nor decides what a step does.
 */
import { ApiError, apiGet, apiPost } from '../../api/api-client.ts';
import { mfaFieldsOf, stepFillNote } from '../authenticator/fill-mfa-codes.ts';
import { seconds } from '../authenticator/mfa-fill-text.ts';
import { fillFreshCodes, isSandboxTarget } from '../authenticator/mfa-skip-wait.ts';
import type { RunStep } from '../step/run-step.ts';
import { linkStepTitles, stepsOnPage } from '../step/step-links.ts';
import { asMeant, doneText, lessonStatuses, runAllPlan, runningText, runToHerePlan, stoppedText, teardownPlan, type Phase, type Plan, type PlanStep } from './run-plan.ts';

class LessonRunner extends HTMLElement {
  #wired = false;
  /** What the toolbar is doing: nothing, a Run all / Run to here, or a reset. */
  #busy: 'run' | 'reset' | undefined;
  #stop = new AbortController();
  #current: RunStep | undefined;
  /** Seconds the sandbox clock was moved in this sequence, to skip MFA waits. */
  #clockMoved = 0;
  #onRunToHere = (event: Event) => {
    const step = event.target as HTMLElement;
    if (step.dataset.lesson === this.lesson) void this.runToHere(step.dataset.step ?? '');
  };

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  #part<T extends HTMLElement>(name: string): T {
    const found = this.querySelector<T>(`[data-part="${name}"]`);
    if (!found) throw new Error(`<lesson-runner> is missing [data-part="${name}"]`);
    return found;
  }

  connectedCallback(): void {
    document.addEventListener('run-to-here', this.#onRunToHere);
    if (this.#wired) return;
    this.#wired = true;
    this.#part('run-all').addEventListener('click', () => (this.#busy ? this.stop() : void this.runAll()));
    const dialog = this.#part<HTMLDialogElement>('confirm');
    this.#part('reset').addEventListener('click', () => {
      dialog.returnValue = '';
      dialog.showModal();
    });
    dialog.addEventListener('close', () => {
      // Confirmed: the focus goes to the button that is Stop while the reset runs.
      const reset = dialog.returnValue === 'reset';
      this.#part(reset ? 'run-all' : 'reset').focus();
      if (reset) void this.reset();
    });
    const keys = this.querySelector('details');
    this.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || dialog.open) return;
      if (keys?.open) {
        // Escape closes the keyboard note first.
        event.preventDefault();
        keys.open = false;
        keys.querySelector('summary')?.focus();
      } else if (this.#busy) {
        event.preventDefault();
        this.stop();
      }
    });
    document.addEventListener('click', (event) => {
      if (keys?.open && !keys.contains(event.target as Node)) keys.open = false;
    });
  }

  disconnectedCallback(): void {
    document.removeEventListener('run-to-here', this.#onRunToHere);
  }

  /** Runs the setup, then the usage steps not done yet. */
  runAll(): Promise<void> {
    return this.#sequence(runAllPlan);
  }

  /** Runs the not-done steps above `id`, then `id`. */
  runToHere(id: string): Promise<void> {
    return this.#sequence((steps) => runToHerePlan(steps, id));
  }

  /** Stops the sequence and the step it is running. */
  stop(): void {
    if (!this.#busy) return;
    this.#stop.abort();
    void this.#current?.stop();
  }

  /** Runs the teardown steps, then forgets the lesson on the server and clears every step. */
  async reset(): Promise<void> {
    if (!this.#begin('reset')) return;
    try {
      const plan = teardownPlan(this.#pageSteps());
      if (!(await this.#runSteps(plan, true))) return;
      this.#say('Forgetting this lesson on the notebook server…');
      try {
        await apiPost(`/api/lessons/${encodeURIComponent(this.lesson)}/reset`, {});
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.#say(err instanceof ApiError ? `The lesson was not reset: ${message}` : `Could not reach the notebook server (${message}). The lesson was not reset.`);
        return;
      }
      for (const el of this.#elements()) el.clear();
      document.dispatchEvent(new CustomEvent('lesson-reset', { detail: { lesson: this.lesson } }));
      this.#say(plan.length > 0 ? 'Lesson reset: its teardown ran, and every step is back to idle.' : 'Lesson reset: every step is back to idle.');
    } finally {
      this.#end();
    }
  }

  // ── the sequence ──────────────────────────────────────────────────────────────────────

  async #sequence(choose: (steps: PlanStep[]) => Plan): Promise<void> {
    if (!this.#begin('run')) return;
    try {
      let steps: PlanStep[];
      try {
        steps = await this.#knownSteps();
      } catch (err) {
        this.#say(`Could not ask the notebook server which steps are done (${err instanceof Error ? err.message : String(err)}).`);
        return;
      }
      const plan = choose(steps);
      this.#clockMoved = 0;
      if (!(await this.#runSteps(plan.run, false, plan.skipped.length))) return;
      const moved = this.#clockMoved > 0 ? ` The sandbox clock moved ${seconds(this.#clockMoved)} ahead instead of waiting for unused MFA codes.` : '';
      this.#say(doneText(plan.run.length, plan.skipped.length) + moved);
    } finally {
      this.#end();
    }
  }

  /** Runs `steps` in order; false (and says why) when one did not end as meant or Stop was pressed. */
  async #runSteps(steps: PlanStep[], reset: boolean, skipped = 0): Promise<boolean> {
    const total = steps.length;
    const sandbox = steps.some((s) => this.#element(s.id) && mfaFieldsOf(this.#element(s.id)!) !== 'none') && (await isSandboxTarget());
    for (const [index, step] of steps.entries()) {
      const el = this.#element(step.id);
      const stopped = (outcome: Parameters<typeof stoppedText>[3]) => this.#say(stoppedText(index, total, step.title, outcome, this.#stop.signal.aborted, reset));
      if (this.#stop.signal.aborted || !el) {
        stopped('cancelled');
        return false;
      }
      const running = runningText(index, total, step.title, reset);
      this.#say(index === 0 && skipped > 0 ? `Skipping ${skipped} already done. ${running}` : running);
      this.#scrollTo(el);
      if (mfaFieldsOf(el) !== 'none') {
        try {
          const filled = await fillFreshCodes(el, this.lesson, {
            skip: sandbox,
            minLeft: 3,
            signal: this.#stop.signal,
            onWait: (left) => this.#say(`${running} — waiting ${seconds(left)} for an unused MFA code (AWS refuses a code twice).`),
          });
          const note = stepFillNote(el);
          if (note) note.textContent = filled.text;
          this.#clockMoved += filled.skipped;
          if (filled.skipped > 0) this.#say(`${running} — moved the sandbox clock ${seconds(filled.skipped)} ahead to an unused MFA code (AWS refuses a code twice; the sandbox lets you skip the wait).`);
        } catch (err) {
          if (this.#stop.signal.aborted) stopped('cancelled');
          else this.#say(`Stopped at ${index + 1} of ${total}: could not fill in the MFA codes of "${step.title}": ${err instanceof Error ? err.message : String(err)}`);
          return false;
        }
      }
      this.#current = el;
      const outcome = await el.run();
      this.#current = undefined;
      if (!asMeant(outcome)) {
        stopped(outcome);
        return false;
      }
    }
    return true;
  }

  // ── the steps on the page ─────────────────────────────────────────────────────────────

  #elements(): RunStep[] {
    return [...document.querySelectorAll<RunStep>(`run-step[data-lesson="${CSS.escape(this.lesson)}"]`)];
  }

  #element(id: string): RunStep | undefined {
    return this.#elements().find((el) => el.dataset.step === id);
  }

  /** The steps in page order, with the status shown on the page. */
  #pageSteps(): PlanStep[] {
    const phases = new Map(this.#elements().map((el) => [el.dataset.step, el.dataset.phase as Phase]));
    const statuses = new Map(this.#elements().map((el) => [el.dataset.step, el.dataset.status]));
    return stepsOnPage(this.lesson).map(({ id, title }) => ({ id, title, phase: phases.get(id) ?? 'usage', status: (statuses.get(id) ?? 'idle') as PlanStep['status'] }));
  }

  /** The steps in page order, with the statuses the server reports (and whether they are stale). */
  async #knownSteps(): Promise<PlanStep[]> {
    const known = lessonStatuses(await apiGet('/api/lessons'), this.lesson);
    return this.#pageSteps().map((s) => ({ ...s, ...known.get(s.id) }));
  }

  // ── the toolbar's own state ───────────────────────────────────────────────────────────

  #begin(kind: 'run' | 'reset'): boolean {
    if (this.#busy) {
      this.#say(this.#busy === 'reset' ? 'The lesson is being reset; wait for it, or press Stop.' : 'Steps are already running; wait for them, or press Stop.');
      return false;
    }
    this.#busy = kind;
    this.#stop = new AbortController();
    // Stick under the page's own sticky header, however tall it wrapped (a phone: two lines).
    const header = document.querySelector('.top')?.getBoundingClientRect().height;
    if (header) this.style.setProperty('--runner-top', `${Math.ceil(header)}px`);
    this.dataset.running = kind;
    this.#part('run-all-label').textContent = 'Stop';
    (this.#part('reset') as HTMLButtonElement).disabled = true;
    return true;
  }

  #end(): void {
    this.#busy = undefined;
    this.#current = undefined;
    delete this.dataset.running;
    this.#part('run-all-label').textContent = 'Run all';
    (this.#part('reset') as HTMLButtonElement).disabled = false;
  }

  /** The progress line (a polite live region); step titles in quotes become links to the step. */
  #say(text: string): void {
    const line = this.#part('progress');
    line.replaceChildren(
      ...linkStepTitles(text, stepsOnPage(this.lesson)).map((part) => {
        if (!('step' in part)) return document.createTextNode(part.text);
        const link = document.createElement('a');
        link.href = `#step-${part.step}`;
        link.textContent = part.text;
        return link;
      }),
    );
  }

  /** Brings the step's Run/Stop row to the top, its output streaming below it (no glide if motion is reduced). */
  #scrollTo(el: HTMLElement): void {
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    (el.querySelector<HTMLElement>('[data-part="controls"]') ?? el).scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }
}

if (!customElements.get('lesson-runner')) customElements.define('lesson-runner', LessonRunner);
