/**
 * Page weight budgets: on every lesson page of the built site (and the workshop room's join and
 * facilitator pages), the scripts weigh at most 30 KB and the stylesheets at most 20 KB gzipped, everything the page loads up front counted
 * (scripts/page-weight.ts). The site is built into a temporary directory first, unless
 * WORKSHOP_DIST names a build to measure. The figures are printed, over budget or not.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pageAssets, pageWeights, staticImports } from '../scripts/page-weight.ts';

const JS_BUDGET = 30 * 1024;
const CSS_BUDGET = 20 * 1024;

test('pageAssets finds the site-local scripts, stylesheets and inline styles of a page', () => {
  const html = `<head><link rel="stylesheet" href="/_astro/a.css"><link href="/_astro/b.css" rel=stylesheet>
    <link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="https://cdn.example/x.css">
    <script type="module" src="/_astro/Step.js"></script><script src='/enter.js'></script><script>inline()</script>
    <link rel="modulepreload" href="/_astro/chunk.js"><style>.a{color:red}</style></head>`;
  assert.deepEqual(pageAssets(html), {
    scripts: ['/_astro/Step.js', '/enter.js', '/_astro/chunk.js'],
    stylesheets: ['/_astro/a.css', '/_astro/b.css'],
    inlineStyles: ['.a{color:red}'],
  });
});

test('staticImports reads the relative imports of a built module, not dynamic ones', () => {
  const js = `import{a as x}from"./api-fetch.SaCap9qP.js";import"./side.js";import * as all from './all.js';export{y}from"../up.js";const later=()=>import("./lazy.js");`;
  assert.deepEqual(staticImports(js), ['./api-fetch.SaCap9qP.js', './side.js', './all.js', '../up.js']);
});

test('every lesson page, and the room’s join and facilitator pages, load at most 30 KB of JS and 20 KB of CSS, gzipped', { timeout: 180_000 }, async () => {
  let dist = process.env.WORKSHOP_DIST;
  if (!dist) {
    // Inside the project: a build whose output lies outside it cannot resolve Astro's own
    // helpers when it prerenders (seen in a fresh clone).
    mkdirSync(join('node_modules', '.cache'), { recursive: true });
    dist = mkdtempSync(join('node_modules', '.cache', 'stsw-weight-'));
    const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', dist], {
      encoding: 'utf8',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    assert.equal(build.status, 0, `astro build failed:\n${build.stdout}\n${build.stderr}`);
  }
  if (!process.env.WORKSHOP_DIST) after(() => rmSync(dist!, { recursive: true, force: true }));
  const weights = await pageWeights(dist);
  const lessons = weights.filter((w) => w.page.startsWith('/lessons/'));
  assert.ok(lessons.length > 0, `no lesson pages in ${dist}`);
  // The workshop room's pages (the learner's join page, the facilitator's grid) keep the same budgets.
  const budgeted = [...lessons, ...weights.filter((w) => w.page === '/join/' || w.page === '/room/')];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`gzipped per page (budget: JS ${kb(JS_BUDGET)}, CSS ${kb(CSS_BUDGET)}), from ${dist}`);
  for (const w of weights) console.log(`  ${w.page.padEnd(34)} JS ${kb(w.js.gzip).padStart(8)} (${w.js.files.length} files)  CSS ${kb(w.css.gzip).padStart(8)} (${w.css.files.length})  HTML ${kb(w.html.gzip).padStart(8)}`);
  const over = budgeted.flatMap((w) => [
    ...(w.js.gzip > JS_BUDGET ? [{ page: w.page, kind: 'JS', total: w.js.gzip, budget: JS_BUDGET, files: w.js.files }] : []),
    ...(w.css.gzip > CSS_BUDGET ? [{ page: w.page, kind: 'CSS', total: w.css.gzip, budget: CSS_BUDGET, files: w.css.files }] : []),
  ]);
  for (const o of over) {
    console.log(`${o.page} ${o.kind} is over budget, heaviest first:`);
    for (const f of o.files) console.log(`  ${kb(f.gzip).padStart(8)}  ${f.url}`);
  }
  assert.deepEqual(over.map((o) => `${o.page}: ${o.kind} ${kb(o.total)} > ${kb(o.budget)}`), []);
});
