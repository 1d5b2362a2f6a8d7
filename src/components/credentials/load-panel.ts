/**
 * Loads the credentials panel's behaviour (credentials-panel.ts) once the page has settled, or
 * at once when the learner opens or focuses the panel, so its code is not part of what every
 * lesson page loads up front. The panel asks the server for the list when it loads, so nothing
 * that happened before is missed.
 */
const panels = document.querySelectorAll<HTMLElement>('credentials-panel');
if (panels.length > 0) {
  let loading: Promise<unknown> | undefined;
  const load = () => (loading ??= import('./credentials-panel.ts'));
  for (const panel of panels) {
    panel.addEventListener('pointerdown', () => void load(), { once: true, capture: true });
    panel.addEventListener('focusin', () => void load(), { once: true });
  }
  if ('requestIdleCallback' in window) requestIdleCallback(() => void load(), { timeout: 2000 });
  else setTimeout(() => void load(), 1000);
}
