/**
 * Loads the live trust diagram (trust-diagram.ts) once the page has settled, or at the first run
 * event if that comes sooner, so its code is not part of what every lesson page loads up front.
 * It is the one listener for `step-event`s: until the module is ready they wait here, then they
 * are handed over in order, so no call of a run is missed or drawn out of turn.
 */
import type { TrustDiagram } from './trust-diagram.ts';

const diagrams = [...document.querySelectorAll<TrustDiagram>('trust-diagram[data-live]')];
if (diagrams.length > 0) {
  const waiting: Event[] = [];
  let ready = false;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= import('./trust-diagram.ts').then(() => {
      ready = true;
      for (const event of waiting.splice(0)) for (const diagram of diagrams) diagram.receive(event);
    }));
  document.addEventListener('step-event', (event) => {
    if (ready) {
      for (const diagram of diagrams) diagram.receive(event);
    } else {
      waiting.push(event);
      void load();
    }
  });
  if ('requestIdleCallback' in window) requestIdleCallback(() => void load(), { timeout: 3000 });
  else setTimeout(() => void load(), 1500);
}
