/**
 * `<completion-mark data-lesson>`: the "completed" mark of one lesson, in the sidebar and on
 * the home page (markup in CompletionMark.astro, hidden until known). It shows itself when
 * `GET /api/lessons` marks the lesson completed: the page-load answer shared with the steps
 * (step-statuses.ts), then every fresh answer a finished step brings (PROGRESS_EVENT). Without
 * a server or a token it stays hidden. It does not decide what "completed" means (the server does).
 */
import type { LessonsAnswer } from '../../api/contract.ts';
import { completedLessons } from './completed-lessons.ts';
import { onLessonsAnswer } from './on-lessons-answer.ts';

class CompletionMark extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    onLessonsAnswer((body) => this.#show(body));
  }

  #show(body: LessonsAnswer): void {
    this.hidden = !completedLessons(body).has(this.dataset.lesson ?? '');
  }
}

if (!customElements.get('completion-mark')) customElements.define('completion-mark', CompletionMark);
