/**
 * <site-search>: the search dialog (markup in SiteSearch.astro). The Search button, "/" or
 * Ctrl+K (outside a text field) open it; typing hands the words to search-results.ts, loaded on
 * the first keystroke, which fills the list; the status line announces the count. Enter opens
 * the first result, Up and Down move between the field and the results, Escape (even in the
 * field) closes and focus returns to where it was. A result on this same page closes the dialog
 * so the page can show the section.
 */

const HINT = 'Type a word, such as MFA, federation or expiry.';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

class SiteSearch extends HTMLElement {
  #wired = false;
  #asked = 0;

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const dialog = this.#dialog();
    const input = this.#input();
    this.querySelector('.search-open')!.addEventListener('click', () => this.open());
    this.querySelector('[data-part="close"]')!.addEventListener('click', () => dialog.close());
    input.addEventListener('input', () => void this.#search(input.value));
    input.addEventListener('keydown', (event) => {
      // A search field's Escape would only clear it: close at once, as everywhere else in the dialog.
      if (event.key === 'Escape') {
        event.preventDefault();
        dialog.close();
      }
    });
    this.querySelector('form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#links()[0]?.click();
    });
    dialog.addEventListener('keydown', (event) => this.#arrows(event));
    dialog.addEventListener('click', (event) => {
      const target = event.target as Element;
      if (target === dialog) dialog.close(); // the backdrop
      const link = target.closest<HTMLAnchorElement>('a[href]');
      if (link && link.pathname === location.pathname) dialog.close(); // same page: show the section
    });
    document.addEventListener('keydown', (event) => {
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      const ctrlK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
      if ((slash && !isTyping(event.target)) || ctrlK) {
        event.preventDefault();
        this.open();
      }
    });
  }

  open(): void {
    const dialog = this.#dialog();
    if (!dialog.open) dialog.showModal();
    this.#input().focus();
    this.#input().select();
  }

  async #search(term: string): Promise<void> {
    const asked = ++this.#asked;
    const query = term.trim();
    const list = this.querySelector<HTMLElement>('[data-part="results"]')!;
    if (!query) {
      list.replaceChildren();
      this.#status(HINT);
      return;
    }
    const { showResults } = await import('./search-results.ts');
    if (asked !== this.#asked) return; // a later keystroke took over
    const status = await showResults(query, list, () => asked === this.#asked);
    if (status !== undefined) this.#status(status);
  }

  /** Up and Down move between the field and the result links. */
  #arrows(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const stops: HTMLElement[] = [this.#input(), ...this.#links()];
    const at = stops.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    event.preventDefault();
    stops[Math.min(stops.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))]!.focus();
  }

  #status(text: string): void {
    this.querySelector('[data-part="status"]')!.textContent = text;
  }

  #links(): HTMLAnchorElement[] {
    return [...this.querySelectorAll<HTMLAnchorElement>('[data-part="results"] a[href]')];
  }

  #input(): HTMLInputElement {
    return this.querySelector('[data-part="input"]')!;
  }

  #dialog(): HTMLDialogElement {
    return this.querySelector('dialog')!;
  }
}

if (!customElements.get('site-search')) customElements.define('site-search', SiteSearch);
