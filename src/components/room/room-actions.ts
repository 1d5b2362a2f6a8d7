/**
 * The facilitator's actions on one learner (the dialog in RoomActions.astro, opened by a row's
 * Manage button): catch up to a step (the server runs the steps before it that are not done;
 * it can take several seconds, so the dialog says what is running and keeps its buttons busy),
 * reset a lesson, and remove the learner (asked twice: the second press confirms). What
 * happened is said in the dialog and on the page; the grid follows on the next poll.
 */
import { ApiError, apiPost } from '../../api/api-client.ts';
import type { CatchUpAnswer, GridLearner, RoomAnswer } from '../../api/contract.ts';
import { lessonProgress } from './grid-model.ts';

export class LearnerActions {
  readonly #dialog: HTMLDialogElement;
  readonly #say: (text: string) => void;
  readonly #refresh: () => void;
  #learner: GridLearner | undefined;
  #room: RoomAnswer | undefined;
  #busy = false;
  #confirmRemove = false;

  constructor(dialog: HTMLDialogElement, say: (text: string) => void, refresh: () => void) {
    this.#dialog = dialog;
    this.#say = say;
    this.#refresh = refresh;
    for (const form of dialog.querySelectorAll<HTMLFormElement>('form[data-action]')) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void this.#do(form.dataset.action ?? '', new FormData(form));
      });
    }
    dialog.addEventListener('cancel', (event) => {
      if (this.#busy) event.preventDefault(); // stays open until the server answers
    });
  }

  update(room: RoomAnswer): void {
    this.#room = room;
    if (!this.#learner) return;
    const now = room.learners.find((l) => l.id === this.#learner!.id);
    if (now) this.#learner = now;
    else if (this.#dialog.open && !this.#busy) this.#status(`${this.#learner.name} is no longer in the room.`);
  }

  open(id: string, lesson: string): void {
    const learner = this.#room?.learners.find((l) => l.id === id);
    if (!learner || !this.#room) return;
    this.#learner = learner;
    this.#confirmRemove = false;
    this.#removeButton.textContent = 'Remove learner';
    this.#part('room-learner-title', true).textContent = learner.name;
    this.#part('learner-sub').textContent = `Account ${learner.accountId} · joined ${new Date(learner.joinedAt).toLocaleTimeString()}${learner.busy ? ` · now ${learner.busy}` : ''}`;
    if (lesson) {
      const reset = this.#dialog.querySelector<HTMLSelectElement>('#room-reset-lesson')!;
      reset.value = lesson;
      const info = this.#room.lessons.find((l) => l.slug === lesson);
      const done = info ? lessonProgress(learner, info).done : 0;
      const next = info?.steps.filter((s) => s.phase !== 'teardown')[Math.min(done, info.steps.length - 1)];
      const pick = this.#dialog.querySelector<HTMLSelectElement>('#room-catch-up-step')!;
      if (next) pick.value = `${lesson}/${next.id}`;
    }
    this.#status('');
    this.#dialog.showModal();
  }

  get #removeButton(): HTMLButtonElement {
    return this.#dialog.querySelector<HTMLButtonElement>('[data-testid="remove-learner"]')!;
  }

  #part(name: string, byId = false): HTMLElement {
    return this.#dialog.querySelector<HTMLElement>(byId ? `#${name}` : `[data-part="${name}"]`)!;
  }

  #status(text: string): void {
    this.#part('status').textContent = text;
  }

  #title(lesson: string, step?: string): string {
    const l = this.#room?.lessons.find((x) => x.slug === lesson);
    if (!step) return l?.title ?? lesson;
    return l?.steps.find((s) => s.id === step)?.title ?? step;
  }

  async #do(action: string, form: FormData): Promise<void> {
    const learner = this.#learner;
    if (!learner || this.#busy) return;
    if (action === 'remove' && !this.#confirmRemove) {
      this.#confirmRemove = true;
      this.#removeButton.textContent = `Yes, remove ${learner.name}`;
      this.#status(`Press “Yes, remove ${learner.name}” to delete everything in their account and sign them out.`);
      return;
    }
    const base = `/api/room/learners/${encodeURIComponent(learner.id)}` as const;
    this.#setBusy(true);
    try {
      let said: string;
      if (action === 'catch-up') {
        const [lesson = '', step = ''] = String(form.get('target') ?? '').split('/');
        this.#status(`Catching ${learner.name} up to “${this.#title(lesson, step)}”: running the steps before it one by one, this can take several seconds…`);
        said = this.#caughtUp(learner.name, lesson, step, await apiPost(`${base}/catch-up`, { lesson, step }));
      } else if (action === 'reset') {
        const lesson = String(form.get('lesson') ?? '');
        this.#status(`Resetting “${this.#title(lesson)}” for ${learner.name}: running its teardown…`);
        const answer = await apiPost(`${base}/reset`, { lesson });
        said = `Reset “${this.#title(lesson)}” for ${learner.name}${answer.removed.length > 0 ? `: removed ${answer.removed.length} resource${answer.removed.length === 1 ? '' : 's'}` : ''}.`;
      } else {
        this.#status(`Removing ${learner.name} and cleaning their account…`);
        const answer = await apiPost(`${base}/remove`, {});
        said = `Removed ${learner.name} from the room${answer.failed.length > 0 ? `; ${answer.failed.length} resources could not be deleted: ${answer.failed.join(', ')}` : ''}.`;
        this.#dialog.close();
      }
      this.#status(said);
      this.#say(said);
    } catch (err) {
      const message = err instanceof ApiError ? err.message : `Could not reach the notebook server (${err instanceof Error ? err.message : String(err)}).`;
      this.#status(`Not done: ${message}`);
    } finally {
      this.#setBusy(false);
      this.#confirmRemove = false;
      this.#removeButton.textContent = 'Remove learner';
      this.#refresh();
    }
  }

  #caughtUp(name: string, lesson: string, step: string, answer: CatchUpAnswer): string {
    const target = `“${this.#title(lesson, step)}”`;
    const ran = answer.ran.length;
    if (answer.stopped) {
      return `Catch-up for ${name} stopped at “${this.#title(lesson, answer.stopped.step)}”: ${answer.stopped.reason}`;
    }
    if (ran === 0) return `${name} had already done every step before ${target}: nothing to run.`;
    return `${name} is caught up to ${target}: ran ${ran} step${ran === 1 ? '' : 's'}, all as meant.`;
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    this.#dialog.setAttribute('aria-busy', String(busy));
    for (const control of this.#dialog.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('button, select')) control.disabled = busy;
  }
}
