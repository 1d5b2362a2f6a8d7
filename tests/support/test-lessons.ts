/**
 * Lessons that exist only for the runner's tests: a slow step to stop, a step that must be
 * denied, one that leaks a secret into its result and log, and steps with prerequisites and
 * inputs. They run real SDK calls against the sandbox.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { defineLesson } from '../../src/lessons/lesson.ts';

export const runnerLesson = defineLesson({
  slug: 'runner-test',
  title: 'Runner test',
  summary: 'Exercises the runner.',
  steps: [
    {
      id: 'first',
      title: 'First',
      phase: 'setup',
      async run({ aws, state }) {
        state.first = true;
        return (await new STSClient(aws.config()).send(new GetCallerIdentityCommand({}))).Arn;
      },
    },
    {
      id: 'needs-first',
      title: 'Needs first',
      phase: 'usage',
      requires: ['first'],
      inputs: [{ name: 'code', label: 'MFA code', kind: 'mfa-code', pattern: '\\d{6}' }],
      async run({ inputs }) {
        return { code: inputs.code };
      },
    },
    {
      id: 'slow',
      title: 'Slow',
      phase: 'usage',
      async run({ aws, sleep, log, progress }) {
        log('about to wait');
        progress('waiting', 0, 1);
        await sleep(30_000);
        return (await new STSClient(aws.config()).send(new GetCallerIdentityCommand({}))).Arn;
      },
    },
    {
      id: 'denied',
      title: 'Denied',
      phase: 'usage',
      expect: { error: 'InvalidClientTokenId' },
      async run({ aws }) {
        const iam = new IAMClient(aws.config({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) }));
        return iam.send(new ListUsersCommand({}));
      },
    },
    {
      id: 'not-denied',
      title: 'Meant to be denied, but is not',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      async run({ aws }) {
        return (await new STSClient(aws.config()).send(new GetCallerIdentityCommand({}))).Arn;
      },
    },
    {
      id: 'leaky',
      title: 'Leaky',
      phase: 'usage',
      async run({ secret, log }) {
        const value = secret('s3cr3t-VALUE-that-must-never-leave/+=abc', 'Test');
        log(`the secret is ${value}`);
        return { value, encoded: encodeURIComponent(value) };
      },
    },
  ],
});
