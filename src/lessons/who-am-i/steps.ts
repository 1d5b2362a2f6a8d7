/**
 * Lesson "Who am I?": GetCallerIdentity with the notebook's credentials, and what it
 * tells (account, ARN, unique id); which STS endpoint the SDK picks; and what the same
 * call answers for a role session and for an MFA-less session token. Setup creates one
 * role (no permissions) that trusts the notebook's own caller; teardown deletes it.
 * Each step's body between the region markers is what the page shows.
 */
import { CreateRoleCommand, IAMClient, waitUntilRoleExists } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { GetSessionTokenCommandOutput } from '@aws-sdk/client-sts';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

interface WhoAmIState {
  /** The notebook's own caller, named in the role's trust policy. */
  callerArn?: string;
  roleName?: string;
  roleArn?: string;
}

export default defineLesson<WhoAmIState>({
  slug: 'who-am-i',
  title: 'Who am I?',
  summary:
    'Ask STS which identity your credentials belong to, how the SDK found them, and what ' +
    'the answer looks like for a user, a role session and a session token.',
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
    {
      id: 'regional-endpoints',
      title: 'Ask the SDK which STS endpoint it would call',
      phase: 'usage',
      // #region regional-endpoints
      async run() {
        const answers: Record<string, { regional: string; legacyGlobal: string }> = {};
        for (const region of ['us-east-1', 'eu-west-1']) {
          // A client with a Region and nothing else. Resolving sends no request.
          const sts = new STSClient({ region });
          const resolve = (UseGlobalEndpoint: boolean) =>
            sts.config.endpointProvider({
              Region: region,
              UseFIPS: false,
              UseDualStack: false,
              UseGlobalEndpoint,
            }).url.href;
          answers[region] = {
            regional: resolve(false), // the default in SDK v3
            legacyGlobal: resolve(true), // only with the option useGlobalEndpoint
          };
        }
        return answers;
      },
      // #endregion
    },
    {
      id: 'create-role',
      title: 'Create a role that trusts the notebook',
      phase: 'setup',
      // #region create-role
      async run(ctx) {
        const { aws, state, ownership } = ctx;
        if (state.roleArn) {
          ctx.log(`Role ${state.roleName} already exists in this run; using it.`);
          return { RoleName: state.roleName, Arn: state.roleArn };
        }

        // The principal to trust: whoever the notebook's credentials belong to.
        const sts = new STSClient(aws.config());
        const me = await sts.send(new GetCallerIdentityCommand({}));
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: me.Arn }, Action: 'sts:AssumeRole' },
          ],
        };

        // A trust policy and no permissions policy: its sessions can only make
        // calls that need no permission, such as GetCallerIdentity.
        const iam = new IAMClient(aws.config());
        const roleName = ctx.name('role');
        const createRole = new CreateRoleCommand({
          RoleName: roleName,
          Path: ownership.path, // /sts-workshop/
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
          Description: 'STS Workshop "Who am I?": trusts the notebook, no permissions',
          MaxSessionDuration: 3600,
          Tags: ownership.tags, // sts-workshop:run and sts-workshop:lesson
        });
        // tracked(): the ledger records the intent before CreateRole is sent.
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: roleName },
          () => iam.send(createRole),
          (created) => created.Role?.Arn,
        );
        // Poll GetRole until IAM has the role: a waiter with a limit, no fixed sleep.
        const waiter = { client: iam, maxWaitTime: 60 };
        await waitUntilRoleExists(waiter, { RoleName: roleName });

        state.callerArn = me.Arn;
        state.roleName = roleName;
        state.roleArn = Role!.Arn;
        return {
          RoleName: roleName,
          Arn: Role!.Arn,
          RoleId: Role!.RoleId,
          TrustedPrincipal: me.Arn,
        };
      },
      // #endregion
    },
    {
      id: 'as-role-session',
      title: 'Ask again as a role session',
      phase: 'usage',
      requires: ['create-role'],
      // #region as-role-session
      async run(ctx) {
        const { aws, state } = ctx;
        const sts = new STSClient(aws.config());
        const assumeRole = new AssumeRoleCommand({
          RoleArn: state.roleArn,
          RoleSessionName: 'who-am-i',
          DurationSeconds: 900, // 15 minutes, the minimum
        });

        // A new role takes a few seconds to reach STS: retry on AccessDenied.
        const { Credentials } = await untilPropagated(
          ctx,
          'AssumeRole',
          () => sts.send(assumeRole),
          { retryOn: ['AccessDenied'] },
        );
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = Credentials!;

        // A client signed with the temporary credentials: all three parts.
        const asRole = new STSClient(
          aws.config({
            accessKeyId: AccessKeyId!,
            secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
            sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          }),
        );
        const me = await asRole.send(new GetCallerIdentityCommand({}));
        return { Arn: me.Arn, UserId: me.UserId, AccessKeyId, Expiration };
      },
      // #endregion
    },
    {
      id: 'as-session-token',
      title: 'Ask again with a session token',
      phase: 'usage',
      // #region as-session-token
      async run(ctx) {
        const { aws } = ctx;
        const sts = new STSClient(aws.config());
        const before = await sts.send(new GetCallerIdentityCommand({}));

        let session: GetSessionTokenCommandOutput;
        try {
          // No SerialNumber and TokenCode: a session token without MFA.
          const getSessionToken = new GetSessionTokenCommand({ DurationSeconds: 900 });
          session = await sts.send(getSessionToken);
        } catch (error) {
          const { name, message } = error as Error;
          const refused = name === 'AccessDenied' && /session credentials/.test(message);
          if (!refused) throw error;
          // Only long-term keys (an IAM user's, or root's) may call GetSessionToken.
          ctx.log(`STS refused: "${message}". The notebook runs as ${before.Arn}.`);
          return { LongTermArn: before.Arn, GetSessionToken: 'refused' };
        }
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          session.Credentials!;

        const withToken = new STSClient(
          aws.config({
            accessKeyId: AccessKeyId!,
            secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
            sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          }),
        );
        const after = await withToken.send(new GetCallerIdentityCommand({}));
        return {
          LongTermArn: before.Arn,
          SessionTokenArn: after.Arn,
          SameIdentity: before.Arn === after.Arn && before.UserId === after.UserId,
          AccessKeyId,
          Expiration,
        };
      },
      // #endregion
    },
    {
      id: 'delete-role',
      title: 'Delete the role',
      phase: 'teardown',
      // #region delete-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (!state.roleName) {
          ctx.log(
            'Nothing to delete: this run has no role (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        // Inline and attached policies first, then the role; already gone is fine.
        await deleteRole(iam, ctx.ledger, state.roleName);
        ctx.log(
          'Sessions of this role cannot be revoked one by one: their ' +
            'credentials stay valid until they expire. Each request they make ' +
            "is checked against the role's policies, and a deleted role grants " +
            'nothing: only calls that need no permission, such as ' +
            'GetCallerIdentity, still work. To cut off the sessions of a role ' +
            'you keep, use "Revoke active sessions" (a deny on ' +
            'aws:TokenIssueTime).',
        );
        return { deleted: [state.roleArn!] };
      },
      // #endregion
    },
  ],
});
