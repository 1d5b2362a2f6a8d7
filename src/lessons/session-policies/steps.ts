/**
 * Lesson "Session policies and permission boundaries": a role with broad read permissions
 * (AmazonS3ReadOnlyAccess and IAMReadOnlyAccess); a full session reads S3 and IAM; a session
 * narrowed by an inline session policy (S3 only) and one narrowed by a managed session policy
 * ARN (IAM only), each allowed what both grant and refused the rest, with AccessDenied naming the
 * policy type that denied; an inline session policy that allows more than the role still cannot
 * create a bucket; then a permissions boundary (AmazonS3ReadOnlyAccess) on the role cuts IAM off
 * the full session that already exists. The user and access-key steps are shared
 * (../shared/user-setup.ts). Credentials live in the lesson state (server memory) only.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  ListBucketsCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';
import { createAccessKeyStep, createUserStep, type UserState } from '../shared/user-setup.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface SessionPoliciesState extends UserState {
  roleName?: string;
  roleArn?: string;
  /** The AWS managed policies attached to the role so far. */
  attached?: string[];
  boundarySet?: boolean;
  /** Sessions of the role: without a session policy, with an inline one, with a managed one. */
  fullSession?: Session;
  inlineSession?: Session;
  managedSession?: Session;
}

const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const IAM_READ = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

/** The buckets' names, for an allowed ListBuckets. */
const names = (b?: { Name?: string }[]) => b?.map((x) => x.Name);

export default defineLesson<SessionPoliciesState>({
  slug: 'session-policies',
  title: 'Session policies and permission boundaries',
  summary: 'Give a session less than its role: inline and managed session policies, a permissions boundary on the role, and the intersection shown call by call.',
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
          ctx.log(`Role ${state.roleName} already exists; using it.`);
          return { RoleName: state.roleName, Arn: state.roleArn };
        }
        const iam = new IAMClient(aws.config());
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
              Description: 'STS workshop: broad reads, narrowed per session',
              Path: ctx.ownership.path,
              Tags: ctx.ownership.tags,
            }),
          );
        // Recorded first; retried while IAM cannot resolve the new user.
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
        return { RoleName, Arn: Role!.Arn };
      },
      // #endregion
    },
    {
      id: 'attach-broad-policies',
      title: 'Let the role read S3 and IAM',
      phase: 'setup',
      requires: ['create-role'],
      // #region attach-broad-policies
      async run(ctx) {
        const { aws, state } = ctx;
        const iam = new IAMClient(aws.config());
        const RoleName = state.roleName;
        state.attached ??= [];
        // S3_READ and IAM_READ: AmazonS3ReadOnlyAccess, IAMReadOnlyAccess.
        for (const PolicyArn of [S3_READ, IAM_READ]) {
          if (state.attached.includes(PolicyArn)) continue;
          await tracked(
            ctx,
            {
              kind: 'attachment',
              name: PolicyArn,
              parent: RoleName,
              parentKind: 'role',
            },
            () =>
              iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
          );
          state.attached.push(PolicyArn);
        }
        return { RoleName, AttachedPolicies: state.attached };
      },
      // #endregion
    },
    {
      id: 'full-session',
      title: 'A session with all of the role: read S3 and IAM',
      phase: 'usage',
      requires: ['create-access-key', 'attach-broad-policies'],
      // #region full-session
      async run(ctx) {
        const { aws, state } = ctx;
        // No session policy: the session may do what the role may do.
        // Signed with the user's key. A new role or attachment can be refused
        // for a few seconds: AccessDenied is retried, with backoff, bounded.
        const sts = new STSClient(aws.config(state.userKey));
        const assume = new AssumeRoleCommand({
          RoleArn: state.roleArn,
          RoleSessionName: ctx.name('full'),
        });
        const { Credentials: c, AssumedRoleUser, PackedPolicySize } =
          await untilPropagated(ctx, 'AssumeRole', () => sts.send(assume), {
            retryOn: ['AccessDenied'],
          });
        state.fullSession = {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: ctx.secret(c!.SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(c!.SessionToken!, 'SessionToken'),
          expiration: c!.Expiration!,
        };
        ctx.credentials.hold(state.fullSession, {
          label: 'Full session',
          principal: AssumedRoleUser!.Arn!,
        });

        // Both calls are allowed; new attachments may take seconds to apply.
        const retry = { retryOn: ['AccessDenied'] };
        const s3 = new S3Client(aws.config(state.fullSession));
        const list = new ListBucketsCommand({});
        const { Buckets } = await untilPropagated(ctx, 'ListBuckets',
          () => s3.send(list), retry);
        const iam = new IAMClient(aws.config(state.fullSession));
        const get = new GetRoleCommand({ RoleName: state.roleName });
        const { Role } = await untilPropagated(ctx, 'GetRole',
          () => iam.send(get), retry);
        const GetRole = Role!.Arn;
        return { Buckets: names(Buckets), GetRole, PackedPolicySize };
      },
      // #endregion
    },
    {
      id: 'inline-session',
      title: 'A session narrowed by an inline session policy',
      phase: 'usage',
      requires: ['full-session'],
      // #region inline-session
      async run(ctx) {
        const { aws, state } = ctx;
        // Allows listing buckets, and creating one: more than the role has.
        const sessionPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:ListAllMyBuckets', 's3:CreateBucket'],
              Resource: '*',
            },
          ],
        };
        // Signed with the user's key. A new role or attachment can be refused
        // for a few seconds: AccessDenied is retried, with backoff, bounded.
        const sts = new STSClient(aws.config(state.userKey));
        const assume = new AssumeRoleCommand({
          RoleArn: state.roleArn,
          RoleSessionName: ctx.name('inline'),
          Policy: JSON.stringify(sessionPolicy),
        });
        const { Credentials: c, AssumedRoleUser, PackedPolicySize } =
          await untilPropagated(ctx, 'AssumeRole', () => sts.send(assume), {
            retryOn: ['AccessDenied'],
          });
        state.inlineSession = {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: ctx.secret(c!.SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(c!.SessionToken!, 'SessionToken'),
          expiration: c!.Expiration!,
        };
        ctx.credentials.hold(state.inlineSession, {
          label: 'Inline session policy',
          principal: AssumedRoleUser!.Arn!,
        });
        // Allowed by the role AND by the session policy.
        const s3 = new S3Client(aws.config(state.inlineSession));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: names(Buckets), PackedPolicySize };
      },
      // #endregion
    },
    {
      id: 'inline-session-reads-iam',
      title: 'The inline-policy session reads IAM',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['inline-session'],
      // #region inline-session-reads-iam
      async run({ aws, state }) {
        // The role allows iam:GetRole; the session policy does not.
        const iam = new IAMClient(aws.config(state.inlineSession));
        const { Role } = await iam.send(
          new GetRoleCommand({ RoleName: state.roleName }),
        );
        return { Arn: Role?.Arn };
      },
      // #endregion
    },
    {
      id: 'inline-session-creates-bucket',
      title: 'The inline-policy session creates a bucket',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['inline-session'],
      // #region inline-session-creates-bucket
      async run({ aws, state, name }) {
        // The session policy allows s3:CreateBucket; the role does not.
        const s3 = new S3Client(aws.config(state.inlineSession));
        const Bucket = name('bucket');
        const CreateBucketConfiguration =
          aws.region === 'us-east-1'
            ? undefined
            : { LocationConstraint: aws.region as BucketLocationConstraint };
        await s3.send(
          new CreateBucketCommand({ Bucket, CreateBucketConfiguration }),
        );
        // Reached only if the session could write after all: undo it.
        await new S3Client(aws.config()).send(
          new DeleteBucketCommand({ Bucket }),
        );
        return { Bucket };
      },
      // #endregion
    },
    {
      id: 'managed-session',
      title: 'A session narrowed by a managed session policy',
      phase: 'usage',
      requires: ['full-session'],
      // #region managed-session
      async run(ctx) {
        const { aws, state } = ctx;
        // Up to 10 managed policies, by ARN: IAM_READ is IAMReadOnlyAccess.
        // Signed with the user's key. A new role or attachment can be refused
        // for a few seconds: AccessDenied is retried, with backoff, bounded.
        const sts = new STSClient(aws.config(state.userKey));
        const assume = new AssumeRoleCommand({
          RoleArn: state.roleArn,
          RoleSessionName: ctx.name('managed'),
          PolicyArns: [{ arn: IAM_READ }],
        });
        const { Credentials: c, AssumedRoleUser, PackedPolicySize } =
          await untilPropagated(ctx, 'AssumeRole', () => sts.send(assume), {
            retryOn: ['AccessDenied'],
          });
        state.managedSession = {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: ctx.secret(c!.SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(c!.SessionToken!, 'SessionToken'),
          expiration: c!.Expiration!,
        };
        ctx.credentials.hold(state.managedSession, {
          label: 'Managed session policy',
          principal: AssumedRoleUser!.Arn!,
        });
        const iam = new IAMClient(aws.config(state.managedSession));
        const { Role } = await iam.send(
          new GetRoleCommand({ RoleName: state.roleName }),
        );
        return { GetRole: Role!.Arn, PackedPolicySize };
      },
      // #endregion
    },
    {
      id: 'managed-session-lists-buckets',
      title: 'The managed-policy session lists buckets',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['managed-session'],
      // #region managed-session-lists-buckets
      async run({ aws, state }) {
        // The role allows s3:ListAllMyBuckets; IAMReadOnlyAccess does not.
        const s3 = new S3Client(aws.config(state.managedSession));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: names(Buckets) };
      },
      // #endregion
    },
    {
      id: 'set-boundary',
      title: 'Put a permissions boundary on the role',
      phase: 'usage',
      requires: ['full-session'],
      // #region set-boundary
      async run(ctx) {
        const { aws, state } = ctx;
        const RoleName = state.roleName;
        // The boundary: the most the role's permissions may ever grant.
        const admin = new IAMClient(aws.config());
        await admin.send(
          new PutRolePermissionsBoundaryCommand({
            RoleName,
            PermissionsBoundary: S3_READ,
          }),
        );
        state.boundarySet = true;

        // Sessions are evaluated on every request, so the full session that
        // already exists loses IAM. Wait (a minute at most) until it does.
        const asSession = new IAMClient(aws.config(state.fullSession));
        for (let waited = 0; ; waited += 2) {
          try {
            await asSession.send(new GetRoleCommand({ RoleName }));
          } catch (error) {
            if ((error as Error).name === 'AccessDenied') break;
            throw error;
          }
          if (waited >= 60) throw new Error('The boundary is not in force yet');
          ctx.progress(`Waiting for the boundary, ${waited} s`, waited, 60);
          await ctx.sleep(2000);
        }
        return { RoleName, PermissionsBoundary: S3_READ };
      },
      // #endregion
    },
    {
      id: 'boundary-blocks-iam',
      title: 'The full session reads IAM again',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['set-boundary'],
      // #region boundary-blocks-iam
      async run({ aws, state }) {
        // IAMReadOnlyAccess is still attached; the boundary leaves IAM out.
        const iam = new IAMClient(aws.config(state.fullSession));
        const { Role } = await iam.send(
          new GetRoleCommand({ RoleName: state.roleName }),
        );
        return { Arn: Role?.Arn };
      },
      // #endregion
    },
    {
      id: 'boundary-keeps-s3',
      title: 'The full session still lists buckets',
      phase: 'usage',
      requires: ['set-boundary'],
      // #region boundary-keeps-s3
      async run({ aws, state }) {
        // Allowed by the role's policies and by the boundary.
        const s3 = new S3Client(aws.config(state.fullSession));
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: names(Buckets) };
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
        const iam = new IAMClient(aws.config());
        // Detaches both AWS managed policies (never deletes them), then
        // DeleteRole; the boundary is a setting of the role and goes with it.
        await deleteRole(iam, ledger, state.roleName);
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = undefined;
        state.attached = undefined;
        state.boundarySet = false;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user and its key',
      phase: 'teardown',
      // #region delete-user
      async run({ aws, state, ledger, log }) {
        if (!state.userName) {
          log('Nothing to delete: this run has no user (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        await deleteUser(iam, ledger, state.userName);
        const deleted = [state.userArn!];
        state.userName = state.userArn = state.userKey = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});

