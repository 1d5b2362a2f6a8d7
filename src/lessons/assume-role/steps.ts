/**
 * Lesson "Assume a role": an IAM user with no permissions is denied ListBuckets; a role that
 * trusts the user and has AmazonS3ReadOnlyAccess attached; AssumeRole for 15 minutes; the
 * temporary credentials (ASIA key, session token, expiry) list the buckets, show the assumed-role
 * ARN, cannot write, and stop working once they expire (ExpiredToken). Each step's body between
 * the region markers is what the page shows, so those bodies are kept narrow (80 columns here,
 * 74 on the page). The user and access-key steps are shared with the MFA lessons
 * (../shared/user-setup.ts), so the page shows their code from there. Credentials live in the
 * lesson state (server memory) only; steps return key ids, ARNs and expirations, never a secret.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  ListBucketsCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import {
  createAccessKeyStep,
  createUserStep,
  type UserState,
} from '../shared/user-setup.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

/** The shared setup's user and key (UserState), then the role, its policies and the session. */
export interface AssumeRoleState extends UserState {
  roleName?: string;
  roleArn?: string;
  readOnlyAttached?: boolean;
  userPolicyName?: string;
  /** The role session's temporary credentials (ASIA…): server memory only. */
  session?: AwsCredentialIdentity & { expiration: Date };
}

/** The AWS managed policy the role gets: s3:Get*, s3:List*, s3:Describe* on everything. */
const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

export default defineLesson<AssumeRoleState>({
  slug: 'assume-role',
  title: 'Assume a role',
  summary: "A user with no permissions borrows a role's permissions through STS AssumeRole, and watches the temporary credentials expire.",
  steps: [
    createUserStep,
    createAccessKeyStep,
    {
      id: 'create-role',
      title: 'Create a role that trusts the user',
      phase: 'setup',
      requires: ['create-user'],
      // #region create-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.roleArn) {
          ctx.log(
            `Role ${state.roleName} already exists from an earlier run ` +
              'of this step; using it.',
          );
          return { RoleName: state.roleName, Arn: state.roleArn };
        }
        const iam = new IAMClient(aws.config());
        const RoleName = ctx.name('role');
        const { path: Path, tags: Tags } = ctx.ownership;

        // The trust policy: who may assume this role. Here, one IAM user.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: state.userArn },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const createRole = () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              Description: 'STS workshop: S3 read-only, for the lesson user',
              MaxSessionDuration: 3600, // sessions last 15 min to 1 hour
              Path,
              Tags,
            }),
          );

        // Until IAM can resolve the new user's ARN, it rejects the trust
        // policy: MalformedPolicyDocument, "Invalid principal in policy".
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: RoleName },
          () =>
            untilPropagated(ctx, 'CreateRole', createRole, {
              retryOn: ['MalformedPolicyDocumentException'],
              maxSeconds: 60,
            }),
          (created) => created.Role?.Arn,
        );
        state.roleName = Role!.RoleName;
        state.roleArn = Role!.Arn;
        return { RoleName, Arn: Role!.Arn, RoleId: Role!.RoleId };
      },
      // #endregion
    },
    {
      id: 'attach-read-only',
      title: 'Let the role read S3',
      phase: 'setup',
      requires: ['create-role'],
      // #region attach-read-only
      async run(ctx) {
        const { aws, state } = ctx;
        const RoleName = state.roleName;
        // READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
        if (state.readOnlyAttached) {
          ctx.log(
            `${READ_ONLY} is already attached to ${RoleName} from an ` +
              'earlier run of this step; nothing to do.',
          );
          return { RoleName, PolicyArn: READ_ONLY };
        }
        const iam = new IAMClient(aws.config());

        // The permissions policy: what the role's sessions may do.
        const attach = new AttachRolePolicyCommand({
          RoleName,
          PolicyArn: READ_ONLY,
        });
        await tracked(
          ctx,
          {
            kind: 'attachment',
            name: READ_ONLY,
            parent: RoleName,
            parentKind: 'role',
          },
          () => iam.send(attach),
        );
        state.readOnlyAttached = true;
        return { RoleName, PolicyArn: READ_ONLY };
      },
      // #endregion
    },
    {
      id: 'allow-assume-role',
      title: 'Allow the user to assume this one role',
      phase: 'setup',
      requires: ['create-role'],
      // #region allow-assume-role
      async run(ctx) {
        const { aws, state } = ctx;
        const UserName = state.userName;
        if (state.userPolicyName) {
          ctx.log(
            `${UserName} already has the inline policy ${state.userPolicyName} ` +
              'from an earlier run of this step; using it.',
          );
          return { UserName, PolicyName: state.userPolicyName };
        }
        const iam = new IAMClient(aws.config());
        const PolicyName = ctx.name('user-policy');

        // Least privilege: sts:AssumeRole on this one role, nothing else.
        const policy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: state.roleArn,
            },
          ],
        };
        await tracked(
          ctx,
          { kind: 'user-policy', name: PolicyName, parent: UserName },
          () =>
            iam.send(
              new PutUserPolicyCommand({
                UserName,
                PolicyName,
                PolicyDocument: JSON.stringify(policy),
              }),
            ),
        );
        state.userPolicyName = PolicyName;
        return { UserName, PolicyName, Resource: state.roleArn };
      },
      // #endregion
    },
    {
      id: 'list-buckets-as-user',
      title: 'List buckets as the user',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['create-access-key'],
      // #region list-buckets-as-user
      async run({ aws, state }) {
        // Signed with the user's own long-term key. No policy of the user
        // allows s3:ListAllMyBuckets, so S3 answers AccessDenied.
        const s3 = new S3Client(aws.config(state.userKey));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: Buckets?.map((b) => b.Name) };
      },
      // #endregion
    },
    {
      id: 'assume-role',
      title: 'Assume the role',
      phase: 'usage',
      requires: ['create-access-key', 'create-role', 'allow-assume-role'],
      // #region assume-role
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the user's long-term key.
        const sts = new STSClient(aws.config(state.userKey));
        const assume = () =>
          sts.send(
            new AssumeRoleCommand({
              RoleArn: state.roleArn,
              // Chosen by the caller; in the session ARN and in CloudTrail.
              RoleSessionName: ctx.name('session'),
              // 15 minutes: the shortest session STS issues.
              DurationSeconds: 900,
            }),
          );

        // A new role or trust policy can be refused for a few seconds:
        // retry AccessDenied, with backoff, for at most two minutes.
        const { Credentials, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          assume,
          { retryOn: ['AccessDenied'] },
        );
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;

        // All three parts sign requests; the secret two stay on the server.
        state.session = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration!,
        };
        // The credentials panel shows whose they are, and counts down to the expiry.
        ctx.credentials.hold(state.session, {
          label: 'Role session',
          principal: AssumedRoleUser!.Arn!,
        });
        return { AccessKeyId, Expiration, AssumedRoleUser };
      },
      // #endregion
    },
    {
      id: 'list-buckets-as-role',
      title: 'List buckets with the role session',
      phase: 'usage',
      requires: ['assume-role', 'attach-read-only'],
      // #region list-buckets-as-role
      async run(ctx) {
        const { aws, state } = ctx;
        // The same call as before, signed with the temporary credentials.
        const s3 = new S3Client(aws.config(state.session));

        // A policy attached a moment ago can take a few seconds to apply:
        // retry AccessDenied, with backoff, for at most two minutes.
        const { Buckets } = await untilPropagated(
          ctx,
          'ListBuckets',
          () => s3.send(new ListBucketsCommand({})),
          { retryOn: ['AccessDenied'] },
        );
        return { Buckets: Buckets?.map((b) => b.Name) };
      },
      // #endregion
    },
    {
      id: 'who-am-i-now',
      title: 'Ask STS who is calling now',
      phase: 'usage',
      requires: ['assume-role'],
      // #region who-am-i-now
      async run({ aws, state }) {
        const sts = new STSClient(aws.config(state.session));
        const me = await sts.send(new GetCallerIdentityCommand({}));
        // Compare the session's ARN with the role's: one of them has a path.
        return {
          Arn: me.Arn,
          UserId: me.UserId,
          Account: me.Account,
          RoleArn: state.roleArn,
        };
      },
      // #endregion
    },
    {
      id: 'write-is-denied',
      title: 'Try to create a bucket with the role session',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['assume-role'],
      // #region write-is-denied
      async run({ aws, state, name }) {
        const s3 = new S3Client(aws.config(state.session));
        const Bucket = name('bucket');
        // Outside us-east-1, S3 wants the bucket's Region spelled out.
        const CreateBucketConfiguration =
          aws.region === 'us-east-1'
            ? undefined
            : { LocationConstraint: aws.region as BucketLocationConstraint };

        // s3:CreateBucket matches none of s3:Get*, s3:List*, s3:Describe*.
        await s3.send(
          new CreateBucketCommand({ Bucket, CreateBucketConfiguration }),
        );

        // Reached only if the role could write after all: undo it.
        const admin = new S3Client(aws.config());
        await admin.send(new DeleteBucketCommand({ Bucket }));
        return { Bucket };
      },
      // #endregion
    },
    {
      id: 'wait-for-expiry',
      title: 'Let the credentials expire',
      phase: 'usage',
      requires: ['assume-role'],
      // #region wait-for-expiry
      async run({ aws, state, now, sleep, progress }) {
        const Expiration = state.session!.expiration;
        const secondsLeft = () =>
          Math.ceil((Expiration.getTime() - now().getTime()) / 1000);

        if (aws.sandbox) {
          // The sandbox can fast-forward this one session: it ages by the
          // time it had left, plus a second. Nothing else changes.
          const seconds = Math.max(secondsLeft(), 0) + 1;
          const aged = await aws.sandbox.ageCredentials(state.session!.accessKeyId, seconds);
          state.session!.expiration = aged.expiration;
          return { Expiration: aged.expiration, FastForwardedBy: seconds };
        }

        // Real AWS cannot be hurried: wait, with a countdown. Stopping is
        // safe; run the step again later and it waits only for what is
        // left. 5 seconds of margin for the difference between clocks.
        const total = secondsLeft() + 5;
        for (let left = total; left > 0; left = secondsLeft() + 5) {
          const label = `The credentials expire in ${Math.max(left - 5, 0)} s`;
          progress(label, total - left, total);
          await sleep(Math.min(left, 10) * 1000);
        }
        return { Expiration, Now: now() };
      },
      // #endregion
    },
    {
      id: 'expired-credentials',
      title: 'Use the expired credentials',
      phase: 'usage',
      expect: { error: 'ExpiredToken' },
      requires: ['wait-for-expiry'],
      // #region expired-credentials
      async run({ aws, state }) {
        // The credentials that listed the buckets, now past their Expiration.
        // Nothing renews them: S3 answers ExpiredToken (HTTP 400).
        const s3 = new S3Client(aws.config(state.session));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: Buckets?.map((b) => b.Name) };
      },
      // #endregion
    },
    {
      id: 'delete-role',
      title: 'Delete the role',
      phase: 'teardown',
      // #region delete-role
      async run({ aws, state, ledger, log }) {
        if (!state.roleName) {
          log(
            'Nothing to delete: this run has no role (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        // Detaches AmazonS3ReadOnlyAccess (AWS owns it: never deleted), then
        // DeleteRole. Whatever is already gone (NoSuchEntity) is skipped.
        await deleteRole(iam, ledger, state.roleName);
        log(
          'Sessions of this role cannot be revoked one by one: their ' +
            'credentials stay valid until they expire. Each request they make ' +
            "is checked against the role's policies, and a deleted role grants " +
            'nothing: only calls that need no permission, such as ' +
            'GetCallerIdentity, still work. To cut off the sessions of a role ' +
            'you keep, use "Revoke active sessions" (a deny on ' +
            'aws:TokenIssueTime).',
        );
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = undefined;
        state.readOnlyAttached = false;
        return {
          deleted,
          note: 'AmazonS3ReadOnlyAccess was detached, not deleted: AWS owns it.',
        };
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user, its key and its policy',
      phase: 'teardown',
      // No order between the teardown steps: each deletes what this run
      // created, whichever runs first; IAM lets a user go before the role
      // that trusts it. The lesson starts over once nothing it made is left.
      // #region delete-user
      async run({ aws, state, ledger, log }) {
        if (!state.userName) {
          log(
            'Nothing to delete: this run has no user (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        // IAM's order: access keys, MFA devices, inline and attached
        // policies, then the user. Already gone (NoSuchEntity) is skipped.
        await deleteUser(iam, ledger, state.userName);
        const deleted = [state.userArn!];
        // Forget what no longer exists (the role, if any, is still known).
        state.userName = state.userArn = state.userKey = undefined;
        state.userPolicyName = undefined;
        return {
          deleted,
          note: "The user's access keys and inline policies, if any, went with it.",
        };
      },
      // #endregion
    },
  ],
});
