/**
 * The two Shiki themes every highlighted block uses (a step's code in Step.astro, fenced code in
 * lesson prose through astro.config.mjs), light and dark, picked by the page's theme in CSS.
 * Chosen for contrast: every token colour of the lessons' TypeScript, JSON, shell and Python is
 * at least 4.5:1 on --code-bg, projector mode's included (github-light's keywords and
 * github-dark's comments were not); tests/e2e/a11y.spec.ts checks it with axe on every page.
 * It does not style the blocks (global.css does).
 */
export const codeThemes = { light: 'github-light-high-contrast', dark: 'github-dark-default' } as const;
