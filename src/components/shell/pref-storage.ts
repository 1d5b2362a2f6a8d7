/**
 * Reading and writing one display preference in this origin's localStorage, where a storage
 * that throws (disabled, private mode, quota) simply means "not remembered": the page keeps
 * working with the choice it shows. Only for the shell's own non-secret preferences.
 */

export function readPref(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the key for null. */
export function writePref(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // not remembered; the page still shows the choice
  }
}

/** Calls `listener` with the new value when another tab of this origin changes `key`. */
export function onPrefChange(key: string, listener: (value: string | null) => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key === key || event.key === null) listener(event.key === null ? null : event.newValue);
  });
}
