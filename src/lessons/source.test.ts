import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRegion, regionOf } from './source.ts';

const text = [
  'const a = 1;',
  '    // #region first',
  '    async run({ aws }) {',
  '      return 1;',
  '    },',
  '    // #endregion',
  '  // #region empty',
  '  // #endregion',
].join('\n');

test('regionOf returns the dedented body between the markers', () => {
  assert.equal(regionOf(text, 'first'), 'async run({ aws }) {\n  return 1;\n},');
});

test('regionOf throws for a missing region', () => {
  assert.throws(() => regionOf(text, 'nope'), /No "\/\/ #region nope"/);
});

test('regionOf throws for a duplicated region', () => {
  assert.throws(() => regionOf(text + '\n// #region first\n// #endregion', 'first'), /appears twice/);
});

test('regionOf throws for an unterminated region', () => {
  assert.throws(() => regionOf('// #region x\nfoo', 'x'), /no "\/\/ #endregion"/);
});

// ── findRegion: the lesson's own steps.ts first, then one shared module it imports ────────

const region = (id: string, body: string) => `    // #region ${id}\n    ${body}\n    // #endregion`;
const LESSON = '../lessons/mfa-lesson/steps.ts';
const SHARED = '../lessons/shared/user-setup.ts';
const OTHER = '../lessons/shared/other.ts';
const sources = (lesson: string, shared: Record<string, string> = {}) => ({
  [LESSON]: lesson,
  [SHARED]: region('create-user', 'async run() { return "shared"; },'),
  [OTHER]: '',
  '../lessons/other-lesson/steps.ts': region('use-it', 'async run() { return "elsewhere"; },'),
  ...shared,
});
const importsShared = "import { userSetup } from '../shared/user-setup.ts';\n";

test("findRegion returns the lesson's own region and its path", () => {
  const found = findRegion(sources(importsShared + region('use-it', 'async run() { return "own"; },')), LESSON, 'use-it');
  assert.deepEqual(found, { path: LESSON, code: 'async run() { return "own"; },' });
});

test('findRegion falls back to the one shared module that has the region and the lesson imports', () => {
  const found = findRegion(sources(importsShared), LESSON, 'create-user');
  assert.deepEqual(found, { path: SHARED, code: 'async run() { return "shared"; },' });
  // However the import is written: several names, spread over lines, a ./ path.
  const multiLine = "import {\n  userSetup,\n  type UserState,\n} from './../shared/user-setup.ts';\n";
  assert.equal(findRegion(sources(multiLine), LESSON, 'create-user').path, SHARED);
});

test('findRegion prefers the own region when the lesson does not import the shared module that has one', () => {
  const own = region('create-user', 'async run() { return "own"; },');
  assert.deepEqual(findRegion(sources(own), LESSON, 'create-user'), { path: LESSON, code: 'async run() { return "own"; },' });
  // A type-only import does not use the shared steps.
  const typeOnly = "import type { UserState } from '../shared/user-setup.ts';\n" + own;
  assert.equal(findRegion(sources(typeOnly), LESSON, 'create-user').path, LESSON);
});

test('findRegion throws when the lesson and a shared module it imports both have the region', () => {
  const both = importsShared + region('create-user', 'async run() { return "own"; },');
  assert.throws(() => findRegion(sources(both), LESSON, 'create-user'), (err: Error) => {
    assert.match(err.message, /Region "create-user" is both in \.\.\/lessons\/mfa-lesson\/steps\.ts and in \.\.\/lessons\/shared\/user-setup\.ts/);
    return true;
  });
});

test('findRegion throws when no file has the region, naming the lesson', () => {
  assert.throws(() => findRegion(sources(importsShared), LESSON, 'nope'), /No "\/\/ #region nope" in \.\.\/lessons\/mfa-lesson\/steps\.ts nor in any shared module/);
  // Another lesson's region does not count.
  assert.throws(() => findRegion(sources(importsShared), LESSON, 'use-it'), /No "\/\/ #region use-it"/);
});

test('findRegion throws when two shared modules have the region', () => {
  const twice = sources(importsShared, { [OTHER]: region('create-user', 'async run() { return "other"; },') });
  assert.throws(() => findRegion(twice, LESSON, 'create-user'), /more than one shared module \(\.\.\/lessons\/shared\/other\.ts, \.\.\/lessons\/shared\/user-setup\.ts\)/);
});

test('findRegion throws when the shared module with the region is not imported', () => {
  assert.throws(() => findRegion(sources(''), LESSON, 'create-user'), /\.\.\/lessons\/shared\/user-setup\.ts has one, but the lesson does not import that module/);
});

test('findRegion ignores shared tests, and reports a missing lesson file or a broken shared region', () => {
  const withTest = sources(importsShared, { '../lessons/shared/user-setup.test.ts': region('create-user', 'x') });
  assert.equal(findRegion(withTest, LESSON, 'create-user').path, SHARED);
  assert.throws(() => findRegion(sources(''), '../lessons/missing/steps.ts', 'create-user'), /missing\/steps\.ts is not among the sources/);
  const unterminated = sources(importsShared, { [SHARED]: '// #region create-user\nfoo' });
  assert.throws(() => findRegion(unterminated, LESSON, 'create-user'), /has no "\/\/ #endregion" \(\.\.\/lessons\/shared\/user-setup\.ts\)/);
});

test("every step of every lesson finds its shown code, in the lesson's steps.ts or in src/lessons/shared", async () => {
  const { readFile, readdir } = await import('node:fs/promises');
  const { lessons } = await import('./index.ts');
  const root = new URL('./', import.meta.url);
  const files: Record<string, string> = {};
  for (const name of await readdir(new URL('shared/', root))) {
    if (name.endsWith('.ts')) files[`src/lessons/shared/${name}`] = await readFile(new URL(`shared/${name}`, root), 'utf8');
  }
  for (const lesson of lessons) {
    const path = `src/lessons/${lesson.slug}/steps.ts`;
    files[path] = await readFile(new URL(`${lesson.slug}/steps.ts`, root), 'utf8');
    for (const step of lesson.steps) {
      const found = findRegion(files, path, step.id);
      assert.ok(found.code.startsWith('async run('), `${lesson.slug}/${step.id} in ${found.path}`);
    }
  }
  // The MFA lessons show their common setup from the shared module.
  for (const slug of ['assume-role-mfa', 'session-token-mfa']) {
    for (const id of ['create-user', 'create-mfa-device', 'enable-mfa-device', 'create-access-key']) {
      assert.equal(findRegion(files, `src/lessons/${slug}/steps.ts`, id).path, 'src/lessons/shared/user-setup.ts', `${slug}/${id}`);
    }
  }
  // assume-role takes the user and access-key steps from the same module; its other steps are its own.
  for (const id of ['create-user', 'create-access-key']) {
    assert.equal(findRegion(files, 'src/lessons/assume-role/steps.ts', id).path, 'src/lessons/shared/user-setup.ts', `assume-role/${id}`);
  }
  assert.equal(findRegion(files, 'src/lessons/assume-role/steps.ts', 'create-role').path, 'src/lessons/assume-role/steps.ts');
});
