/**
 * Lesson "Revoke leaked credentials": a user's access key and a role session it started are
 * "leaked". GetAccessKeyInfo tells whose account each key id belongs to and GetAccessKeyLastUsed
 * which user owns the long-term key; an inline role policy denying every action to sessions
 * whose aws:TokenIssueTime is before now (what the console's "Revoke active sessions" writes)
 * stops the leaked session while a new session works; then the user's key is rotated (a second
 * key, the old one made Inactive and refused with InvalidClientTokenId, then deleted). The user
 * and first key steps are shared (../shared/user-setup.ts). Credentials live in the lesson state
 * (server memory) only; steps return key ids, ARNs and times, never a secret.
 */
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';
import { createAccessKeyStep, createUserStep, type UserState } from '../shared/user-setup.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface RevokeState extends UserState {
  roleName?: string;
  roleArn?: string;
  readOnlyAttached?: boolean;
  /** The session that "leaked", and one started after the revocation. */
  leakedSession?: Session;
  /** When the leaked session arrived, on this machine's clock (ms). */
  leakedAt?: number;
  newSession?: Session;
  /** The inline role policy that revokes older sessions, and its cut-off time. */
  revokePolicyName?: string;
  revokedBefore?: string;
  /** Key rotation: the replacement key, and the leaked key's id once it is deleted. */
  newKey?: AwsCredentialIdentity;
  oldKeyDeleted?: string;
}

const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

export default defineLesson<RevokeState>({
  slug: 'revoke-credentials',
  title: 'Revoke leaked credentials',
  summary: "A key and a role session leak: find whose they are, cut off the role's older sessions with an aws:TokenIssueTime deny, and rotate the user's access key.",
  steps: [
    createUserStep,
    createAccessKeyStep,
    {
      id: 'create-role',
      title: 'Create a role that trusts the user and reads S3',
      phase: 'setup',
      requires: ['create-user'],
      // #region create-role
      async run(ctx) {
        const { aws, state } = ctx;
        const iam = new IAMClient(aws.config());
        if (!state.roleArn) {
          const RoleName = ctx.name('role');
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
                Description: 'STS workshop: S3 read-only, sessions revoked',
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            );
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
          state.roleName = RoleName;
          state.roleArn = Role!.Arn;
        }
        // READ_ONLY: AmazonS3ReadOnlyAccess (AWS owns it: never deleted).
        if (!state.readOnlyAttached) {
          const RoleName = state.roleName;
          await tracked(
            ctx,
            {
              kind: 'attachment',
              name: READ_ONLY,
              parent: RoleName,
              parentKind: 'role',
            },
            () =>
              iam.send(
                new AttachRolePolicyCommand({ RoleName, PolicyArn: READ_ONLY }),
              ),
          );
          state.readOnlyAttached = true;
        }
        const { roleName: RoleName, roleArn: Arn } = state;
        return { RoleName, Arn, PolicyArn: READ_ONLY };
      },
      // #endregion
    },
    {
      id: 'leak-a-session',
      title: 'Start the session that will leak',
      phase: 'usage',
      requires: ['create-access-key', 'create-role'],
      // #region leak-a-session
      async run(ctx) {
        const { aws, state } = ctx;
        const sts = new STSClient(aws.config(state.userKey));
        const assume = new AssumeRoleCommand({
          RoleArn: state.roleArn,
          RoleSessionName: ctx.name('leaked'),
          DurationSeconds: 3600,
        });
        const { Credentials: c, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          () => sts.send(assume),
          { retryOn: ['AccessDenied'] },
        );
        state.leakedSession = {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: ctx.secret(c!.SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(c!.SessionToken!, 'SessionToken'),
          expiration: c!.Expiration!,
        };
        state.leakedAt = ctx.now().getTime();
        ctx.credentials.hold(state.leakedSession, {
          label: 'Leaked session',
          principal: AssumedRoleUser!.Arn!,
        });

        // Imagine all three parts pasted in a public chat: anyone can use
        // them, until they expire in an hour. It can list the buckets:
        const s3 = new S3Client(aws.config(state.leakedSession));
        const { Buckets } = await untilPropagated(
          ctx,
          'ListBuckets',
          () => s3.send(new ListBucketsCommand({})),
          { retryOn: ['AccessDenied'] },
        );
        return {
          AccessKeyId: c!.AccessKeyId,
          Expiration: c!.Expiration,
          Arn: AssumedRoleUser!.Arn,
          Buckets: Buckets?.map((b) => b.Name),
        };
      },
      // #endregion
    },
    {
      id: 'whose-keys',
      title: 'Find whose keys leaked',
      phase: 'usage',
      requires: ['leak-a-session'],
      // #region whose-keys
      async run({ aws, state }) {
        // Only the key ids are needed, never the secrets. Signed with the
        // notebook's own credentials (sts:GetAccessKeyInfo, iam:GetAccessKey*).
        const sts = new STSClient(aws.config());
        const iam = new IAMClient(aws.config());
        const leaked = [
          state.userKey!.accessKeyId,
          state.leakedSession!.accessKeyId,
        ];

        const found = [];
        for (const AccessKeyId of leaked) {
          // Which account a key id belongs to: any key, any account.
          const { Account } = await sts.send(
            new GetAccessKeyInfoCommand({ AccessKeyId }),
          );
          if (!AccessKeyId.startsWith('AKIA')) {
            // ASIA: temporary. IAM has no record of it; CloudTrail does.
            found.push({ AccessKeyId, Account, Kind: 'temporary (STS)' });
            continue;
          }
          // AKIA: a long-term key. In our own account, IAM names its user.
          const { UserName, AccessKeyLastUsed } = await iam.send(
            new GetAccessKeyLastUsedCommand({ AccessKeyId }),
          );
          found.push({
            AccessKeyId,
            Account,
            Kind: 'long-term (IAM user)',
            UserName,
            LastUsed: AccessKeyLastUsed?.LastUsedDate,
            ServiceName: AccessKeyLastUsed?.ServiceName,
            Region: AccessKeyLastUsed?.Region,
          });
        }
        return { OurAccount: aws.accountId, found };
      },
      // #endregion
    },
    {
      id: 'revoke-older-sessions',
      title: "Revoke the role's older sessions",
      phase: 'usage',
      requires: ['leak-a-session'],
      // #region revoke-older-sessions
      async run(ctx) {
        const { aws, state } = ctx;
        const RoleName = state.roleName;
        // The cut-off: now on AWS's clock, which stamped the sessions (this
        // machine's clock may be off by seconds). The leaked session was
        // issued an hour before it expires; add the time since it arrived,
        // and round up to a whole second (issue times are whole seconds).
        const issued = state.leakedSession!.expiration.getTime() - 3600_000;
        const awsNow = () => issued + (ctx.now().getTime() - state.leakedAt!);
        const cutOff = new Date(Math.ceil(awsNow() / 1000) * 1000);
        const revokeOlderSessions = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: ['*'],
              Resource: ['*'],
              Condition: {
                DateLessThan: { 'aws:TokenIssueTime': cutOff.toISOString() },
              },
            },
          ],
        };
        // The console's "Revoke active sessions" writes this very policy.
        const PolicyName = 'AWSRevokeOlderSessions';
        const iam = new IAMClient(aws.config());
        await tracked(
          ctx,
          { kind: 'role-policy', name: PolicyName, parent: RoleName },
          () =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName,
                PolicyName,
                PolicyDocument: JSON.stringify(revokeOlderSessions),
              }),
            ),
        );
        state.revokePolicyName = PolicyName;
        state.revokedBefore = cutOff.toISOString();

        // Wait (a minute at most) until the leaked session is refused, and
        // until the cut-off has passed, so that new sessions come after it.
        const s3 = new S3Client(aws.config(state.leakedSession));
        for (let waited = 0; ; waited += 2) {
          try {
            await s3.send(new ListBucketsCommand({}));
          } catch (error) {
            if ((error as Error).name === 'AccessDenied') break;
            throw error;
          }
          if (waited >= 60) throw new Error('The deny is not in force yet');
          ctx.progress(`Waiting for the deny, ${waited} s`, waited, 60);
          await ctx.sleep(2000);
        }
        const wait = cutOff.getTime() - awsNow();
        if (wait > 0) await ctx.sleep(wait);
        return { RoleName, PolicyName, DeniedIfIssuedBefore: cutOff };
      },
      // #endregion
    },
    {
      id: 'leaked-session-refused',
      title: 'Use the leaked session again',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['revoke-older-sessions'],
      // #region leaked-session-refused
      async run({ aws, state }) {
        // The same credentials, still unexpired: now denied, explicitly.
        const s3 = new S3Client(aws.config(state.leakedSession));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: Buckets?.map((b) => b.Name) };
      },
      // #endregion
    },
    {
      id: 'new-session-allowed',
      title: 'Start a new session after the revocation',
      phase: 'usage',
      requires: ['revoke-older-sessions'],
      // #region new-session-allowed
      async run(ctx) {
        const { aws, state } = ctx;
        const sts = new STSClient(aws.config(state.userKey));
        // Issued after the cut-off, so the deny does not match it. Should
        // AWS's clock be a little behind ours, the new session can still be
        // "older": then AccessDenied, and a fresh session is tried again.
        const tryNewSession = async () => {
          const { Credentials: c, AssumedRoleUser } = await sts.send(
            new AssumeRoleCommand({
              RoleArn: state.roleArn,
              RoleSessionName: ctx.name('new'),
              DurationSeconds: 900,
            }),
          );
          const session = {
            accessKeyId: c!.AccessKeyId!,
            secretAccessKey: ctx.secret(c!.SecretAccessKey!, 'SecretAccessKey'),
            sessionToken: ctx.secret(c!.SessionToken!, 'SessionToken'),
            expiration: c!.Expiration!,
          };
          const s3 = new S3Client(aws.config(session));
          const { Buckets } = await s3.send(new ListBucketsCommand({}));
          return { session, Arn: AssumedRoleUser!.Arn!, Buckets };
        };
        const { session, Arn, Buckets } = await untilPropagated(
          ctx,
          'A new session',
          tryNewSession,
          { retryOn: ['AccessDenied'], maxSeconds: 30 },
        );
        state.newSession = session;
        ctx.credentials.hold(session, { label: 'New session', principal: Arn });
        return {
          AccessKeyId: session.accessKeyId,
          Arn,
          Buckets: Buckets?.map((b) => b.Name),
          RevokedBefore: state.revokedBefore,
        };
      },
      // #endregion
    },
    {
      id: 'create-new-key',
      title: 'Rotate: create a second access key',
      phase: 'usage',
      requires: ['create-access-key'],
      // #region create-new-key
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.newKey) {
          ctx.log(`The new key ${state.newKey.accessKeyId} exists; using it.`);
          return { AccessKeyId: state.newKey.accessKeyId };
        }
        // A user may have two access keys: that is what makes rotation
        // without downtime possible (deploy the new one, then drop the old).
        const iam = new IAMClient(aws.config());
        const { AccessKey } = await iam.send(
          new CreateAccessKeyCommand({ UserName: state.userName }),
        );
        const { AccessKeyId, SecretAccessKey } = AccessKey!;
        const newKey = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
        };
        // AWS picks the id, so the ledger records the key only now; the
        // user's own record guarantees it is deleted with the user.
        await ctx.ledger.created({
          kind: 'access-key',
          name: newKey.accessKeyId,
          parent: state.userName,
        });
        // Wait until STS accepts it (InvalidClientTokenId until then).
        const sts = new STSClient(aws.config(newKey));
        const me = await untilPropagated(
          ctx,
          'The new access key',
          () => sts.send(new GetCallerIdentityCommand({})),
          { retryOn: ['InvalidClientTokenId'] },
        );
        state.newKey = newKey;
        ctx.credentials.hold(newKey, {
          label: 'New access key',
          principal: me.Arn!,
        });
        return { AccessKeyId: newKey.accessKeyId, Arn: me.Arn };
      },
      // #endregion
    },
    {
      id: 'deactivate-old-key',
      title: 'Rotate: deactivate the leaked key',
      phase: 'usage',
      requires: ['create-new-key'],
      // #region deactivate-old-key
      async run(ctx) {
        const { aws, state } = ctx;
        const AccessKeyId = state.userKey!.accessKeyId;
        // Inactive first, not deleted: reversible while you check that
        // nothing legitimate still uses it.
        const iam = new IAMClient(aws.config());
        await iam.send(
          new UpdateAccessKeyCommand({
            UserName: state.userName,
            AccessKeyId,
            Status: 'Inactive',
          }),
        );
        // Wait (a minute at most) until STS refuses the key.
        const sts = new STSClient(aws.config(state.userKey));
        for (let waited = 0; ; waited += 2) {
          try {
            await sts.send(new GetCallerIdentityCommand({}));
          } catch (error) {
            if ((error as Error).name === 'InvalidClientTokenId') break;
            throw error;
          }
          if (waited >= 60) throw new Error('The key is still accepted');
          ctx.progress(`Waiting for the key to stop, ${waited} s`, waited, 60);
          await ctx.sleep(2000);
        }
        return { AccessKeyId, Status: 'Inactive' };
      },
      // #endregion
    },
    {
      id: 'old-key-refused',
      title: 'Use the deactivated key',
      phase: 'usage',
      expect: { error: 'InvalidClientTokenId' },
      requires: ['deactivate-old-key'],
      // #region old-key-refused
      async run({ aws, state }) {
        // GetCallerIdentity needs no permission: this fails only because
        // the key itself is no longer accepted.
        const sts = new STSClient(aws.config(state.userKey));
        const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
        return { Arn };
      },
      // #endregion
    },
    {
      id: 'delete-old-key',
      title: 'Rotate: delete the leaked key',
      phase: 'usage',
      requires: ['deactivate-old-key'],
      // #region delete-old-key
      async run({ aws, state, ledger }) {
        const AccessKeyId = state.userKey!.accessKeyId;
        const UserName = state.userName;
        const iam = new IAMClient(aws.config());
        await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
        await ledger.deleted({
          kind: 'access-key',
          name: AccessKeyId,
          parent: UserName,
        });
        // From now on the user's key is the new one.
        state.oldKeyDeleted = AccessKeyId;
        state.userKey = state.newKey;
        const UserKeyNow = state.newKey!.accessKeyId;
        return { deleted: [AccessKeyId], UserKeyNow };
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
          log('Nothing to delete: this run has no role (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // AWSRevokeOlderSessions (inline) is deleted, the read-only policy
        // detached, then DeleteRole. Already gone (NoSuchEntity) is skipped.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ledger, state.roleName);
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = state.revokePolicyName = undefined;
        state.readOnlyAttached = false;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user and its keys',
      phase: 'teardown',
      // #region delete-user
      async run({ aws, state, ledger, log }) {
        if (!state.userName) {
          log('Nothing to delete: this run has no user (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // Every access key the user still has (one or two), then the user.
        const iam = new IAMClient(aws.config());
        await deleteUser(iam, ledger, state.userName);
        const deleted = [state.userArn!];
        state.userName = state.userArn = undefined;
        state.userKey = state.newKey = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});
