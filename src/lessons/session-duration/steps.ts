/**
 * Lesson "Session duration and role chaining": a role whose MaxSessionDuration is two hours,
 * assumed by a user for two hours; DurationSeconds above the role's maximum and below the
 * 15-minute floor refused with STS's ValidationError; a second role trusting the first, assumed
 * from the first role's session (role chaining) for one hour and refused for two; and what
 * GetCallerIdentity answers at each hop. The user and access-key steps are shared
 * (../shared/user-setup.ts). Credentials live in the lesson state (server memory) only; steps
 * return key ids, ARNs and expirations, never a secret. Each step's body between the region
 * markers is what the page shows, so the bodies are kept narrow.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';
import { createAccessKeyStep, createUserStep, type UserState } from '../shared/user-setup.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface SessionDurationState extends UserState {
  /** The first role: trusts the user, sessions of up to two hours. */
  roleName?: string;
  roleArn?: string;
  /** The second role: trusts the first role, sessions of up to 12 hours (on paper). */
  chainRoleName?: string;
  chainRoleArn?: string;
  /** The user's session of the first role, then that session's session of the second. */
  firstHop?: Session;
  secondHop?: Session;
}

const minutesLeft = (now: Date, expiration: Date) =>
  Math.round((expiration.getTime() - now.getTime()) / 60_000);

export default defineLesson<SessionDurationState>({
  slug: 'session-duration',
  title: 'Session duration and role chaining',
  summary: 'How long a role session may last: MaxSessionDuration, the limits of DurationSeconds, and the one-hour cap when a role session assumes another role.',
  steps: [
    createUserStep,
    createAccessKeyStep,
    {
      id: 'create-role',
      title: 'Create a role whose sessions may last two hours',
      phase: 'setup',
      requires: ['create-user'],
      // #region create-role
      async run(ctx) {
        const { state } = ctx;
        if (state.roleArn) {
          ctx.log(`Role ${state.roleName} already exists; using it.`);
          return { RoleName: state.roleName, Arn: state.roleArn };
        }
        const iam = new IAMClient(ctx.aws.config());
        const RoleName = ctx.name('role');
        // Trusts the user, by ARN: enough on its own within one account.
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
              MaxSessionDuration: 7200, // 2 h; 3600 (the default) to 43200
              Description: 'STS workshop: sessions of up to two hours',
              Path: ctx.ownership.path,
              Tags: ctx.ownership.tags,
            }),
          );
        // Recorded in the ledger first; retried while IAM cannot resolve
        // the trusted principal yet (MalformedPolicyDocument).
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
        return {
          RoleName,
          Arn: Role!.Arn,
          MaxSessionDuration: 7200,
        };
      },
      // #endregion
    },
    {
      id: 'create-chain-role',
      title: 'Create a second role that trusts the first',
      phase: 'setup',
      requires: ['create-role'],
      // #region create-chain-role
      async run(ctx) {
        const { state } = ctx;
        if (state.chainRoleArn) {
          ctx.log(`Role ${state.chainRoleName} already exists; using it.`);
          return { RoleName: state.chainRoleName, Arn: state.chainRoleArn };
        }
        const iam = new IAMClient(ctx.aws.config());
        const RoleName = ctx.name('chain-role');
        // Trusts the first role: any session of it may assume this one.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: state.roleArn },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const createRole = () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              MaxSessionDuration: 43200, // 12 hours, the highest there is
              Description: 'STS workshop: assumed from a role session',
              Path: ctx.ownership.path,
              Tags: ctx.ownership.tags,
            }),
          );
        // Recorded in the ledger first; retried while IAM cannot resolve
        // the trusted principal yet (MalformedPolicyDocument).
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
        state.chainRoleName = RoleName;
        state.chainRoleArn = Role!.Arn;
        return {
          RoleName,
          Arn: Role!.Arn,
          MaxSessionDuration: 43200,
        };
      },
      // #endregion
    },
    {
      id: 'assume-two-hours',
      title: 'Assume the role for two hours',
      phase: 'usage',
      requires: ['create-access-key', 'create-role'],
      // #region assume-two-hours
      async run(ctx) {
        const { aws, state } = ctx;
        const sts = new STSClient(aws.config(state.userKey));
        const assume = () =>
          sts.send(
            new AssumeRoleCommand({
              RoleArn: state.roleArn,
              RoleSessionName: ctx.name('first-hop'),
              DurationSeconds: 7200, // exactly the role's maximum
            }),
          );
        // A new role can be refused for a few seconds: retry AccessDenied.
        const { Credentials, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          assume,
          { retryOn: ['AccessDenied'] },
        );
        // All three parts sign requests; the secret two stay on the server.
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;
        state.firstHop = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration!,
        };
        ctx.credentials.hold(state.firstHop, {
          label: 'First hop (two hours)',
          principal: AssumedRoleUser!.Arn!,
        });
        return {
          AccessKeyId,
          Expiration,
          MinutesLeft: minutesLeft(ctx.now(), Expiration!),
          Arn: AssumedRoleUser!.Arn,
        };
      },
      // #endregion
    },
    {
      id: 'too-long',
      title: 'Ask for three hours',
      phase: 'usage',
      expect: { error: 'ValidationError' },
      requires: ['assume-two-hours'],
      // #region too-long
      async run({ aws, state, name }) {
        // The same call, asking for more than the role's MaxSessionDuration.
        const sts = new STSClient(aws.config(state.userKey));
        const { Credentials } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.roleArn,
            RoleSessionName: name('too-long'),
            DurationSeconds: 10800, // three hours; the role allows two
          }),
        );
        return { Expiration: Credentials?.Expiration };
      },
      // #endregion
    },
    {
      id: 'too-short',
      title: 'Ask for ten minutes',
      phase: 'usage',
      expect: { error: 'ValidationError' },
      requires: ['create-access-key', 'create-role'],
      // #region too-short
      async run({ aws, state, name }) {
        // 900 seconds is the floor for every role, whatever it allows.
        const sts = new STSClient(aws.config(state.userKey));
        const { Credentials } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.roleArn,
            RoleSessionName: name('too-short'),
            DurationSeconds: 600, // ten minutes
          }),
        );
        return { Expiration: Credentials?.Expiration };
      },
      // #endregion
    },
    {
      id: 'chain-one-hour',
      title: 'From the session, assume the second role for one hour',
      phase: 'usage',
      requires: ['assume-two-hours', 'create-chain-role'],
      // #region chain-one-hour
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the first hop's temporary credentials: role chaining.
        const sts = new STSClient(aws.config(state.firstHop));
        const assume = () =>
          sts.send(
            new AssumeRoleCommand({
              RoleArn: state.chainRoleArn,
              RoleSessionName: ctx.name('second-hop'),
              DurationSeconds: 3600, // the most a chained session gets
            }),
          );
        const { Credentials, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          assume,
          { retryOn: ['AccessDenied'] },
        );
        // All three parts sign requests; the secret two stay on the server.
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;
        state.secondHop = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration!,
        };
        ctx.credentials.hold(state.secondHop, {
          label: 'Second hop (chained, one hour)',
          principal: AssumedRoleUser!.Arn!,
        });
        return {
          AccessKeyId,
          Expiration,
          MinutesLeft: minutesLeft(ctx.now(), Expiration!),
          FirstHopExpiration: state.firstHop!.expiration,
          Arn: AssumedRoleUser!.Arn,
        };
      },
      // #endregion
    },
    {
      id: 'chain-two-hours',
      title: 'Ask the chained session for two hours',
      phase: 'usage',
      expect: { error: 'ValidationError' },
      requires: ['chain-one-hour'],
      // #region chain-two-hours
      async run({ aws, state, name }) {
        // The second role allows 12 hours, but the caller is a role session.
        const sts = new STSClient(aws.config(state.firstHop));
        const { Credentials } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.chainRoleArn,
            RoleSessionName: name('chain-too-long'),
            DurationSeconds: 7200,
          }),
        );
        return { Expiration: Credentials?.Expiration };
      },
      // #endregion
    },
    {
      id: 'caller-at-each-hop',
      title: 'Ask STS who is calling, at each hop',
      phase: 'usage',
      requires: ['chain-one-hour'],
      // #region caller-at-each-hop
      async run({ aws, state }) {
        // GetCallerIdentity needs no permission: it always answers.
        const whoIs = async (credentials?: AwsCredentialIdentity) => {
          const sts = new STSClient(aws.config(credentials));
          const { Arn, UserId } = await sts.send(
            new GetCallerIdentityCommand({}),
          );
          return { Arn, UserId };
        };
        return {
          user: await whoIs(state.userKey),
          firstHop: await whoIs(state.firstHop),
          secondHop: await whoIs(state.secondHop),
          // Nothing in the second hop's answer names the user or the first
          // role: each hop only knows the one before it signed the request.
        };
      },
      // #endregion
    },
    {
      id: 'delete-roles',
      title: 'Delete both roles',
      phase: 'teardown',
      // #region delete-roles
      async run({ aws, state, ledger, log }) {
        const names = [state.chainRoleName, state.roleName].filter(Boolean);
        if (names.length === 0) {
          log('Nothing to delete: this run has no role (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        // Neither role has policies; deleteRole would remove them first.
        const deleted = [state.chainRoleArn, state.roleArn].filter(Boolean);
        for (const name of names) await deleteRole(iam, ledger, name!);
        state.chainRoleName = state.chainRoleArn = undefined;
        state.roleName = state.roleArn = undefined;
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
        // Its access keys first, then the user (IAM's order).
        await deleteUser(iam, ledger, state.userName);
        const deleted = [state.userArn!];
        state.userName = state.userArn = state.userKey = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});
