import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, excerptParts } from './search-excerpt.ts';

test('marked words become marked runs, the rest plain text', () => {
  assert.deepEqual(excerptParts('A role that requires <mark>MFA</mark> to assume.'), [
    { text: 'A role that requires ', mark: false },
    { text: 'MFA', mark: true },
    { text: ' to assume.', mark: false },
  ]);
  assert.deepEqual(excerptParts('<mark>MFA</mark><mark>device</mark>'), [
    { text: 'MFA', mark: true },
    { text: 'device', mark: true },
  ]);
});

test('escaped text is decoded to the characters it stands for, and stays text', () => {
  assert.deepEqual(excerptParts('the &lt;Step&gt; element &amp; &quot;its&quot; &#39;code&#39; &#x2192; done'), [
    { text: `the <Step> element & "its" 'code' → done`, mark: false },
  ]);
  assert.equal(decodeEntities('&bogus; &#0; &#x110000;'), '&bogus; &#0; &#x110000;');
});

test('any other tag is dropped, never kept as markup', () => {
  assert.deepEqual(excerptParts('x<img src=x onerror=alert(1)>y <b>z</b>'), [{ text: 'xy z', mark: false }]);
  assert.deepEqual(excerptParts(''), []);
});
