/**
 * Lesson "Who am I?": GetCallerIdentity with the notebook's credentials, and what it tells
 * (account, ARN, unique id). Each step's body between the region markers is what the page shows.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defineLesson } from '../lesson.ts';

export default defineLesson({
  slug: 'who-am-i',
  title: 'Who am I?',
  summary: "Ask STS which identity your credentials belong to, and see how the SDK found them.",
  steps: [
    {
      id: 'get-caller-identity',
      title: 'Ask STS who is calling',
      phase: 'usage',
      // #region get-caller-identity
      async run({ aws }) {
        const sts = new STSClient(aws.config());
        const me = await sts.send(new GetCallerIdentityCommand({}));
        return { Account: me.Account, Arn: me.Arn, UserId: me.UserId };
      },
      // #endregion
    },
  ],
});
