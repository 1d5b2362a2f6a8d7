/**
 * <site-search>: search across the lessons (markup in SiteSearch.astro). The Search button, "/"
 * or Ctrl+K (outside a text field) open the dialog; typing asks Pagefind's browser library,
 * loaded from /pagefind/ on first use (it runs WebAssembly, hence the CSP's 'wasm-unsafe-eval'),
 * and lists each matching lesson with its best sections, built from text nodes and <mark>s only
 * (search-excerpt.ts). Enter opens the first result, arrows move through them, Escape closes and
 * focus returns to the button. It does not index anything (scripts/search-index.ts does).
 */
import { excerptParts } from './search-excerpt.ts';

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface PagefindResultData {
  url: string;
  meta: { title?: string };
  excerpt: string;
  sub_results?: PagefindSubResult[];
}
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  debouncedSearch(term: string, options?: Record<string, unknown>, ms?: number): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

const PAGEFIND_URL = '/pagefind/pagefind.js';
const MAX_PAGES = 8;
const MAX_SECTIONS = 3;

let library: Promise<PagefindApi> | undefined;
function pagefind(): Promise<PagefindApi> {
  library ??= (import(/* @vite-ignore */ PAGEFIND_URL) as Promise<PagefindApi>).then(async (api) => {
    await api.options({ excerptLength: 16 });
    return api;
  });
  library.catch(() => (library = undefined)); // a later search tries again
  return library;
}

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
    void pagefind().catch(() => {});
  }

  async #search(term: string): Promise<void> {
    const asked = ++this.#asked;
    const query = term.trim();
    if (!query) {
      this.#status('Type a word, such as MFA, federation or expiry.');
      this.#results().replaceChildren();
      return;
    }
    let found: PagefindResultData[];
    try {
      const api = await pagefind();
      const search = await api.debouncedSearch(query, {}, 150);
      if (!search || asked !== this.#asked) return; // a later keystroke took over
      found = await Promise.all(search.results.slice(0, MAX_PAGES).map((r) => r.data()));
    } catch {
      if (asked === this.#asked) this.#status('Search is not available: its index is built with the site (npm run build, or npm start).');
      return;
    }
    if (asked !== this.#asked) return;
    this.#results().replaceChildren(...found.map((page) => this.#item(page)));
    const count = found.length === 1 ? '1 lesson matches' : `${found.length === 0 ? 'No' : found.length} lessons match`;
    this.#status(`${count} “${query}”.`);
  }

  #item(page: PagefindResultData): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'search-hit';
    const title = document.createElement('a');
    title.className = 'search-page';
    title.href = page.url;
    title.textContent = page.meta.title ?? page.url;
    item.append(title);
    const sections = (page.sub_results ?? []).filter((s) => s.url !== page.url).slice(0, MAX_SECTIONS);
    const excerpts = sections.length > 0 ? sections : [{ title: '', url: page.url, excerpt: page.excerpt }];
    const list = document.createElement('ul');
    list.className = 'search-sections';
    for (const section of excerpts) {
      const entry = document.createElement('li');
      const link = document.createElement('a');
      link.href = section.url;
      if (section.title) {
        const name = document.createElement('span');
        name.className = 'search-section';
        name.textContent = section.title;
        link.append(name);
      }
      const excerpt = document.createElement('span');
      excerpt.className = 'search-excerpt';
      for (const part of excerptParts(section.excerpt)) {
        if (!part.mark) excerpt.append(part.text);
        else {
          const mark = document.createElement('mark');
          mark.textContent = part.text;
          excerpt.append(mark);
        }
      }
      link.append(excerpt);
      entry.append(link);
      list.append(entry);
    }
    item.append(list);
    return item;
  }

  /** Up and Down move between the field and the result links. */
  #arrows(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const stops: HTMLElement[] = [this.#input(), ...this.#links()];
    const at = stops.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    event.preventDefault();
    const next = Math.min(stops.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)));
    stops[next]!.focus();
  }

  #status(text: string): void {
    this.querySelector('[data-part="status"]')!.textContent = text;
  }

  #links(): HTMLAnchorElement[] {
    return [...this.#results().querySelectorAll<HTMLAnchorElement>('a[href]')];
  }

  #results(): HTMLElement {
    return this.querySelector('[data-part="results"]')!;
  }

  #input(): HTMLInputElement {
    return this.querySelector('[data-part="input"]')!;
  }

  #dialog(): HTMLDialogElement {
    return this.querySelector('dialog')!;
  }
}

if (!customElements.get('site-search')) customElements.define('site-search', SiteSearch);
