/**
 * `<next-lesson data-lesson>` on a lesson page (markup in NextLesson.astro): once the server
 * marks the lesson completed, it appears right after the lesson's last step, announces it, and
 * emphasises the pager's next link. It learns of completion from the page-load answer of
 * `GET /api/lessons` (shared, step-statuses.ts) and, after any step on the page stops running
 * (a `<run-step>`'s data-status leaves "running") or goes back to idle (a reset), from a fresh
 * answer that it also hands to every other mark on the page (PROGRESS_EVENT). It runs nothing
 * and never decides completion itself.
 */
import { fetchLessons } from '../step/step-statuses.ts';
import type { LessonsAnswer } from '../../api/contract.ts';
import { completedLessons, PROGRESS_EVENT } from './completed-lessons.ts';
import { onLessonsAnswer } from './on-lessons-answer.ts';

class NextLesson extends HTMLElement {
  #wired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    if (this.#wired) return; // moving the element after the last step connects it again
    this.#wired = true;
    onLessonsAnswer((body) => this.#show(body));
    const watched = this.closest('article') ?? document.body;
    new MutationObserver((records) => {
      const ended = records.some((r) => {
        const now = (r.target as HTMLElement).dataset.status;
        return r.target instanceof HTMLElement && r.target.localName === 'run-step' && r.oldValue !== now && (r.oldValue === 'running' || now === 'idle');
      });
      if (ended) this.#refresh();
    }).observe(watched, { subtree: true, attributes: true, attributeFilter: ['data-status'], attributeOldValue: true });
  }

  /** Asks the server again, once a burst of step changes (Run all, a reset) has settled. */
  #refresh(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      fetchLessons().then(
        (body) => document.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: body })),
        () => {},
      );
    }, 150);
  }

  #show(body: LessonsAnswer): void {
    const completed = completedLessons(body).has(this.dataset.lesson ?? '');
    document.querySelector('nav.pager')?.classList.toggle('is-lesson-completed', completed);
    if (completed === !this.hidden) return;
    if (completed) {
      const steps = this.closest('article')?.querySelectorAll('run-step');
      const last = steps?.[steps.length - 1];
      if (last && last.nextElementSibling !== this) last.after(this);
    }
    this.hidden = !completed;
    const said = this.querySelector<HTMLElement>('[data-part="said"]');
    if (said) said.textContent = completed ? 'Lesson completed: every step ended as meant.' : '';
  }
}

if (!customElements.get('next-lesson')) customElements.define('next-lesson', NextLesson);
