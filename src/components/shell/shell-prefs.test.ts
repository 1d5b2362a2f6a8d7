import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { PROJECTOR_KEY, THEME_KEY, parseTheme, projectorFrom, resolveTheme, storedTheme, themeAttribute } from './shell-prefs.ts';

test('a stored theme is Light or Dark only when it says so; anything else is System', () => {
  assert.equal(parseTheme('light'), 'light');
  assert.equal(parseTheme('dark'), 'dark');
  for (const junk of [null, undefined, '', 'system', 'Dark', 'blue', '"dark"']) assert.equal(parseTheme(junk), 'system', String(junk));
});

test('System follows the system and leaves data-theme out; Light and Dark are fixed', () => {
  assert.equal(resolveTheme('system', true), 'dark');
  assert.equal(resolveTheme('system', false), 'light');
  assert.equal(resolveTheme('light', true), 'light');
  assert.equal(resolveTheme('dark', false), 'dark');
  assert.equal(themeAttribute('system'), undefined);
  assert.equal(themeAttribute('dark'), 'dark');
  assert.equal(storedTheme('system'), null);
  assert.equal(storedTheme('light'), 'light');
});

test('?projector=1 or =0 wins over the stored value and is remembered; otherwise the stored "1" turns it on', () => {
  assert.deepEqual(projectorFrom('?projector=1', null), { on: true, remember: '1' });
  assert.deepEqual(projectorFrom('?x=2&projector=0', '1'), { on: false, remember: '0' });
  assert.deepEqual(projectorFrom('', '1'), { on: true });
  assert.deepEqual(projectorFrom('?projector=yes', '1'), { on: true });
  assert.deepEqual(projectorFrom('?projector=yes', null), { on: false });
  assert.deepEqual(projectorFrom('', 'true'), { on: false });
});

/** Runs public/shell-boot.js as the browser would, against a fake <html>, storage and URL. */
function boot(stored: Record<string, string>, search: string, storageThrows = false) {
  const attrs = new Map<string, string>();
  const store = new Map(Object.entries(stored));
  const localStorage = {
    getItem: (k: string) => {
      if (storageThrows) throw new Error('SecurityError');
      return store.get(k) ?? null;
    },
    setItem: (k: string, v: string) => {
      if (storageThrows) throw new Error('SecurityError');
      store.set(k, v);
    },
  };
  const document = { documentElement: { setAttribute: (k: string, v: string) => attrs.set(k, v) } };
  const window = { localStorage, location: { search } };
  const source = readFileSync(new URL('../../../public/shell-boot.js', import.meta.url), 'utf8');
  runInNewContext(source, { window, document, URLSearchParams });
  return { attrs, store };
}

test('public/shell-boot.js applies the same rules as this module', () => {
  for (const theme of [undefined, 'light', 'dark', 'system', 'junk']) {
    for (const projector of [undefined, '1', '0', 'x']) {
      for (const search of ['', '?projector=1', '?projector=0', '?projector=on']) {
        const stored: Record<string, string> = {};
        if (theme !== undefined) stored[THEME_KEY] = theme;
        if (projector !== undefined) stored[PROJECTOR_KEY] = projector;
        const { attrs, store } = boot(stored, search);
        const label = JSON.stringify({ theme, projector, search });
        assert.equal(attrs.get('data-theme'), themeAttribute(parseTheme(theme)), label);
        const want = projectorFrom(search, projector);
        assert.equal(attrs.has('data-projector'), want.on, label);
        assert.equal(store.get(PROJECTOR_KEY), want.remember ?? projector, label);
      }
    }
  }
});

test('public/shell-boot.js keeps the defaults when storage throws, and still follows the URL', () => {
  assert.deepEqual([...boot({}, '', true).attrs], []);
  assert.deepEqual([...boot({}, '?projector=1', true).attrs], [['data-projector', '']]);
});
