/**
 * Lesson "Get a session token that requires MFA" (upstream scenario B, session_token.py). Setup:
 * a user, a virtual MFA device (registered with the page's built-in authenticator) enabled with
 * two consecutive codes, an access key, and the user's inline policy allowing
 * s3:ListAllMyBuckets only when aws:MultiFactorAuthPresent is true (B1). Usage: GetSessionToken
 * without MFA and ListBuckets with it (denied), GetSessionToken with MFA and ListBuckets with it,
 * then GetSessionToken called with session credentials (denied). Teardown: the user with its key,
 * MFA device and inline policy. No role is involved. The user, device, enable and access-key
 * steps are shared with assume-role-mfa (../shared/user-setup.ts; assume-role uses its user
 * and access-key steps too). Each step's body between the region markers, here or in the shared
 * module, is what the page shows.
 */
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { mfaUserSetup, type MfaUserState } from '../shared/user-setup.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteMfaDevice, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

/** The shared setup's user, device and key (MfaUserState), then the policy and the sessions. */
interface SessionTokenMfaState extends MfaUserState {
  userPolicyName?: string;
  /** Session credentials from GetSessionToken without MFA (memory only). */
  plainSession?: AwsCredentialIdentity;
  /** Session credentials from GetSessionToken with MFA (memory only). */
  mfaSession?: AwsCredentialIdentity;
}

export default defineLesson<SessionTokenMfaState>({
  slug: 'session-token-mfa',
  title: 'Get a session token that requires MFA',
  summary:
    'GetSessionToken with and without MFA, against a policy that allows listing buckets only with MFA.',
  steps: [
    ...mfaUserSetup(),
    {
      id: 'allow-list-buckets-with-mfa',
      title: 'Let the user list buckets, only with MFA',
      phase: 'setup',
      requires: ['create-user'],
      // #region allow-list-buckets-with-mfa
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.userPolicyName) {
          ctx.log(
            `${state.userName} already has the inline policy ` +
              `${state.userPolicyName} from an earlier run of ` +
              'this step; using it.',
          );
          return { UserName: state.userName, PolicyName: state.userPolicyName };
        }

        // Allowed only for requests whose credentials were authenticated with MFA.
        const permissions = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:ListAllMyBuckets',
              Resource: 'arn:aws:s3:::*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
            },
          ],
        };

        const iam = new IAMClient(aws.config());
        const policyName = ctx.name('user-policy');
        await tracked(
          ctx,
          { kind: 'user-policy', name: policyName, parent: state.userName },
          () =>
            iam.send(
              new PutUserPolicyCommand({
                UserName: state.userName,
                PolicyName: policyName,
                PolicyDocument: JSON.stringify(permissions),
              }),
            ),
        );

        state.userPolicyName = policyName;
        return {
          UserName: state.userName,
          PolicyName: policyName,
          Policy: permissions,
        };
      },
      // #endregion
    },
    {
      id: 'get-session-token-without-mfa',
      title: 'Get a session token without MFA',
      phase: 'usage',
      requires: ['create-access-key'],
      // #region get-session-token-without-mfa
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the user's long-term key. GetSessionToken needs no permission.
        const sts = new STSClient(aws.config(state.userKey));
        const { Credentials } = await sts.send(
          // 900 s, the minimum: issued credentials cannot be revoked.
          new GetSessionTokenCommand({ DurationSeconds: 900 }),
        );
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;

        // All three parts sign requests; the secret two stay on the server.
        state.plainSession = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration,
        };
        // The credentials panel lists them: still the user, until the expiry.
        ctx.credentials.hold(state.plainSession, {
          label: 'Session token without MFA',
          principal: state.userArn!,
        });
        return { AccessKeyId, Expiration, MFA: 'no' };
      },
      // #endregion
    },
    {
      id: 'list-buckets-without-mfa',
      title: 'List buckets with the session token without MFA',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['get-session-token-without-mfa', 'allow-list-buckets-with-mfa'],
      // #region list-buckets-without-mfa
      async run(ctx) {
        const { aws, state } = ctx;
        const s3 = new S3Client(aws.config(state.plainSession));
        try {
          await s3.send(new ListBucketsCommand({}));
        } catch (error) {
          if ((error as Error).name === 'AccessDenied') {
            ctx.log(
              'Denied: these temporary credentials were obtained without MFA, so ' +
                'aws:MultiFactorAuthPresent is false and the Bool condition in the ' +
                'policy does not match.',
            );
          }
          throw error;
        }
      },
      // #endregion
    },
    {
      id: 'get-session-token-with-mfa',
      title: 'Get a session token with an MFA code',
      phase: 'usage',
      requires: ['enable-mfa-device', 'create-access-key'],
      inputs: [
        {
          name: 'code',
          label: 'MFA code',
          kind: 'mfa-code',
          pattern: '\\d{6}',
          help: 'A code the device has not given before.',
        },
      ],
      // #region get-session-token-with-mfa
      async run(ctx) {
        const { aws, state, inputs } = ctx;
        const sts = new STSClient(aws.config(state.userKey));
        const { Credentials } = await sts.send(
          new GetSessionTokenCommand({
            SerialNumber: state.serialNumber,
            TokenCode: inputs.code,
            DurationSeconds: 900, // the minimum: they cannot be revoked
          }),
        );
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;

        state.mfaSession = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration,
        };
        ctx.credentials.hold(state.mfaSession, {
          label: 'Session token with MFA',
          principal: state.userArn!,
        });
        return { AccessKeyId, Expiration, MFA: 'yes' };
      },
      // #endregion
    },
    {
      id: 'list-buckets-with-mfa',
      title: 'List buckets with the MFA session token',
      phase: 'usage',
      requires: ['get-session-token-with-mfa', 'allow-list-buckets-with-mfa'],
      // #region list-buckets-with-mfa
      async run(ctx) {
        const { aws, state } = ctx;
        const s3 = new S3Client(aws.config(state.mfaSession));
        // A new inline policy may take a moment to apply everywhere: retry
        // AccessDenied, within a time limit.
        const { Buckets } = await untilPropagated(
          ctx,
          'ListBuckets',
          () => s3.send(new ListBucketsCommand({})),
          { retryOn: ['AccessDenied'] },
        );
        return { Buckets: (Buckets ?? []).map((bucket) => bucket.Name) };
      },
      // #endregion
    },
    {
      id: 'get-session-token-from-session',
      title: 'Call GetSessionToken with session credentials',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['get-session-token-with-mfa'],
      // #region get-session-token-from-session
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the MFA session's temporary credentials, not the long-term key.
        const sts = new STSClient(aws.config(state.mfaSession));
        await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user, its key, MFA device and policy',
      phase: 'teardown',
      // #region delete-user
      async run(ctx) {
        const { aws, state } = ctx;
        if (!state.userName && !state.serialNumber) {
          ctx.log(
            'Nothing to delete: this run has no user (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        const deleted: string[] = [];
        // The device first (deactivated if it is enabled), even one that was
        // never enabled; then the user with its access key and inline policy.
        if (state.serialNumber) {
          await deleteMfaDevice(iam, ctx.ledger, state.serialNumber);
          deleted.push(state.serialNumber);
        }
        if (state.userName) {
          await deleteUser(iam, ctx.ledger, state.userName);
          deleted.push(state.userArn!);
        }
        if (state.plainSession || state.mfaSession) {
          ctx.log(
            'Session tokens cannot be revoked one by one: nothing in STS ' +
              'takes them back before their Expiration. What they may do is ' +
              "decided by the user's permissions, checked on every request, " +
              "and the user and its policy are gone. To cut off a user's " +
              'session tokens while keeping the user, deny everything to ' +
              'requests whose aws:TokenIssueTime is before now.',
          );
        }
        // Forget what no longer exists.
        for (const key of Object.keys(state) as (keyof typeof state)[])
          delete state[key];
        return {
          deleted,
          note: "The user's access keys and inline policies, if any, went with it.",
        };
      },
      // #endregion
    },
  ],
});
