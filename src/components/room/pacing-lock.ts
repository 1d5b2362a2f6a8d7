/**
 * A learner's pacing on the page (part of the lazily loaded learner chrome): on a lesson the
 * facilitator has not opened yet, a notice under the lesson's header and its Run, Run all, Run to
 * here and try-it buttons disabled (teardown steps stay runnable, as the server allows); on the
 * home page, "Opens later" on the lesson cards. The server refuses a locked lesson's runs anyway
 * (403 LessonLocked), so this only saves the click. `applyPacing` is idempotent: it is called on
 * every poll and undoes itself when the lesson opens.
 */
import type { Pacing } from '../../api/contract.ts';
import { lessonOpen } from './grid-model.ts';

const NOTICE = ' The facilitator opens this lesson when the room gets there. You can read it now; its Run buttons work once it is open.';

export function applyPacing(pacing: Pacing): void {
  for (const article of document.querySelectorAll<HTMLElement>('article.lesson[data-lesson]')) {
    lockLesson(article, !lessonOpen(pacing, article.dataset.lesson ?? ''));
  }
  for (const card of document.querySelectorAll<HTMLElement>('a.lesson-card[data-lesson]')) {
    const locked = !lessonOpen(pacing, card.dataset.lesson ?? '');
    let badge = card.querySelector<HTMLElement>('.room-opens-later');
    if (locked && !badge) {
      badge = document.createElement('span');
      badge.className = 'room-opens-later';
      badge.textContent = 'Opens later';
      card.querySelector('.lesson-meta')?.append(badge);
    } else if (!locked && badge) badge.remove();
  }
}

function lockLesson(article: HTMLElement, locked: boolean): void {
  if ((article.dataset.roomLocked !== undefined) === locked) return;
  const slug = article.dataset.lesson ?? '';
  article.toggleAttribute('data-room-locked', locked);
  let notice = article.querySelector<HTMLElement>('.room-locked-notice');
  if (locked && !notice) {
    notice = document.createElement('p');
    notice.className = 'room-locked-notice';
    notice.dataset.testid = 'lesson-locked';
    notice.setAttribute('role', 'status');
    const lead = document.createElement('strong');
    lead.textContent = 'Not open yet.';
    notice.append(lead, NOTICE);
    article.querySelector(':scope > header')?.after(notice);
  } else if (!locked && notice) notice.remove();

  for (const step of document.querySelectorAll<HTMLElement>(`run-step[data-lesson="${CSS.escape(slug)}"]`)) {
    if (step.dataset.phase === 'teardown') continue;
    step.toggleAttribute('data-locked', locked);
    const run = step.querySelector<HTMLButtonElement>('[data-testid="run"]');
    if (run) run.disabled = locked || step.dataset.status === 'running';
    const toHere = step.querySelector<HTMLButtonElement>('[data-testid="run-to-here"]');
    if (toHere) toHere.disabled = locked;
  }
  const runAll = document.querySelector<HTMLButtonElement>(`lesson-runner[data-lesson="${CSS.escape(slug)}"] [data-testid="run-all"]`);
  // Run all doubles as Stop while it runs: only a resting toolbar is locked.
  if (runAll && !runAll.closest('[data-running]')) runAll.disabled = locked;
  const tryRun = document.querySelector<HTMLButtonElement>(`try-it[data-lesson="${CSS.escape(slug)}"] [data-testid="run"]`);
  if (tryRun) tryRun.disabled = locked;
}
