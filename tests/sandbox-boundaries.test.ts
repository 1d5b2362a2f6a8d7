/**
 * The arrows docs/DESIGN.md draws, checked on every file: server/sandbox imports nothing
 * outside itself except the shared HTTP layer (server/http), and server/http imports neither
 * the sandbox nor the notebook. Packages are fine; relative imports are resolved and must stay
 * inside. TypeScript's own preProcessFile finds every import, export-from and dynamic import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

/** Relative imports of a file that land outside the allowed folders. */
function strayImports(file: string, allowed: string[]): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .filter((name) => {
      const target = relative(root, resolve(root, dirname(file), name));
      return !allowed.some((folder) => target === folder || target.startsWith(folder + '/'));
    });
}

test('server/sandbox imports nothing outside itself but server/http', () => {
  const files = sources('server/sandbox');
  assert.ok(files.length > 50, `found ${files.length} files`);
  const stray = files.flatMap((file) => strayImports(file, ['server/sandbox', 'server/http']).map((name) => `${file} imports ${name}`));
  assert.deepEqual(stray, []);
});

test('server/http imports neither the sandbox nor the notebook', () => {
  const files = sources('server/http');
  assert.ok(files.length > 3);
  const stray = files.flatMap((file) => strayImports(file, ['server/http']).map((name) => `${file} imports ${name}`));
  assert.deepEqual(stray, []);
});
