/**
 * The search itself, loaded by site-search.ts only when someone types (so a page pays for it only
 * then): asks Pagefind's browser library, fetched from /pagefind/ on first use (it compiles
 * WebAssembly, hence the CSP's 'wasm-unsafe-eval'), and builds the result list, each matching
 * lesson with its best sections, from text nodes and <mark>s only (search-excerpt.ts). It does
 * not index anything (scripts/search-index.ts does) nor handle the dialog or the keyboard.
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

/**
 * Searches for `query` and fills `list` with the results; answers the line to announce, or
 * undefined when a later search (a further keystroke: `current` answers false) took over and
 * nothing was changed.
 */
export async function showResults(query: string, list: HTMLElement, current: () => boolean): Promise<string | undefined> {
  let found: PagefindResultData[];
  try {
    const search = await (await pagefind()).debouncedSearch(query, {}, 150);
    if (!search || !current()) return undefined;
    found = await Promise.all(search.results.slice(0, MAX_PAGES).map((r) => r.data()));
  } catch {
    if (!current()) return undefined;
    return 'Search is not available: its index is built with the site (npm run build, or npm start).';
  }
  if (!current()) return undefined;
  list.replaceChildren(...found.map(resultItem));
  const count = found.length === 1 ? '1 lesson matches' : `${found.length === 0 ? 'No' : found.length} lessons match`;
  return `${count} “${query}”.`;
}

function resultItem(page: PagefindResultData): HTMLLIElement {
  const item = element('li', 'search-hit');
  const title = element('a', 'search-page', page.meta.title ?? page.url);
  title.href = page.url;
  const sections = (page.sub_results ?? []).filter((s) => s.url !== page.url).slice(0, MAX_SECTIONS);
  const list = element('ul', 'search-sections');
  for (const section of sections.length > 0 ? sections : [{ title: '', url: page.url, excerpt: page.excerpt }]) {
    const link = element('a');
    link.href = section.url;
    if (section.title) link.append(element('span', 'search-section', section.title));
    const excerpt = element('span', 'search-excerpt');
    for (const part of excerptParts(section.excerpt)) excerpt.append(part.mark ? element('mark', '', part.text) : part.text);
    link.append(excerpt);
    const entry = element('li');
    entry.append(link);
    list.append(entry);
  }
  item.append(title, list);
  return item;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
