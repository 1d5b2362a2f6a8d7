/**
 * Loads the try-it cell's behaviour (try-it.ts) once the page has settled, or at once when the
 * learner reaches for the cell (a pointer or the focus in it), so its code is not part of what
 * every lesson page loads up front. A Run pressed before it is ready waits for it instead of
 * submitting the form to the page.
 */
import type { TryIt } from './try-it.ts';

const cells = [...document.querySelectorAll<TryIt>('try-it')];
if (cells.length > 0) {
  let loading: Promise<unknown> | undefined;
  const load = () => (loading ??= import('./try-it.ts'));
  for (const cell of cells) {
    cell.addEventListener('pointerdown', () => void load(), { once: true, capture: true });
    cell.addEventListener('focusin', () => void load(), { once: true });
    cell.querySelector('form')?.addEventListener('submit', (event) => {
      if (customElements.get('try-it')) return; // the cell handles it
      event.preventDefault();
      void load().then(() => cell.run());
    });
  }
  if ('requestIdleCallback' in window) requestIdleCallback(() => void load(), { timeout: 3000 });
  else setTimeout(() => void load(), 1500);
}
