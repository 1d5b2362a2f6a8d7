/**
 * Lesson "How this notebook works": targets, safety, cost, clean-up and the page itself.
 * One step, which asks STS who is calling and the client which Region and endpoint it
 * resolved, so the learner sees where every later step will go. It creates nothing.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'how-this-works',
  title: 'How this notebook works',
  summary:
    'Targets, safety, cost and clean-up: how the notebook runs your steps, and how to use ' +
    'the AWS CLI against the sandbox.',
  steps: [
    {
      id: 'check-target',
      title: 'Check where the steps will run',
      phase: 'usage',
      // #region check-target
      async run({ aws }) {
        const sts = new STSClient(aws.config());
        const me = await sts.send(new GetCallerIdentityCommand({}));

        // What the client resolved from its configuration. Every setting
        // becomes an async function: region() returns the Region.
        const region = await sts.config.region();

        // An endpoint given in the config (the sandbox's) wins; without one,
        // the SDK's endpoint rules derive the URL from the Region.
        const given = await sts.config.endpoint?.();
        const endpoint = given
          ? `${given.protocol}//${given.hostname}:${given.port}${given.path}`
          : sts.config.endpointProvider({ Region: region }).url.href;

        const account = me.Account;
        return { target: aws.target, account, region, endpoint, arn: me.Arn };
      },
      // #endregion
    },
  ],
});
