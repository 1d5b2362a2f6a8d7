/**
 * <projector-toggle>: the header's Projector button (markup in ProjectorToggle.astro), a toggle
 * with aria-pressed. It switches <html data-projector> (large type, wide code, higher contrast:
 * the CSS in global.css) and remembers the choice; a `?projector=` in the address, which
 * public/shell-boot.js applied before first paint, is dropped from it on a click so a reload
 * keeps what was just chosen. Another tab's choice is followed too.
 */
import { onPrefChange, writePref } from './pref-storage.ts';
import { PROJECTOR_KEY } from './shell-prefs.ts';

class ProjectorToggle extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    this.#show(document.documentElement.hasAttribute('data-projector'));
    if (this.#wired) return;
    this.#wired = true;
    this.querySelector('button')?.addEventListener('click', () => {
      const on = !document.documentElement.hasAttribute('data-projector');
      writePref(PROJECTOR_KEY, on ? '1' : '0');
      const url = new URL(location.href);
      if (url.searchParams.has('projector')) {
        url.searchParams.delete('projector');
        history.replaceState(history.state, '', url);
      }
      this.#show(on);
    });
    onPrefChange(PROJECTOR_KEY, (value) => this.#show(value === '1'));
  }

  #show(on: boolean): void {
    document.documentElement.toggleAttribute('data-projector', on);
    this.querySelector('button')?.setAttribute('aria-pressed', String(on));
  }
}

if (!customElements.get('projector-toggle')) customElements.define('projector-toggle', ProjectorToggle);
