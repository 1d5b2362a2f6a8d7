/*
 * Applies the reader's display choices before the page is first painted: a classic, blocking
 * script in <head> (not a module, which would run after parsing; not inline, which the CSP
 * `script-src 'self'` forbids). It sets <html data-theme="light|dark"> for an explicit theme
 * (System leaves it out: the CSS follows prefers-color-scheme) and <html data-projector> for
 * projector mode, which `?projector=1` or `?projector=0` in the URL switches and remembers.
 * The rules are those of src/components/shell/shell-prefs.ts, which its test checks this file
 * against; the header controls (src/components/shell/) change the choices later. It does
 * nothing else, and a storage that throws (disabled, private mode) leaves the defaults.
 */
(function () {
  var root = document.documentElement;
  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }
  var theme = read('sts-workshop-theme');
  if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
  var asked = new URLSearchParams(window.location.search).get('projector');
  var fromUrl = asked === '1' || asked === '0';
  if (fromUrl) {
    try {
      window.localStorage.setItem('sts-workshop-projector', asked);
    } catch (e) {
      /* not remembered: this page still follows the URL */
    }
  }
  if ((fromUrl ? asked : read('sts-workshop-projector')) === '1') root.setAttribute('data-projector', '');
})();
