/**
 * What a lesson changes in an account, read from its own code: the AWS operations that create,
 * attach, put, tag or enable something (`new CreateRoleCommand(…)`) in the code each step shows
 * (= the code it runs, source.ts). The confirmation asked
 * before the first change on a real account names them in plain words, and the crash-window
 * tests use the same list, so a new lesson is covered without editing either. It reads source
 * files only; it runs nothing and knows nothing of which step calls what.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lesson } from '../../src/lessons/lesson.ts';
import { findRegion } from '../../src/lessons/source.ts';

const LESSONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/lessons');

/** Operations that leave something behind (the crash windows), with what they make, in words. */
const MAKES: Record<string, string> = {
  CreateUser: 'IAM users',
  CreateAccessKey: 'access keys',
  CreateRole: 'IAM roles',
  CreatePolicy: 'customer managed policies',
  CreateVirtualMFADevice: 'virtual MFA devices',
  EnableMFADevice: 'MFA devices enabled on users',
  PutUserPolicy: 'inline user policies',
  PutRolePolicy: 'inline role policies',
  AttachRolePolicy: 'policies attached to roles',
  AttachUserPolicy: 'policies attached to users',
  CreateBucket: 'S3 buckets',
  CreateOpenIDConnectProvider: 'OpenID Connect providers',
  CreateSAMLProvider: 'SAML providers',
};

export const CHANGING = /\bnew ((?:Create|Attach|Put|Tag|Enable|Upload|Update)[A-Za-z0-9]*)Command\b/g;

/**
 * The changing operations of a lesson (AWS names, without "Command"), in step order: read from
 * each step's shown code (its region, in the lesson's steps.ts or the shared module it comes
 * from), leaving out teardown steps and steps that are meant to be denied.
 */
export function changingOperations(lesson: Lesson): string[] {
  // A lesson defined elsewhere (the runner's own tests) has no source here to read.
  if (!existsSync(stepsPath(lesson.slug))) return [];
  const sources = lessonSources(lesson.slug);
  const found = new Set<string>();
  for (const step of lesson.steps) {
    if (step.phase === 'teardown' || typeof step.expect === 'object') continue;
    const { code } = findRegion(sources, stepsPath(lesson.slug), step.id);
    for (const m of code.matchAll(CHANGING)) found.add(m[1]);
  }
  return [...found];
}

const stepsPath = (slug: string) => join(LESSONS_DIR, slug, 'steps.ts');

/** The lesson's steps.ts and every shared module, by path, as findRegion wants them. */
function lessonSources(slug: string): Record<string, string> {
  const shared = join(LESSONS_DIR, 'shared');
  const sources: Record<string, string> = { [stepsPath(slug)]: readFileSync(stepsPath(slug), 'utf8') };
  for (const file of readdirSync(shared).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    sources[join(shared, file)] = readFileSync(join(shared, file), 'utf8');
  }
  return sources;
}

/** "IAM users, access keys and IAM roles" for a lesson; undefined when it changes nothing. */
export function lessonMakes(lesson: Lesson): string | undefined {
  const words = [...new Set(changingOperations(lesson).map((op) => MAKES[op] ?? op))];
  if (words.length === 0) return undefined;
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
