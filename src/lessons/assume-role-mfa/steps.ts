/**
 * Lesson "Assume a role that requires MFA" (upstream scenario A, assume_role_mfa.py). Setup:
 * a user with no permissions, a virtual MFA device (registered with the page's built-in
 * authenticator) enabled with two consecutive codes, an access key, a role whose trust policy
 * admits the user only with MFA (A1), a customer managed policy allowing s3:ListAllMyBuckets
 * attached to the role (A2), and the user's inline policy allowing sts:AssumeRole on the role
 * (A3). Usage: AssumeRole without MFA (denied), with a wrong code (denied), with a good code,
 * then ListBuckets as the role. Teardown: the role and its policy, then the user with its key,
 * MFA device and inline policy. The user, device, enable and access-key steps are shared with
 * session-token-mfa (../shared/user-setup.ts; assume-role uses its user and access-key
 * steps too). Each step's body between the region markers, here or in the shared module, is
 * what the page shows.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutUserPolicyCommand,
  waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { notTheCurrentCode, retryWithFreshCode } from '../shared/mfa-setup.ts';
import { mfaUserSetup, type MfaUserState } from '../shared/user-setup.ts';
import { untilPropagated } from '../shared/propagation.ts';
import {
  deleteMfaDevice,
  deletePolicy,
  deleteRole,
  deleteUser,
} from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

/** The shared setup's user, device and key (MfaUserState), then the role and its policies. */
interface AssumeRoleMfaState extends MfaUserState {
  roleName?: string;
  roleArn?: string;
  policyName?: string;
  policyArn?: string;
  userPolicyName?: string;
  /** The role session's temporary credentials (memory only). */
  roleCredentials?: AwsCredentialIdentity;
}

export default defineLesson<AssumeRoleMfaState>({
  slug: 'assume-role-mfa',
  title: 'Assume a role that requires MFA',
  summary:
    'A role whose trust policy admits the user only with a one-time code from a virtual MFA device.',
  steps: [
    ...mfaUserSetup(),
    {
      id: 'create-role',
      title: 'Create a role that trusts the user only with MFA',
      phase: 'setup',
      requires: ['create-user'],
      // #region create-role
      async run(ctx) {
        const { aws, state, ownership } = ctx;
        if (state.roleArn) {
          ctx.log(
            `Role ${state.roleName} already exists from an earlier run ` +
              'of this step; using it.',
          );
          return { RoleName: state.roleName, Arn: state.roleArn };
        }

        // Trust: this user may assume the role, only when the request was
        // authenticated with MFA.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: state.userArn },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
            },
          ],
        };

        const iam = new IAMClient(aws.config());
        const roleName = ctx.name('role');
        // IAM may not resolve a user created seconds ago as a principal yet
        // (MalformedPolicyDocument "Invalid principal in policy"): retry until it does.
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: roleName },
          () =>
            untilPropagated(
              ctx,
              'CreateRole',
              () =>
                iam.send(
                  new CreateRoleCommand({
                    RoleName: roleName,
                    Path: ownership.path,
                    AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                    Tags: ownership.tags,
                  }),
                ),
              { retryOn: ['MalformedPolicyDocumentException'], maxSeconds: 60 },
            ),
          (created) => created.Role?.Arn,
        );
        await waitUntilRoleExists(
          { client: iam, maxWaitTime: 60 },
          { RoleName: roleName },
        );

        state.roleName = roleName;
        state.roleArn = Role!.Arn;
        return { RoleName: roleName, Arn: Role!.Arn, TrustPolicy: trustPolicy };
      },
      // #endregion
    },
    {
      id: 'create-role-policy',
      title: 'Let the role list buckets',
      phase: 'setup',
      requires: ['create-role'],
      // #region create-role-policy
      async run(ctx) {
        const { aws, state, ownership } = ctx;
        if (state.policyArn) {
          ctx.log(
            `Policy ${state.policyName} already exists and is attached from an ` +
              'earlier run of this step; using it.',
          );
          return {
            PolicyName: state.policyName,
            Arn: state.policyArn,
            AttachedTo: state.roleName,
          };
        }

        // A customer managed policy: what the role's sessions may do.
        const permissions = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:ListAllMyBuckets',
              Resource: 'arn:aws:s3:::*',
            },
          ],
        };

        const iam = new IAMClient(aws.config());
        const policyName = ctx.name('policy');
        const { Policy } = await tracked(
          ctx,
          { kind: 'policy', name: policyName },
          () =>
            iam.send(
              new CreatePolicyCommand({
                PolicyName: policyName,
                Path: ownership.path,
                PolicyDocument: JSON.stringify(permissions),
                Tags: ownership.tags,
              }),
            ),
          (created) => created.Policy?.Arn,
        );
        await tracked(
          ctx,
          {
            kind: 'attachment',
            name: Policy!.Arn!,
            parent: state.roleName,
            parentKind: 'role',
          },
          () =>
            iam.send(
              new AttachRolePolicyCommand({
                RoleName: state.roleName,
                PolicyArn: Policy!.Arn,
              }),
            ),
        );

        state.policyName = policyName;
        state.policyArn = Policy!.Arn;
        return {
          PolicyName: policyName,
          Arn: Policy!.Arn,
          AttachedTo: state.roleName,
          Policy: permissions,
        };
      },
      // #endregion
    },
    {
      id: 'allow-user-to-assume',
      title: 'Allow the user to assume this one role',
      phase: 'setup',
      requires: ['create-user', 'create-role'],
      // #region allow-user-to-assume
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

        // The user's own side of the deal: permission to ask STS for this role.
        const permissions = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: state.roleArn },
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
      id: 'assume-role-without-mfa',
      title: 'Assume the role without MFA',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['create-access-key', 'allow-user-to-assume'],
      // #region assume-role-without-mfa
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the user's long-term key; no SerialNumber, no TokenCode.
        const sts = new STSClient(aws.config(state.userKey));
        try {
          await sts.send(
            new AssumeRoleCommand({
              RoleArn: state.roleArn,
              RoleSessionName: 'without-mfa',
            }),
          );
        } catch (error) {
          if ((error as Error).name === 'AccessDenied') {
            ctx.log(
              'Denied: the trust policy admits this user only when ' +
                'aws:MultiFactorAuthPresent is true, and a request signed with a ' +
                'long-term access key carries no MFA information at all.',
            );
          }
          throw error;
        }
      },
      // #endregion
    },
    {
      id: 'assume-role-wrong-code',
      title: 'Assume the role with a wrong code',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['enable-mfa-device', 'create-access-key', 'allow-user-to-assume'],
      // #region assume-role-wrong-code
      async run(ctx) {
        const { aws, state, authenticator } = ctx;
        // Six digits that are certainly not the device's code right now.
        const codes = authenticator.codes();
        const wrongCode = notTheCurrentCode(codes?.code ?? '000000', codes?.nextCode);

        const sts = new STSClient(aws.config(state.userKey));
        await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.roleArn,
            RoleSessionName: 'wrong-code',
            SerialNumber: state.serialNumber,
            TokenCode: wrongCode,
          }),
        );
      },
      // #endregion
    },
    {
      id: 'assume-role-with-mfa',
      title: 'Assume the role with an MFA code',
      phase: 'usage',
      requires: [
        'enable-mfa-device',
        'create-access-key',
        'create-role-policy',
        'allow-user-to-assume',
      ],
      inputs: [
        {
          name: 'code',
          label: 'MFA code',
          kind: 'mfa-code',
          pattern: '\\d{6}',
          help: 'A code the device has not given before.',
        },
      ],
      // #region assume-role-with-mfa
      async run(ctx) {
        const { aws, state, inputs } = ctx;
        const sts = new STSClient(aws.config(state.userKey));
        const assumeRole = (tokenCode: string) =>
          sts.send(
            new AssumeRoleCommand({
              RoleArn: state.roleArn,
              RoleSessionName: 'with-mfa',
              SerialNumber: state.serialNumber,
              TokenCode: tokenCode,
              DurationSeconds: 900, // the minimum: they cannot be revoked
            }),
          );

        // A new trust policy may take seconds to reach STS. Each code works once,
        // so a retry needs a fresh code: the built-in authenticator supplies it
        // (a code typed by a person can be sent only once).
        const { Credentials, AssumedRoleUser } = await retryWithFreshCode(
          ctx,
          'AssumeRole with MFA',
          inputs.code,
          assumeRole,
        );

        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          Credentials!;

        // All three parts sign requests; the secret two stay on the server.
        state.roleCredentials = {
          accessKeyId: AccessKeyId!,
          secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(SessionToken!, 'SessionToken'),
          expiration: Expiration,
        };
        // The credentials panel shows whose they are, and counts down to the expiry.
        ctx.credentials.hold(state.roleCredentials, {
          label: 'Role session (with MFA)',
          principal: AssumedRoleUser!.Arn!,
        });
        return { AssumedRoleUser: AssumedRoleUser!.Arn, AccessKeyId, Expiration };
      },
      // #endregion
    },
    {
      id: 'list-buckets-as-role',
      title: 'List buckets with the role session',
      phase: 'usage',
      requires: ['assume-role-with-mfa'],
      // #region list-buckets-as-role
      async run(ctx) {
        const { aws, state } = ctx;
        const s3 = new S3Client(aws.config(state.roleCredentials));
        // The attached policy may take a moment to apply to a brand-new role.
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
      id: 'delete-role',
      title: 'Delete the role and its policy',
      phase: 'teardown',
      // #region delete-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (!state.roleName && !state.policyArn) {
          ctx.log(
            'Nothing to delete: this run has no role (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        const iam = new IAMClient(aws.config());
        const deleted: string[] = [];
        // Detach the policy and delete the role, then the policy, which nothing
        // uses any more. Whatever is already gone (NoSuchEntity) is skipped.
        if (state.roleName) {
          await deleteRole(iam, ctx.ledger, state.roleName);
          deleted.push(state.roleArn!);
        }
        if (state.policyArn) {
          await deletePolicy(iam, ctx.ledger, state.policyArn, state.policyName);
          deleted.push(state.policyArn);
        }
        ctx.log(
          'Sessions of this role cannot be revoked one by one: their ' +
            'credentials stay valid until they expire. Each request they make ' +
            "is checked against the role's policies, and a deleted role grants " +
            'nothing: only calls that need no permission, such as ' +
            'GetCallerIdentity, still work. To cut off the sessions of a role ' +
            'you keep, use "Revoke active sessions" (a deny on ' +
            'aws:TokenIssueTime).',
        );
        // Forget what no longer exists.
        for (const key of [
          'roleName',
          'roleArn',
          'policyName',
          'policyArn',
          'roleCredentials',
        ] as const) {
          delete state[key];
        }
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user, its key, MFA device and policy',
      phase: 'teardown',
      // No order between the teardown steps: each deletes what this run
      // created, whichever runs first; IAM lets a user go before the role
      // that trusts it. The lesson starts over once nothing it made is left.
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
        // Forget what no longer exists (the role, if any, is still known).
        for (const key of [
          'userName',
          'userArn',
          'userKey',
          'serialNumber',
          'mfaEnabled',
          'userPolicyName',
        ] as const) {
          delete state[key];
        }
        return {
          deleted,
          note: "The user's access keys and inline policies, if any, went with it.",
        };
      },
      // #endregion
    },
  ],
});
