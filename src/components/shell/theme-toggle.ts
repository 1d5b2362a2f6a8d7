/**
 * <theme-toggle>: the header's System / Light / Dark buttons (markup in ThemeToggle.astro). A
 * click applies the choice to <html data-theme>, remembers it, and marks the pressed button
 * (aria-pressed); another tab's choice is followed too. What was chosen before this page loaded
 * was applied before first paint by public/shell-boot.js; the CSS does the rest (System follows
 * prefers-color-scheme with no script). It does not style anything itself.
 */
import { onPrefChange, readPref, writePref } from './pref-storage.ts';
import { parseTheme, storedTheme, themeAttribute, THEME_KEY, type ThemeChoice } from './shell-prefs.ts';

class ThemeToggle extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    this.#show(parseTheme(readPref(THEME_KEY)));
    if (this.#wired) return;
    this.#wired = true;
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-choice]');
      if (!button) return;
      const choice = parseTheme(button.dataset.choice);
      writePref(THEME_KEY, storedTheme(choice));
      this.#show(choice);
    });
    onPrefChange(THEME_KEY, (value) => this.#show(parseTheme(value)));
  }

  #show(choice: ThemeChoice): void {
    const root = document.documentElement;
    const attribute = themeAttribute(choice);
    if (attribute) root.dataset.theme = attribute;
    else delete root.dataset.theme;
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-choice]')) {
      button.setAttribute('aria-pressed', String(button.dataset.choice === choice));
    }
  }
}

if (!customElements.get('theme-toggle')) customElements.define('theme-toggle', ThemeToggle);
