/**
 * The page a learner sees once the server no longer knows their session (401 LeftRoom,
 * Removed or RoomEnded: they left, the facilitator removed them, or the room ended): the main
 * column is replaced by what happened and what to do, the banner says it too, and the learner's
 * bar goes. The dead session key stays in localStorage on purpose: with it the server keeps
 * saying why (a reload shows this page again, not a bare "not signed in"); joining again
 * replaces it. Loaded on demand by the banner and the learner chrome. Text only (textContent).
 */
import { goneView, type GoneCode } from './room-text.ts';
import './learner-chrome.css';

export function showGone(code: GoneCode): void {
  const view = goneView(code);
  document.querySelectorAll('.room-learner-bar, .room-leave, .room-leave-dialog').forEach((el) => el.remove());
  const banner = document.querySelector<HTMLElement>('target-banner');
  if (banner) {
    banner.dataset.state = 'unauthorized';
    const text = banner.querySelector<HTMLElement>('[data-part="text"]');
    const detail = banner.querySelector<HTMLElement>('[data-part="detail"]');
    if (text) text.textContent = view.title;
    if (detail) detail.hidden = true;
  }
  const main = document.querySelector<HTMLElement>('main#content');
  if (!main || main.querySelector('[data-testid="room-gone"]')) return;
  const card = document.createElement('section');
  card.className = 'room-gone';
  card.dataset.testid = 'room-gone';
  card.dataset.code = code;
  const h1 = document.createElement('h1');
  h1.textContent = view.title;
  const p = document.createElement('p');
  p.textContent = view.text;
  card.append(h1, p);
  main.replaceChildren(card);
  // One column: the lesson's sidebars lead nowhere now.
  document.querySelectorAll<HTMLElement>('.sidebar, .toc').forEach((el) => el.remove());
  document.querySelector('.page')?.classList.remove('has-sidebar', 'has-toc');
  document.querySelector('nav-menu, .nav-menu')?.remove();
  document.title = `${view.title} · STS Workshop`;
  h1.tabIndex = -1;
  h1.focus();
}
