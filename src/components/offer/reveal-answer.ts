/**
 * The reveal API as the offer control uses it: `revealPath` is where "Reveal once" POSTs
 * (`/api/lessons/<lesson>/offers/<name>/reveal`; the server hands the value out once, a
 * RevealAnswer, and refuses a second or expired reveal with 409), and `linkable` says whether a
 * revealed value may become a link (http and https URLs only). Pure: it never fetches or
 * touches the DOM (offer-control.ts does), so it is tested with node:test.
 */

export function revealPath(lesson: string, name: string) {
  return `/api/lessons/${encodeURIComponent(lesson)}/offers/${encodeURIComponent(name)}/reveal` as const;
}

/** Only http(s) URLs become a link; anything else is shown as text only. */
export function linkable(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
