/**
 * The reader's display choices, as pure functions: the colour theme (System, Light or Dark,
 * System by default) and projector mode (off by default, switched by the header control or by a
 * `?projector=1` / `?projector=0` in the URL, which is also remembered so a facilitator's bookmark
 * keeps every page in projector mode). Both are kept in this origin's localStorage and shown as
 * attributes on <html>: `data-theme` only for an explicit Light or Dark (System leaves it out and
 * the CSS follows prefers-color-scheme through `light-dark()`), `data-projector` when on.
 * public/shell-boot.js applies the same rules before first paint (a classic script cannot import
 * this module; shell-prefs.test.ts runs that file against these functions). No DOM here.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_KEY = 'sts-workshop-theme';
export const PROJECTOR_KEY = 'sts-workshop-projector';

/** The stored theme value as a choice: anything but "light" or "dark" (nothing, junk) is System. */
export function parseTheme(stored: string | null | undefined): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** The `data-theme` attribute for a choice: none for System. */
export function themeAttribute(choice: ThemeChoice): 'light' | 'dark' | undefined {
  return choice === 'system' ? undefined : choice;
}

/** The theme a page shows for a choice, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** What to store for a theme choice: nothing (remove the key) for System. */
export function storedTheme(choice: ThemeChoice): string | null {
  return choice === 'system' ? null : choice;
}

/**
 * Projector mode from the URL's query and the stored value: `?projector=1` or `=0` wins and asks
 * to be remembered (`remember`), otherwise the stored "1" turns it on.
 */
export function projectorFrom(search: string, stored: string | null | undefined): { on: boolean; remember?: '1' | '0' } {
  const asked = new URLSearchParams(search).get('projector');
  if (asked === '1' || asked === '0') return { on: asked === '1', remember: asked };
  return { on: stored === '1' };
}
